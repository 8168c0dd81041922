from django import template

from findability.metadata import for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """{% page_metadata as meta %}: the page's PageMetadata, or None where it has none."""
    request = context.get("request")
    return for_page(request, context) if request is not None else None

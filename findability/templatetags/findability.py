from django import template

from findability.metadata import for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """{% page_metadata as meta %}: the page's PageMetadata, or None where it has none. Kept in
    the page's stored fragment where it has one (publishing.fragments): built from the same
    objects as its body."""
    request = context.get("request")
    if request is None:
        return None
    fragment = context.get("page_fragment")
    if fragment is not None and fragment.has("meta"):
        return fragment.get("meta")
    meta = for_page(request, context)
    return fragment.keep("meta", meta) if fragment is not None else meta

"""Links from editors' content are shown only when they are web addresses."""

from django import template

from publishing.text import is_web_url

register = template.Library()


@register.filter
def web_url(value):
    """The address if it is http(s), else "" (so {% if %} around the link hides it)."""
    return value if value and is_web_url(str(value)) else ""

"""Links to other sites, rendered only when they are web addresses."""

from urllib.parse import urlsplit

from django import template

register = template.Library()

WEB_SCHEMES = {"http", "https"}


@register.filter
def web_url(value):
    """`value` when it is an http(s) address with a host, else "". URL fields are validated on
    save in the admin, but imports and seed loads write them directly: a `javascript:` or
    `data:` value must never become a live link."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return ""
    return value

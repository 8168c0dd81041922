"""Small helpers for the publishing templates (the staff banner)."""

from django import template

register = template.Library()


@register.filter
def verbose_name(obj):
    """The model's name of an object, in the active language ("law", "法律")."""
    return obj._meta.verbose_name

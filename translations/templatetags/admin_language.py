"""Admin output that Django writes in English whatever the language (Django 5.2): the alt text
of the yes/no icons ("True", "False", "None") in change lists."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

BOOLEAN_ALT = re.compile(
    r'(<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg[^"]*" alt=")(True|False|None)(")'
)


@register.filter
def boolean_alt(html):
    """The yes/no icon's alt text in the admin's language (是 / 否 / 未知)."""
    names = {"True": gettext("Yes"), "False": gettext("No"), "None": gettext("Unknown")}
    return mark_safe(BOOLEAN_ALT.sub(lambda m: f"{m[1]}{names[m[2]]}{m[3]}", str(html)))  # noqa: S308 - Django's own escaped cell, only an alt text replaced

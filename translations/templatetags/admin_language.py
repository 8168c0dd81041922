"""Admin output that Django writes in English whatever the language (Django 5.2): the alt text
of the yes/no icons ("True", "False", "None") in change lists; and the language of a change
list's cells that show one language's column."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .. import registry

register = template.Library()

BOOLEAN_ALT = re.compile(
    r'(<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg[^"]*" alt=")(True|False|None)(")'
)


@register.filter
def boolean_alt(html):
    """The yes/no icon's alt text in the admin's language (是 / 否 / 未知)."""
    names = {"True": gettext("Yes"), "False": gettext("No"), "None": gettext("Unknown")}
    return mark_safe(BOOLEAN_ALT.sub(lambda m: f"{m[1]}{names[m[2]]}{m[3]}", str(html)))  # noqa: S308 - Django's own escaped cell, only an alt text replaced


CELL = re.compile(r'^(<t[dh]) class="field-([\w]+)"')


@register.filter
def column_language(html, opts):
    """A cell of a per-language column (name_en) says its language (WCAG 3.1.2): the Chinese
    names in the English admin are read as Chinese. `opts`: the list's model's _meta (a
    template would call the model class itself)."""
    model = opts.model
    match = CELL.match(str(html))
    columns = registry.all_columns(model) if registry.is_translated(model) else {}
    column = columns.get(match[2]) if match else None
    if column is None:
        return html
    rest = str(html)[len(match[1]) :]
    return mark_safe(f'{match[1]} lang="{column[1]}"{rest}')  # noqa: S308 - Django's own escaped cell, a code from the registry added

"""Who may do what in a content kind's admin: the one permission policy the admin base holds
(translations.contentadmin) and asks, instead of working it out in each hook.

An editor (or superuser) has no limits. A translator changes only the columns of their
languages, and may not add, delete, publish, revert, bulk-edit or run list actions.

What depends only on the registry and the languages settings (which column is in which
language, and so which fields of a kind each set of languages may change) is worked out once
per process, when first asked (after the apps are ready: modeltranslation's registry is
complete then), and shared by every request. Per request there is only the user's role and
languages (their groups and translator profile, read from the database: a change to them holds
from the user's next request), kept here keyed weakly by the request: nothing is stored on the
request itself, and an entry goes with its request.
"""

from dataclasses import dataclass
from functools import cache
from weakref import WeakKeyDictionary

from . import registry, roles


@cache
def _suffixes():
    """((column suffix, language), …) of every content language, the longest suffix first:
    ("_zh_hans", "zh-hans"), ("_en", "en")… Once per process."""
    pairs = [(registry.column("", language), language) for language in registry.languages()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def column_language(name):
    """The language of a form field named `<field>_<language suffix>`, or None."""
    for suffix, language in _suffixes():
        if name.endswith(suffix):
            return language
    return None


@cache
def editable_columns(model, languages):
    """The fields of `model` a translator of `languages` (a tuple) may change: its columns in
    those languages, never a key. Once per process for each kind and set of languages."""
    return frozenset(
        field.name
        for field in model._meta.get_fields()
        if column_language(field.name) in languages and field.name not in ("id", "pk")
    )


@dataclass(frozen=True)
class Limits:
    """What one user may change: `languages` None for no limits (an editor), else the target
    languages of a translator (possibly none)."""

    languages: tuple | None

    @property
    def limited(self):
        return self.languages is not None

    def may_edit(self, name):
        """May this user change the field or column `name` (a model's field, or a form field
        of no model: a point's per-card text)? A translator: only a column in their languages
        (never a key)."""
        if self.languages is None:
            return True
        language = column_language(name)
        return language is not None and language in self.languages and name not in ("id", "pk")

    def editable(self, model):
        """The fields of `model` this user may change (None: all), computed once per process
        (editable_columns)."""
        return None if self.languages is None else editable_columns(model, self.languages)


class RolePolicy:
    """The policy the content admins share (translations.adminparts holds one instance)."""

    def __init__(self):
        self._limits = WeakKeyDictionary()  # request → Limits

    def limits(self, request):
        """The user's limits, read once per request (their groups and profile); what those
        allow of each kind is per process (editable_columns)."""
        limits = self._limits.get(request)
        if limits is None:
            user = request.user
            languages = tuple(roles.user_languages(user)) if roles.is_translator(user) else None
            limits = self._limits[request] = Limits(languages)
        return limits

    def may_add(self, request):
        return not self.limits(request).limited

    def may_delete(self, request):
        return not self.limits(request).limited

    def may_publish(self, request):
        """Publish, unpublish, discard a draft, revert: editors only."""
        return not self.limits(request).limited

    def may_bulk_edit(self, request):
        """list_editable and list actions: editors only."""
        return not self.limits(request).limited

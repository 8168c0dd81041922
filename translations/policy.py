"""Who may do what in a content kind's admin: the one permission policy the admin base holds
(translations.contentadmin) and asks, instead of working it out in each hook.

An editor (or superuser) has no limits. A translator changes only the columns of their
languages, and may not add, delete, publish, revert, bulk-edit or run list actions.

The admin's hooks ask many times per page; what a request's user is allowed is worked out
once per request and kept here, keyed weakly by the request: nothing is stored on the request
itself, and an entry goes with its request.
"""

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from . import registry, roles


def column_language(name):
    """The language of a form field named `<field>_<language suffix>`, or None."""
    for language in (registry.SOURCE_LANGUAGE, *registry.target_languages()):
        if name.endswith(registry.column("", language)):  # "_en", "_zh_hans"
            return language
    return None


@dataclass(frozen=True)
class Limits:
    """What one user may change: `languages` None for no limits (an editor), else the target
    languages of a translator (possibly none)."""

    languages: tuple | None

    @property
    def limited(self):
        return self.languages is not None

    def may_edit(self, name):
        """May this user change the field or column `name`? A translator: only a column in
        their languages (never a key)."""
        if self.languages is None:
            return True
        language = column_language(name)
        return language is not None and language in self.languages and name not in ("id", "pk")


class RolePolicy:
    """The policy the content admins share (translations.adminparts holds one instance)."""

    def __init__(self):
        self._limits = WeakKeyDictionary()  # request → Limits

    def limits(self, request):
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

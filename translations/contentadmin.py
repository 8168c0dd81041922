"""The one base of every content kind's admin.

Being a content admin is how a kind gets the rules; nothing to opt into, so a kind whose admin
forgets something gets the safe default:

- ContentAdmin (any translated kind): the translators' limits, as the one permission policy
  the admin holds says (translations.policy.RolePolicy, asked by the hooks of
  translations.adminmixins): a translator changes only their languages' columns, a POST
  naming anything else is refused whole with a 403, and they get no add, delete, bulk-edit
  or list actions; guarded deletes
  (publishing.deletion); plain-text fields; safe query strings; language tabs for editors.
- PublishedContentAdmin (a Publishable kind): all of that, plus drafts of live objects,
  publish / unpublish / discard, history, revert and stale-form merging
  (publishing.admin.PublishingAdminMixin). Publishing is an editor's act: a translator's save
  of a live object is a draft that an editor reviews.

An app's admin subclasses one of them and declares only what is its own (columns, fieldsets,
inlines).
"""

from django.contrib.admin.utils import unquote
from modeltranslation.admin import TabbedTranslationAdmin

from publishing.admin import PublishingAdminMixin
from publishing.adminmixins import GuardedDeleteMixin, PlainTextFieldsMixin
from publishing.versioning import tree

from . import tracking
from .adminmixins import SafeQueryStringMixin, TranslationAdminMixin


class ContentAdmin(
    GuardedDeleteMixin,
    PlainTextFieldsMixin,
    SafeQueryStringMixin,
    TranslationAdminMixin,
    TabbedTranslationAdmin,
):
    """Admin of a translated content kind (see the module's docstring)."""


class PublishedContentAdmin(PublishingAdminMixin, ContentAdmin):
    """Admin of a translated, publishable content kind (see the module's docstring)."""

    def has_publish_permission(self, request, obj=None):
        """Publish, unpublish, discard a draft, revert: editors who may change the object;
        never a translator."""
        if not self.policy.may_publish(request):
            return False
        return self.has_change_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Bring the stored machine conversions up to date with their sources before the form
        is shown or its save compared with what is stored: a source written without sync()
        (QuerySet.update) would otherwise show a stale conversion that this save converts
        again, and an editor who changed nothing would get a draft of derived text only."""
        if object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                tracking.sync(tree(obj))
        return super().changeform_view(request, object_id, form_url, extra_context)

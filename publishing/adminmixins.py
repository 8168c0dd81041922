"""Admin mixins for public content: guarded deletes and plain-text form fields."""

from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from .deletion import deletion_blockers
from .text import PlainTextField, is_plain_text


class BlockedDeletion(list):
    """The admin's `protected` list when a deletion guard blocks: [reason, [links], …]. Our
    confirmation templates then say that the object cannot be deleted and why, instead of
    Django's "would require deleting the following protected related objects"."""

    blocked = True


class GuardedDeleteMixin:
    """ModelAdmin mixin: the delete page and the "delete selected" action refuse to delete
    what a deletion guard protects (publishing.deletion), naming what relies on it, with
    links to their admin pages. Once nothing blocks, Django's own checks and confirmation
    follow."""

    delete_confirmation_template = "admin/publishing/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/publishing/delete_selected_confirmation.html"

    def get_deleted_objects(self, objs, request):
        blocked = deletion_blockers(self.model, objs)
        if not blocked:
            return super().get_deleted_objects(objs, request)
        protected = BlockedDeletion()
        for reason, blockers in blocked:
            protected += [reason, [self._admin_link(request, obj) for obj in blockers]]
        return [], {}, set(), protected

    def _admin_link(self, request, obj):
        model = type(obj)
        if self.admin_site.is_registered(model):
            model_admin = self.admin_site.get_model_admin(model)
            if model_admin.has_view_or_change_permission(request, obj):
                opts = obj._meta
                name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change"
                try:
                    return format_html(
                        '<a href="{}">{}</a>', reverse(name, args=[quote(obj.pk)]), obj
                    )
                except NoReverseMatch:
                    pass
        return str(obj)


class PlainTextFieldsMixin:
    """ModelAdmin and inline mixin: text fields clean to, and compare by, normalised text
    (publishing.text), so resubmitting a textarea unchanged (with the CRLF line ends every
    browser sends) is not recorded as a change."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_plain_text(db_field):
            kwargs.setdefault("form_class", PlainTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

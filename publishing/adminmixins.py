"""Admin mixins for public content: guarded deletes and plain-text form fields."""

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

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
    follow. An inline row ticked for deletion that a guard protects is an error of its
    formset, naming the same: the form is shown again and nothing is saved."""

    def get_formsets_with_inlines(self, request, obj=None):
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            yield self._guarded_formset(request, formset_class), inline

    def _guarded_formset(self, request, formset_class):
        admin_ = self

        class GuardedFormSet(formset_class):
            def clean(self):
                super().clean()
                doomed = [
                    form.instance
                    for form in self.forms
                    if form.instance.pk is not None
                    and getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME)
                ]
                blocked = deletion_blockers(self.model, doomed) if doomed else []
                if blocked:
                    raise ValidationError(
                        [
                            format_html(
                                "{} {} {}",
                                _("Not deleted:"),
                                reason,
                                format_html_join(
                                    ", ",
                                    "{}",
                                    ((admin_._admin_link(request, b),) for b in blockers),
                                ),
                            )
                            for reason, blockers in blocked
                        ],
                        code="protected",
                    )

        GuardedFormSet.__name__ = formset_class.__name__
        return GuardedFormSet

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
        return admin_link(self.admin_site, request, obj)


def admin_link(admin_site, request, obj):
    """A link to the admin page of `obj` if the user may see it, else its name."""
    model = type(obj)
    if admin_site.is_registered(model):
        model_admin = admin_site.get_model_admin(model)
        if model_admin.has_view_or_change_permission(request, obj):
            opts = obj._meta
            name = f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change"
            try:
                return format_html('<a href="{}">{}</a>', reverse(name, args=[quote(obj.pk)]), obj)
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

"""Admin mixins for public content: guarded deletes and plain-text form fields."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import repair
from .deletion import deletion_blockers, repairable
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

    # --- delete and repair; recover deleted (publishing.repair) ---------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            ("<path:object_id>/delete/repair/", self.delete_repair_view, "delete_repair"),
            ("recover/", self.recoverlist_view, "recoverlist"),
            ("recover/<path:object_id>/", self.recover_view, "recover"),
        ]
        return [
            *(
                path(route, self.admin_site.admin_view(view), name=f"{prefix}_{name}")
                for route, view, name in views
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        opts = self.opts
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args
        )

    def may_recover(self, request):
        """Recover is an add and undoes a delete: editors who may do both (no translator)."""
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        allowed = obj is not None and self.has_delete_permission(request, obj)
        if allowed and repairable(self.model, [obj]):
            extra_context = {
                **(extra_context or {}),
                "repair_url": self._url("delete_repair", quote(obj.pk)),
            }
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if self.may_recover(request):
            extra_context = {**(extra_context or {}), "recover_url": self._url("recoverlist")}
        response = super().changelist_view(request, extra_context)
        names = getattr(response, "template_name", None)
        if isinstance(names, list) and "admin/change_list.html" in names:
            # The list page (not an action's page): Django's own lookup, with ours (its
            # "Recover deleted" link) instead of the default; an app's own extends ours.
            response.template_name = [
                "admin/publishing/change_list.html" if name == "admin/change_list.html" else name
                for name in names
            ]
        return response

    def delete_repair_view(self, request, object_id):
        """POST, confirmed: delete the object and cut the links that blocked it."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        delete_page = self._url("delete", quote(obj.pk))
        if request.method != "POST" or request.POST.get("confirm") != "yes":
            messages.error(request, _("Nothing was deleted: tick the confirmation first."))
            return HttpResponseRedirect(delete_page)
        if not repairable(self.model, [obj]):  # blocked otherwise since the page was shown
            return HttpResponseRedirect(delete_page)
        name = str(obj)
        self.log_deletions(request, self.model._base_manager.filter(pk=obj.pk))
        changed = repair.delete_and_repair(obj, user=request.user)
        messages.success(
            request,
            format_html(
                "{} {} {}",
                _("Deleted “%(object)s”; links cut:") % {"object": name},
                format_html_join(", ", "{}", ((self._admin_link(request, o),) for o in changed)),
                format_html('<a href="{}">{}</a>', self._url("recoverlist"), _("Recover deleted")),
            ),
        )
        return HttpResponseRedirect(self._url("changelist"))

    def recoverlist_view(self, request):
        if not self.may_recover(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Recover deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "versions": [
                (version, self._url("recover", quote(version.object_id)))
                for version in repair.deleted_versions(self.model)
            ],
        }
        return TemplateResponse(request, "admin/publishing/recover_list.html", context)

    def recover_view(self, request, object_id):
        if not self.may_recover(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(self._url("recoverlist"))
        try:
            obj, restored = repair.recover(self.model, unquote(object_id), user=request.user)
        except repair.Version.DoesNotExist as error:
            raise Http404 from error
        except (ValueError, repair.CannotRecover) as error:
            messages.error(
                request,
                _("Not recovered: %(error)s. Nothing was changed.") % {"error": error},
            )
            return HttpResponseRedirect(self._url("recoverlist"))
        self.log_change(request, obj, str(_("Recovered after deletion")))
        messages.success(
            request,
            format_html(
                "{} {}",
                _("Recovered “%(object)s”; links restored:") % {"object": obj},
                format_html_join(", ", "{}", ((self._admin_link(request, o),) for o in restored))
                or "—",
            ),
        )
        return HttpResponseRedirect(self._url("change", quote(obj.pk)))


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

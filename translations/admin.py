"""Admin for translators: the translation dashboard (with PO download and upload), the
glossary, and each user's target languages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import conversion, po, registry, roles, tracking, typography
from .adminparts import PART_OWNERS, as_id
from .models import (
    GlossaryTerm,
    Role,
    TranslationState,
    TranslatorProfile,
    permission_label,
    role_label,
)
from .status import build_report

# The dashboard lists this many fields that need work; the rest are counted.
WORK_LIST_LIMIT = 200
# An upload bigger than this is not a content catalogue (the whole seed exports ~120 kB).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "translations:pending-import"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("source", "target", "language", "note")
    list_filter = ("language",)
    search_fields = ("source", "target", "note")
    ordering = ("language", "source")


class TranslatorProfileInline(admin.StackedInline):
    model = TranslatorProfile
    can_delete = False
    verbose_name_plural = _("target languages (for members of Translators)")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "languages":
            return forms.TypedMultipleChoiceField(
                choices=[
                    (code, registry.language_name(code)) for code in registry.target_languages()
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=db_field.verbose_name,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return role_label(obj)


class RoleNamesMixin:
    """Groups by their role's name and permissions in the admin's language, in forms."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
        elif db_field.name == "groups":
            kwargs["form_class"] = RoleChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(group.pk, role_label(group)) for group in Group.objects.order_by("name")]

    def queryset(self, request, queryset):
        value = as_id(self.value()) if self.value() else None
        return queryset.filter(groups__pk=value) if value else queryset


@admin.register(User)
class TranslatorAwareUserAdmin(RoleNamesMixin, UserAdmin):
    inlines = (*UserAdmin.inlines, TranslatorProfileInline)
    list_filter = ("is_staff", "is_superuser", "is_active", RoleFilter)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Role)
class RoleAdmin(RoleNamesMixin, GroupAdmin):
    """The groups, as roles named in the admin's language (see Role)."""


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    only = forms.ChoiceField(
        label=_("Fields"),
        required=False,
        choices=[
            ("", _("all")),
            ("missing", _("missing only")),
            ("outdated", _("outdated only")),
        ],
    )

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, registry.language_name(code)) for code in languages
        ]
        # The unreviewed machine conversions, to review them offline (as `export_translations
        # --only machine`): offered to translators of a language filled by conversion.
        if any(conversion.is_converted(code) for code in languages):
            self.fields["only"].choices = [
                *self.fields["only"].choices,
                ("machine", _("machine-converted only")),
            ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("PO file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large for a translation catalogue."))
        return upload


def change_link(obj, field, language, *, outdated=False):
    """The admin page where `field` of `obj` is edited, with the field's anchor; for a part
    (a point text) the page of the object it belongs to. An outdated translation's link lands
    on its "outdated" marker, which shows the source's old and new text side by side."""
    model = type(obj)
    anchor = tracking.outdated_anchor(obj, field, language) if outdated else None
    if admin.site.is_registered(model):
        url = _change_url(obj)
        return f"{url}#{anchor or 'id_' + registry.column(field, language)}" if url else None
    lookup = PART_OWNERS.get(model)
    if lookup is None:
        return None
    owner = obj
    for step in lookup.split("__"):
        owner = getattr(owner, step)
    url = _change_url(owner)
    return f"{url}#{anchor}" if url and anchor else url


def dashboard_link(status):
    return change_link(status.obj, status.field, status.language, outdated=status.is_outdated)


def _change_url(obj):
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


@admin.register(TranslationState)
class TranslationDashboard(admin.ModelAdmin):
    """The changelist of translation states is the dashboard; states themselves are written
    only by translations.tracking."""

    # A state's own page: its field and language by name; digests are for the machine.
    fields = ("content_type", "object_id", "field_name", "language_name", "changed_at")
    readonly_fields = fields

    @admin.display(description=_("field"))
    def field_name(self, obj):
        model = obj.content_type.model_class()
        if model is None:
            return obj.field
        return capfirst(model._meta.get_field(obj.field).verbose_name)

    @admin.display(description=_("language"))
    def language_name(self, obj):
        return registry.language_name(obj.language)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("export/", wrap(self.export_view), name="translations_export"),
            path("import/", wrap(self.import_view), name="translations_import"),
            path("accept/", wrap(self.accept_view), name="translations_accept"),
            *super().get_urls(),
        ]

    def _check(self, request):
        if not self.has_view_permission(request) or not roles.user_languages(request.user):
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        self._check(request)
        languages = roles.user_languages(request.user)
        report = build_report(languages)
        work = [(entry, dashboard_link(entry.status)) for entry in report.work[:WORK_LIST_LIMIT]]
        warnings = [(entry, dashboard_link(entry.status)) for entry in report.warnings]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translation status"),
            "opts": self.model._meta,
            "report": report,
            "languages": [(code, registry.language_name(code)) for code in languages],
            "totals": [
                (registry.language_name(code), report.by_language[code]) for code in languages
            ],
            "by_model": [
                (model._meta.verbose_name_plural, registry.language_name(code), tally)
                for (model, code), tally in report.by_model.items()
            ],
            "work": work,
            "more_work": max(0, len(report.work) - WORK_LIST_LIMIT),
            "warnings": warnings,
            "export_form": ExportForm(languages=languages),
            "import_form": ImportForm(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/translations/dashboard.html", context)

    def export_view(self, request):
        self._check(request)
        form = ExportForm(request.GET, languages=roles.user_languages(request.user))
        if not form.is_valid():
            messages.error(request, _("Choose one of your languages to download."))
            return redirect("admin:translations_translationstate_changelist")
        language, only = form.cleaned_data["language"], form.cleaned_data["only"] or None
        catalogue = po.export(language, only)
        name = f"content-{language}{'-' + only if only else ''}.po"
        response = HttpResponse(
            str(catalogue), content_type="text/x-gettext-translation; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def accept_view(self, request):
        """A machine conversion accepted as it is (POST: language, context)."""
        self._check(request)
        language = request.POST.get("language")
        if request.method != "POST" or language not in roles.user_languages(request.user):
            raise PermissionDenied
        count = po.accept_machine(request.POST.getlist("context"), language)
        text = ngettext(
            "%(count)s machine-converted text was accepted as it is.",
            "%(count)s machine-converted texts were accepted as they are.",
            count,
        )
        messages.success(request, text % {"count": count})
        return redirect("admin:translations_translationstate_changelist")

    def import_view(self, request):
        """Upload → preview of every change → apply (the file waits in the session)."""
        self._check(request)
        languages = roles.user_languages(request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload translations"),
            "opts": self.model._meta,
        }
        if request.method == "POST" and "apply" in request.POST:
            content = request.session.pop(SESSION_KEY, None)
            if content is None:
                messages.error(request, _("Nothing to apply: upload the file again."))
                return redirect("admin:translations_import")
            try:
                plan = po.plan(content.encode("utf-8"), allowed_languages=languages)
                result = po.apply(plan, user=request.user)
            except po.ImportRefused as refused:
                return self._refused(request, context, refused)
            for level, message in import_messages(result):
                messages.add_message(request, level, message)
            return redirect("admin:translations_translationstate_changelist")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["file"].read()
            try:
                plan = po.plan(content, allowed_languages=languages)
            except po.ImportRefused as refused:
                return self._refused(request, context, refused)
            request.session[SESSION_KEY] = content.decode("utf-8")
            context.update(plan=plan, language=registry.language_name(plan.language))
            return TemplateResponse(request, "admin/translations/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/translations/import.html", context)

    def _refused(self, request, context, refused):
        request.session.pop(SESSION_KEY, None)
        context.update(problems=refused.problems, form=ImportForm())
        return TemplateResponse(request, "admin/translations/import.html", context, status=400)


def import_messages(result):
    """[(level, message)] saying what an import (translations.po.Result) wrote and where: a
    translation of live content is a draft until an editor publishes it, so the message says
    so and links each object's change page (its draft: publish, compare, discard)."""
    found = []
    if result.drafted:
        text = ngettext(
            "%(count)s translation was saved as a draft awaiting publication: visitors see it "
            "once an editor publishes the draft.",
            "%(count)s translations were saved as drafts awaiting publication: visitors see "
            "them once an editor publishes the drafts.",
            result.drafted,
        ) % {"count": result.drafted}
        links = format_html_join(
            typography.list_separator(),
            '<a href="{}">{}</a>',
            ((_change_url(obj), obj) for obj in result.drafts if _change_url(obj)),
        )
        found.append(
            (
                messages.WARNING,
                format_html(_("{message} Drafts to publish: {links}"), message=text, links=links),
            )
        )
    if result.unpublished:
        text = ngettext(
            "%(count)s translation was saved in content that is not published yet.",
            "%(count)s translations were saved in content that is not published yet.",
            result.unpublished,
        )
        found.append((messages.SUCCESS, text % {"count": result.unpublished}))
    if result.direct:
        text = ngettext(
            "%(count)s translation was saved and is shown to visitors.",
            "%(count)s translations were saved and are shown to visitors.",
            result.direct,
        )
        found.append((messages.SUCCESS, text % {"count": result.direct}))
    if result.reviewed:
        text = ngettext(
            "%(count)s machine-converted text was accepted as it is.",
            "%(count)s machine-converted texts were accepted as they are.",
            result.reviewed,
        )
        found.append((messages.SUCCESS, text % {"count": result.reviewed}))
    if not found:
        found.append((messages.INFO, _("Nothing was changed.")))
    return found

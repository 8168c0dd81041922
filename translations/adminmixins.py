"""Admin pieces shared by the apps' admins."""

from weakref import WeakKeyDictionary

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from . import registry, roles, tracking, typography
from .glossary import mismatches, terms_by_language
from .policy import RolePolicy, column_language
from .queries import annotate_status, annotation, missing_q, outdated_q, with_parts

# Primary keys are 64-bit; a longer run of digits cannot be one, and the databases answer it
# with an error rather than an empty result (SQLite: "Python int too large").
MAX_ID_DIGITS = 18


def as_id(value):
    """An integer id from a query-string value, or None when it cannot be one."""
    value = value or ""
    return int(value) if value.isdigit() and len(value) <= MAX_ID_DIGITS else None


def _too_long(value):
    """True for a string of digits, or a list or comma-separated string of them (many-to-many
    initial values), that cannot be an id."""
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list | tuple):
        return False
    return any(isinstance(part, str) and part.isdigit() and as_id(part) is None for part in parts)


class SafeQueryStringMixin:
    """Absurd values in an admin query string get the answer of any other bad value instead of
    a 500 (Django passes them on to the database or to datetime()):

    - on a changelist, a number too long for any id (?law__id__exact=99999999999999999999) or
      an overflowing date (?published_on__year=99999999999) redirects to the unfiltered list
      with ?e=1, as Django does for other bad filters;
    - on an add page, such a value given as an initial value (?law=9999…) is ignored."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {name: value for name, value in initial.items() if not _too_long(value)}

    def get_changelist_instance(self, request):
        for name, value in request.GET.items():
            if name != SEARCH_VAR and _too_long(value):
                raise IncorrectLookupParameters(f"{name} is out of range")
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


# --- Translation status and roles -------------------------------------------------------------
#
# TranslationAdminMixin (model admins) and TranslationInlineMixin (their inlines) add:
# - a status column and "missing / outdated in <language>" filters, from the one mechanism in
#   translations.tracking (no field or language names here: they come from the registry);
# - the translators' limits, enforced on the server: a translator changes only the columns of
#   their target languages, sees every other field read-only (the source beside each field),
#   cannot add, delete or bulk-edit, and a POST naming any other field is refused whole.


def _pair_fields(model, names, languages):
    """Fieldset rows for a translator: each source column (shown read-only, see
    source_display) followed by its columns in `languages`; other languages' columns
    dropped; the rest kept."""
    names = list(names)
    translated = registry.translated_fields(model) if registry.is_translated(model) else []
    rows = []
    for name in names:
        if isinstance(name, list | tuple):
            rows.extend(_pair_fields(model, name, languages))
            continue
        language = column_language(name)
        if language is None:
            rows.append(name)
        elif language == registry.SOURCE_LANGUAGE:
            base = name[: -len(registry.column("", language))]
            targets = [registry.column(base, code) for code in languages]
            shown = source_display(model, base) if base in translated else name
            rows.append((shown, *[target for target in targets if target in names]))
    return rows


_SOURCE_DISPLAYS = {}


def source_display(model, field):
    """A read-only admin field showing the source text of `field`, labelled with the source
    language (one function per model and field: the admin matches readonly fields by
    identity)."""
    key = (model, field)
    if key not in _SOURCE_DISPLAYS:

        def display(obj):
            # linebreaks() escapes each paragraph with autoescape=True.
            return mark_safe(linebreaks(registry.source_text(obj, field), autoescape=True))

        display.short_description = format_lazy(
            _("{field} ({language} source)"),
            field=capfirst(model._meta.get_field(field).verbose_name),
            # Lazy: the display is kept for every later request, in any language.
            language=lazy(registry.language_name, str)(registry.SOURCE_LANGUAGE),
        )
        display.__name__ = f"source_{field}"
        _SOURCE_DISPLAYS[key] = display
    return _SOURCE_DISPLAYS[key]


# {part model: lookup from it to the admin-edited object that holds it}
PART_OWNERS = {}


class ReadOnlyChangeList(ChangeList):
    """A change list without list_editable, for translators."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_editable = ()


class TranslatorLimitsMixin:
    """What ModelAdmin and inline share: the translator's editable fields and read-only rest,
    as the admin's permission policy (translations.policy) says."""

    policy = RolePolicy()  # asked by every hook below; one per process is enough

    def translator_languages(self, request):
        """None for editors (no limits), else the translator's target languages."""
        return self.policy.limits(request).languages

    def translator_may_edit(self, request, name):
        return self.policy.limits(request).may_edit(name)

    def has_add_permission(self, request, *args):
        if not self.policy.may_add(request):
            return False
        return super().has_add_permission(request, *args)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Each language's box says its language (WCAG 3.1.2): a screen reader reads the
        Chinese source in Chinese in the English admin, a spell checker checks the right one."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        column = registry.all_columns(self.model).get(db_field.name)
        if formfield is not None and column is not None:
            formfield.widget.attrs["lang"] = column[1]
        return formfield

    def has_delete_permission(self, request, obj=None):
        if not self.policy.may_delete(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.translator_languages(request) is None:
            return readonly
        # The original field of a translated one ("text") stands for all its columns in
        # modeltranslation's admin: never list it, only the columns.
        originals = (
            set(registry.translated_fields(self.model))
            if registry.is_translated(self.model)
            else set()
        )
        for model_field in self.model._meta.get_fields():
            name = model_field.name
            if (
                name not in originals
                and getattr(model_field, "editable", False)
                and not model_field.auto_created
                and not self.translator_may_edit(request, name)
                and name not in readonly
                and name != getattr(self, "fk_name", None)
                and not (
                    model_field.is_relation
                    and model_field.many_to_one
                    and self._is_parent(model_field)
                )
            ):
                readonly.append(name)
        if registry.is_translated(self.model):
            readonly += [source_display(self.model, name) for name in originals]
        return readonly

    def _is_parent(self, model_field):
        parent = getattr(self, "parent_model", None)
        return parent is not None and model_field.related_model is parent

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        languages = self.translator_languages(request)
        if languages is None:
            return fieldsets
        return [
            (
                title,
                {
                    **options,
                    "fields": _pair_fields(self.model, options.get("fields", ()), languages),
                },
            )
            for title, options in fieldsets
        ]

    def get_prepopulated_fields(self, request, obj=None):
        if self.translator_languages(request) is not None:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def restrict_form(self, request, form_class):
        """The admin's form, plus: beside each translation, its status and glossary warnings;
        for a translator, every form field outside their languages disabled (fields that are
        no model field, such as a per-card text, included): disabled fields ignore posted
        data."""
        admin_ = self
        limited = self.translator_languages(request) is not None

        class TranslationForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, form_field in self.fields.items():
                    if limited and column_language(name) is not None:
                        form_field.disabled = not admin_.translator_may_edit(request, name)
                        # No language tabs for a translator: the source sits beside the
                        # field instead (modeltranslation's tab script looks for "mt").
                        classes = form_field.widget.attrs.get("class", "").split()
                        form_field.widget.attrs["class"] = " ".join(
                            c for c in classes if c != "mt" and not c.startswith("mt-")
                        )
                annotate_fields(self, request)

        TranslationForm.__name__ = form_class.__name__
        return TranslationForm


_GLOSSARY = WeakKeyDictionary()  # request → the glossary (kept off the request itself)


def annotate_fields(form, request):
    """Add the status (outdated since …) and glossary warnings to the help text of each
    translation column of a bound object's form."""
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None or not registry.is_translated(type(instance)):
        return
    languages = roles.user_languages(request.user)
    terms = _GLOSSARY.get(request)
    if terms is None:  # once per request, for the object's form and every inline's
        terms = _GLOSSARY[request] = terms_by_language()
    # Fields of the object itself, and of parts edited on its form (a form may offer them).
    names = {}
    parts = list(getattr(form, "translated_parts", lambda: ())())
    for obj, fields in parts:
        names.update({(obj.pk, type(obj), *key): name for key, name in fields.items()})
    for item in tracking.statuses([instance, *(obj for obj, _fields in parts)], languages):
        if item.obj is instance:
            name = registry.column(item.field, item.language)
        else:
            name = names.get((item.obj.pk, type(item.obj), item.field, item.language))
        form_field = form.fields.get(name)
        if form_field is None:
            continue
        notes = []
        if item.is_outdated:
            notes.append(outdated_note(item))
        for term in mismatches(item.source, item.translation, terms.get(item.language, [])):
            notes.append(
                format_html(
                    '<span class="translation-glossary">{}</span>',
                    _("Glossary: “%(source)s” is rendered “%(target)s”.")
                    % {"source": term.source, "target": term.target},
                )
            )
        if notes:
            existing = conditional_escape(form_field.help_text) if form_field.help_text else ""
            form_field.help_text = format_html_join(
                " ", "{}", ((note,) for note in [existing, *notes] if note)
            )


def outdated_note(item):
    """The marker beside an outdated translation (the dashboard's link lands on its id), with
    the source as the translation was made from it and as it is now, side by side."""
    source = registry.language_name(registry.SOURCE_LANGUAGE)
    return format_html(
        '<span class="translation-outdated" id="{anchor}" tabindex="-1">'
        '<strong class="translation-status--outdated">{status}</strong>'
        '<span class="translation-outdated__texts">'
        '<span class="translation-outdated__text"><span class="translation-outdated__label">'
        "{before_label}</span>"
        '<span lang="{lang}">{before}</span></span>'
        '<span class="translation-outdated__text"><span class="translation-outdated__label">'
        "{after_label}</span>"
        '<span lang="{lang}">{after}</span></span>'
        "</span></span>",
        anchor=tracking.outdated_anchor(item.obj, item.field, item.language),
        status=_("Outdated: the %(source)s text changed on %(date)s.")
        % {
            "source": source,
            "date": date_format(localtime(item.source_changed_at), "DATE_FORMAT"),
        },
        before_label=_("%(source)s text this translation was made from") % {"source": source},
        before=item.previous_source or _("(not recorded)"),
        after_label=_("%(source)s text now") % {"source": source},
        after=item.source,
        lang=registry.SOURCE_LANGUAGE,
    )


class TranslationInlineMixin(TranslatorLimitsMixin):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self.restrict_form(request, formset.form)
        return formset


def _parent_keys(parent, inlines):
    """The foreign keys that tie each inline's rows to the row they sit in (a law's section:
    `law`; not its `chapter`, which is a choice the row makes, refused to a translator)."""
    for inline in inlines:
        for model_field in inline.model._meta.get_fields():
            if model_field.many_to_one and model_field.related_model is parent:
                yield model_field.name
        yield from _parent_keys(inline.model, getattr(inline, "inlines", ()))


class TranslationAdminMixin(TranslatorLimitsMixin):
    """For a model admin of a translated model. `translation_parts` names related models
    whose translations count as this object's, as (model, lookup from it to this model), e.g.
    ((ComparisonPoint, "comparison"), (PointText, "point__comparison"))."""

    translation_parts = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for part, lookup in self.translation_parts:
            PART_OWNERS[part] = lookup  # where the dashboard links a part's fields

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["translations/admin.css"]}, js=["translations/outdated.js"]
        )

    # Status ------------------------------------------------------------------------------
    def get_list_filter(self, request):
        return (*super().get_list_filter(request), *status_filters(self.translation_parts))

    def get_list_display(self, request):
        return (*super().get_list_display(request), "translation_status")

    def get_queryset(self, request):
        return annotate_status(super().get_queryset(request), self.translation_parts)

    @admin.display(description=_("translation"))
    def translation_status(self, obj):
        return status_badges(obj)

    # Roles -------------------------------------------------------------------------------
    def get_form(self, request, obj=None, **kwargs):
        return self.restrict_form(request, super().get_form(request, obj, **kwargs))

    def get_actions(self, request):
        if not self.policy.may_bulk_edit(request):
            return {}
        return super().get_actions(request)

    def changelist_view(self, request, extra_context=None):
        # The list's POSTs are its actions and bulk edits, none of them a translator's: a
        # forged one is refused (Django would only answer "no action selected").
        if request.method == "POST" and not self.policy.may_bulk_edit(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        # Django's documented hook for the list's class: a translator's has no list_editable
        # (no bulk edits of shared fields), so the admin builds no formset for it.
        if not self.policy.may_bulk_edit(request):
            return ReadOnlyChangeList
        return super().get_changelist(request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and self.translator_languages(request) is not None:
            forbidden = self.forbidden_keys(request)
            if forbidden:
                raise PermissionDenied(
                    f"Translators may not change: {', '.join(sorted(forbidden))}"
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    # POST keys that carry no field value: the token, the buttons, hidden bookkeeping.
    ALLOWED_KEYS = frozenset(
        {"csrfmiddlewaretoken", "_save", "_continue", "base_revision", "merge_revision"}
    )
    FORMSET_KEYS = frozenset({"TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"})

    def forbidden_keys(self, request):
        """POSTed keys a translator may not send: anything but a column in their languages
        (on this model or an inline: points-0-heading_en), the bookkeeping every form posts
        (token, buttons, revision, formset counts) and the keys that tie an inline row to
        its parent. An allow-list: a widget's extra keys (publish_at_0), a deleted row
        (points-0-DELETE) or a new field are refused without being listed here."""
        parents = set(_parent_keys(self.model, self.inlines))
        forbidden = set()
        for key in request.POST:
            if key in self.ALLOWED_KEYS or key.startswith("initial-") or key.startswith("_merge_"):
                continue  # initial-*: the value shown, for has_changed(); never saved
            prefix, _dash, name = key.rpartition("-")
            if prefix and (name in self.FORMSET_KEYS or name in parents or name == "id"):
                continue
            if self.translator_may_edit(request, name):
                continue
            forbidden.add(key)
        return forbidden


def status_filters(parts=()):
    """One list filter per target language: missing / outdated / up to date in it."""
    return [_status_filter(language, parts) for language in registry.target_languages()]


def _status_filter(language, parts):
    name = registry.language_name(language)

    class TranslationStatusFilter(admin.SimpleListFilter):
        title = format_lazy(_("translation into {language}"), language=name)
        parameter_name = f"translation_{registry.column('', language).lstrip('_')}"

        def lookups(self, request, model_admin):
            return [
                ("missing", format_lazy(_("missing in {language}"), language=name)),
                ("outdated", format_lazy(_("outdated in {language}"), language=name)),
                ("up_to_date", format_lazy(_("up to date in {language}"), language=name)),
            ]

        def queryset(self, request, queryset):
            missing = with_parts(queryset.model, parts, missing_q, language)
            outdated = with_parts(queryset.model, parts, outdated_q, language)
            if self.value() == "missing":
                return queryset.filter(missing)
            if self.value() == "outdated":
                return queryset.filter(outdated)
            if self.value() == "up_to_date":
                return queryset.exclude(missing).exclude(outdated)
            return queryset

    return TranslationStatusFilter


def status_badges(obj):
    """ "English: missing" / "outdated" / "up to date" per target language, from the
    annotations of annotate_status()."""
    items = []
    for language in registry.target_languages():
        if getattr(obj, annotation("missing", language), False):
            kind, label = "missing", _("missing")
        elif getattr(obj, annotation("outdated", language), False):
            kind, label = "outdated", _("outdated")
        else:
            kind, label = "up-to-date", _("up to date")
        items.append((kind, registry.language_name(language), label))
    return format_html_join(
        " ",
        '<span class="translation-status translation-status--{}">{}{}{}</span>',
        ((kind, name, typography.colon(), label) for kind, name, label in items),
    )

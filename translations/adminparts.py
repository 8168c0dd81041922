"""The translation side of the content admin base (translations.contentadmin): small objects
the base holds and its hooks ask, each with one job and no state of its own.

- QueryStringGuard: absurd query-string values answered as bad filters, not 500s;
- TranslatorLimits: a translator's editable columns, read-only rest and refused POSTs;
- TranslationStatus: the list's status column and filters.
"""

from functools import cache
from weakref import WeakKeyDictionary

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from . import conversion, registry, roles, tracking, typography
from .glossary import mismatches, terms_by_language
from .policy import column_language, editable_columns
from .queries import annotate_status, annotation, machine_q, missing_q, outdated_q, with_parts

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


class QueryStringGuard:
    """Absurd values in an admin query string get the answer of any other bad value instead of
    a 500 (Django passes them on to the database or to datetime()):

    - on a changelist, a number too long for any id (?law__id__exact=99999999999999999999) or
      an overflowing date (?published_on__year=99999999999) redirects to the unfiltered list
      with ?e=1, as Django does for other bad filters;
    - on an add page, such a value given as an initial value (?law=9999…) is ignored."""

    def initial(self, initial):
        """The add page's initial values without those that cannot be an id."""
        return {name: value for name, value in initial.items() if not _too_long(value)}

    def check_filters(self, request):
        """Raise IncorrectLookupParameters for a filter value that cannot be an id."""
        for name, value in request.GET.items():
            if name != SEARCH_VAR and _too_long(value):
                raise IncorrectLookupParameters(f"{name} is out of range")

    def changelist(self, build):
        """build() (the admin's own change list), an overflowing date refused as a bad filter."""
        try:
            return build()
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


# --- Translation status and the translators' limits ---------------------------------------------


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


@cache
def translator_readonly(model, languages, parent=None, fk_name=None):
    """What a translator of `languages` sees read-only on `model`'s form (on an inline: the
    `parent` row it sits in, its foreign key `fk_name` to it): every editable field outside
    their languages (translations.policy.editable_columns) and the source text of each
    translated field. Once per process for each kind, set of languages and place."""
    # The original field of a translated one ("text") stands for all its columns in
    # modeltranslation's admin: never list it, only the columns.
    originals = set(registry.translated_fields(model)) if registry.is_translated(model) else set()
    editable = editable_columns(model, languages)
    readonly = [
        model_field.name
        for model_field in model._meta.get_fields()
        if model_field.name not in originals
        and getattr(model_field, "editable", False)
        and not model_field.auto_created
        and model_field.name not in editable
        and model_field.name != fk_name
        and not (
            model_field.is_relation
            and model_field.many_to_one
            and parent is not None
            and model_field.related_model is parent
        )
    ]
    if registry.is_translated(model):
        readonly += [source_display(model, name) for name in originals]
    return tuple(readonly)


# {part model: lookup from it to the admin-edited object that holds it}
PART_OWNERS = {}


class ReadOnlyChangeList(ChangeList):
    """A change list without list_editable, for translators."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_editable = ()


class TranslatorLimits:
    """The translators' limits on a content admin's form, for its page and its inlines alike,
    as the admin's permission policy (`admin.policy`, translations.policy) says: a translator
    edits only their languages' columns, sees every other field read-only (the source beside
    each of their fields), and a POST naming anything else is refused whole. Editors get the
    admin's form as it is. Holds no state: each method is given the admin (or inline) asking."""

    # POST keys that carry no field value: the token, the buttons, hidden bookkeeping.
    ALLOWED_KEYS = frozenset(
        {"csrfmiddlewaretoken", "_save", "_continue", "base_revision", "merge_revision"}
    )
    FORMSET_KEYS = frozenset({"TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"})

    def languages(self, admin_, request):
        """None for editors (no limits), else the translator's target languages."""
        return admin_.policy.limits(request).languages

    def may_edit(self, admin_, request, name):
        return admin_.policy.limits(request).may_edit(name)

    def mark_language(self, model, db_field, formfield):
        """Each language's box says its language (WCAG 3.1.2): a screen reader reads the
        Chinese source in Chinese in the English admin, a spell checker checks the right one."""
        column = registry.all_columns(model).get(db_field.name)
        if formfield is not None and column is not None:
            formfield.widget.attrs["lang"] = column[1]
        return formfield

    def readonly_fields(self, admin_, request, readonly):
        """The admin's read-only fields, plus, for a translator, every field outside their
        languages and the source text of each translated field (per process for each kind,
        set of languages and place: translator_readonly)."""
        readonly = list(readonly)
        languages = self.languages(admin_, request)
        if languages is None:
            return readonly
        added = translator_readonly(
            admin_.model,
            languages,
            getattr(admin_, "parent_model", None),
            getattr(admin_, "fk_name", None),
        )
        return readonly + [name for name in added if name not in readonly]

    def fieldsets(self, admin_, request, fieldsets):
        """For a translator, each source field (read-only) beside its columns in their
        languages, other languages' columns dropped."""
        languages = self.languages(admin_, request)
        if languages is None:
            return fieldsets
        return [
            (
                title,
                {
                    **options,
                    "fields": _pair_fields(admin_.model, options.get("fields", ()), languages),
                },
            )
            for title, options in fieldsets
        ]

    def restrict_form(self, admin_, request, form_class):
        """The admin's form, plus: beside each translation, its status and glossary warnings;
        for a translator, every form field outside their languages disabled (fields that are
        no model field, such as a per-card text, included): disabled fields ignore posted
        data."""
        limits = admin_.policy.limits(request)

        class TranslationForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, form_field in self.fields.items():
                    if limits.limited and column_language(name) is not None:
                        form_field.disabled = not limits.may_edit(name)
                        # No language tabs for a translator: the source sits beside the
                        # field instead (modeltranslation's tab script looks for "mt").
                        classes = form_field.widget.attrs.get("class", "").split()
                        form_field.widget.attrs["class"] = " ".join(
                            c for c in classes if c != "mt" and not c.startswith("mt-")
                        )
                annotate_fields(self, request)

            def add_error(self, field, error):
                super().add_error(field, on_form_fields(self, error))

        TranslationForm.__name__ = form_class.__name__
        return TranslationForm

    def refuse_forbidden(self, admin_, request):
        """Raise PermissionDenied when a translator's POST names a field outside their
        languages (nothing is saved then); editors' POSTs pass."""
        if request.method != "POST" or self.languages(admin_, request) is None:
            return
        forbidden = self.forbidden_keys(admin_, request)
        if forbidden:
            raise PermissionDenied(f"Translators may not change: {', '.join(sorted(forbidden))}")

    def forbidden_keys(self, admin_, request):
        """POSTed keys a translator may not send: anything but a column in their languages
        (on this model or a row of one of their inlines: points-0-heading_en), the bookkeeping
        every form posts (token, buttons, revision, their inlines' counts) and the keys that
        tie an existing inline row to its parent. An allow-list: a widget's extra keys
        (publish_at_0), a deleted row (points-0-DELETE), a new row (counts raised, or a row
        past the existing ones), a row of an inline they do not have (compared-0-id), the
        shown value of another field (initial-published_on) or a new field are refused
        without being listed here."""
        parents = set(_parent_keys(admin_.model, admin_.inlines))
        formsets = self._formset_prefixes(admin_, request)
        return {
            key
            for key in request.POST
            if not self._allowed(admin_, request, key, parents, formsets)
        }

    def _formset_prefixes(self, admin_, request):
        """{prefix of each inline formset the translator's form has: its existing rows}."""
        prefixes = {}
        for inline in admin_.get_inline_instances(request):
            prefix = inline.get_formset(request).get_default_prefix()
            initial = _count(request.POST.get(f"{prefix}-INITIAL_FORMS"))
            prefixes[prefix] = initial
        return prefixes

    def _allowed(self, admin_, request, key, parents, formsets):
        if key in self.ALLOWED_KEYS or key.startswith("_merge_"):
            return True
        if key.startswith("initial-"):  # the value shown, for has_changed(); never saved
            inner = key.removeprefix("initial-")
            return not inner.endswith(tuple(self.FORMSET_KEYS)) and self._allowed(
                admin_, request, inner, parents, formsets
            )
        prefix, _dash, name = key.rpartition("-")
        if prefix:
            if name in self.FORMSET_KEYS:
                if prefix not in formsets:
                    return False
                # No new rows: a translator adds none (their own form has no extra row).
                return name != "TOTAL_FORMS" or _count(request.POST[key]) == formsets[prefix]
            formset, _dash, index = prefix.rpartition("-")
            existing = formsets.get(formset)
            if existing is None or _count(index) is None or _count(index) >= existing:
                return False  # not one of their inlines' existing rows
            if name in parents or name == "id":
                return True
        return self.may_edit(admin_, request, name)


def _count(value):
    """A formset count or row index as posted; None when it is not one."""
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 7 else None


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


def _parent_keys(parent, inlines):
    """The foreign keys that tie each inline's rows to the row they sit in (a law's section:
    `law`; not its `chapter`, which is a choice the row makes, refused to a translator)."""
    for inline in inlines:
        for model_field in inline.model._meta.get_fields():
            if model_field.many_to_one and model_field.related_model is parent:
                yield model_field.name
        yield from _parent_keys(inline.model, getattr(inline, "inlines", ()))


class TranslationStatus:
    """The translation status on a content admin's list: a column of badges and "missing /
    outdated / up to date in <language>" filters, from the one mechanism in
    translations.tracking (no field or language names here: they come from the registry).
    `parts` are the admin's translation_parts: related models whose translations count as
    the object's."""

    media = forms.Media(css={"all": ["translations/admin.css"]}, js=["translations/outdated.js"])

    def register_parts(self, parts):
        for part, lookup in parts:
            PART_OWNERS[part] = lookup  # where the dashboard links a part's fields

    def filters(self, parts):
        return status_filters(parts)

    def annotate(self, queryset, parts):
        return annotate_status(queryset, parts)

    def badges(self, obj):
        return status_badges(obj)


def status_filters(parts=()):
    """One list filter per target language: missing / outdated / up to date in it."""
    return [_status_filter(language, parts) for language in registry.target_languages()]


def _status_filter(language, parts):
    name = registry.language_name(language)

    class TranslationStatusFilter(admin.SimpleListFilter):
        title = format_lazy(_("translation into {language}"), language=name)
        parameter_name = f"translation_{registry.column('', language).lstrip('_')}"

        def lookups(self, request, model_admin):
            choices = [("missing", format_lazy(_("missing in {language}"), language=name))]
            if conversion.is_converted(language):
                choices.append(
                    ("machine", format_lazy(_("machine-converted in {language}"), language=name))
                )
            return [
                *choices,
                ("outdated", format_lazy(_("outdated in {language}"), language=name)),
                ("up_to_date", format_lazy(_("up to date in {language}"), language=name)),
            ]

        def queryset(self, request, queryset):
            missing = with_parts(queryset.model, parts, missing_q, language)
            machine = with_parts(queryset.model, parts, machine_q, language)
            outdated = with_parts(queryset.model, parts, outdated_q, language)
            if self.value() == "missing":
                return queryset.filter(missing)
            if self.value() == "machine":
                return queryset.filter(machine)
            if self.value() == "outdated":
                return queryset.filter(outdated)
            if self.value() == "up_to_date":
                return queryset.exclude(missing).exclude(machine).exclude(outdated)
            return queryset

    return TranslationStatusFilter


def status_badges(obj):
    """ "English: missing" / "machine-converted" / "outdated" / "up to date" per target
    language, from the annotations of annotate_status(), in the order of
    translations.tracking.statuses()."""
    items = []
    for language in registry.target_languages():
        if getattr(obj, annotation("missing", language), False):
            kind, label = "missing", _("missing")
        elif getattr(obj, annotation("machine", language), False):
            kind, label = "machine", _("machine-converted")
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


def on_form_fields(form, error):
    """`error` (a ValidationError, or the message of add_error) with every message keyed by a
    field the form does not have moved where the editor sees it: a model's clean() that names
    a translated field ("text") to the form's column of it in the source language
    (text_zh_hans), anything else to the form's own errors. Django would raise a ValueError
    (a 500) instead of showing the message."""
    if not isinstance(error, ValidationError) or not hasattr(error, "error_dict"):
        return error
    model = form._meta.model
    translated = set(registry.translated_fields(model)) if model is not None else set()
    exclude = set(form._meta.exclude or ())
    moved = {}
    for name, messages in error.error_dict.items():
        if name != NON_FIELD_ERRORS and name not in form.fields and name not in exclude:
            column = registry.source_column(name) if name in translated else None
            name = column if column in form.fields else NON_FIELD_ERRORS
        moved.setdefault(name, []).extend(messages)
    return ValidationError(moved)

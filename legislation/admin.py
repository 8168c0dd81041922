"""Editors' admin for laws, their chapters and articles (translated fields as language tabs)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from translations import typography
from translations.adminparts import as_id
from translations.contentadmin import ContentInline, PublishedContentAdmin
from translations.registry import (
    SOURCE_LANGUAGE,
    columns,
    source_column,
    source_text,
    written_language_name,
)

from . import review as review_service
from .diffing import word_diff
from .forms import ArticleForm, LawForm, LawImportForm
from .importer import LawImportError, import_law
from .models import Article, ArticleWording, Chapter, CitationReview, Law, LawVersion, Section
from .numbering import parse_article_number
from .problems import problem_message


def chapter_choice_label(chapter):
    return f"{chapter.law.short_title} · {chapter}"


def section_choice_label(section):
    return f"{section.chapter.law.short_title} · {section.chapter.label} · {section}"


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No (repealed)"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.in_force()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.in_force())
        return queryset


class ChapterFilter(admin.SimpleListFilter):
    """Chapters of the law chosen in the law filter (or of every law, named with the law)."""

    title = _("chapter")
    parameter_name = "chapter"

    def lookups(self, request, model_admin):
        chapters = Chapter.objects.select_related("law").order_by("law__slug", "number")
        law = as_id(request.GET.get("law__id__exact"))
        if law is not None:
            return [(chapter.pk, str(chapter)) for chapter in chapters.filter(law_id=law)]
        return [(chapter.pk, chapter_choice_label(chapter)) for chapter in chapters]

    def queryset(self, request, queryset):
        chapter = as_id(self.value())
        return queryset if chapter is None else queryset.filter(chapter_id=chapter)


class ChapterInline(ContentInline, TranslationTabularInline):
    model = Chapter
    fields = ("number", "title")
    extra = 0
    ordering = ("number",)


def edited_object_id(request):
    match = request.resolver_match
    return as_id(match.kwargs.get("object_id")) if match else None


class SectionInline(ContentInline, TranslationTabularInline):
    model = Section
    fields = ("chapter", "number", "title")
    extra = 0
    ordering = ("chapter__number", "number")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "chapter":
            # Only this law's chapters (none yet on a new law: save its chapters first).
            kwargs["queryset"] = Chapter.objects.filter(law_id=edited_object_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LawVersionInline(admin.TabularInline):
    """Legal versions: when the law was adopted and amended, and from when each wording was in
    force. Not editorial drafts: these are facts about the law."""

    model = LawVersion
    fields = ("kind", "enacted_on", "effective_on")
    extra = 0
    verbose_name_plural = _("legal versions (adoption and amendments)")


class ArticleWordingInline(ContentInline, TranslationTabularInline):
    """The article's wording per legal version (only versions that changed it)."""

    model = ArticleWording
    fields = ("version", "text")
    extra = 0
    ordering = ("version__effective_on",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            law_id = (
                Article.objects.filter(pk=edited_object_id(request))
                .values_list("law_id", flat=True)
                .first()
            )
            kwargs["queryset"] = LawVersion.objects.filter(law_id=law_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Law)
class LawAdmin(PublishedContentAdmin):
    list_display = (
        *columns("title"),
        "short_title",
        "effective_on",
        "amended_on",
        "in_force",
        "article_count",
        "publication_status",
    )
    list_display_links = (source_column("title"),)
    list_filter = (InForceFilter,)
    form = LawForm
    search_fields = (
        *get_translation_fields("title"),
        *get_translation_fields("short_title"),
        "slug",
    )
    prepopulated_fields = {"slug": ("short_title",)}
    date_hierarchy = "effective_on"
    ordering = ("slug",)
    readonly_fields = ("last_published_at",)
    fieldsets = (
        (None, {"fields": ("title", "short_title", "slug", "issuing_body", "source_url")}),
        (_("Notes"), {"fields": ("summary", "history")}),
        (_("Dates"), {"fields": ("adopted_on", "effective_on", "amended_on", "repealed_on")}),
        (_("Publication"), {"fields": ("publish_at", "unpublish_at", "last_published_at")}),
    )
    inlines = (ChapterInline, SectionInline, LawVersionInline)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_count(public=False)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="legislation_law_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload a law's text, see what the import would change, then confirm it. The
        confirmation posts the same text back and imports it for real (checked again)."""
        if not (self.has_change_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        form = LawImportForm(request.POST or None, request.FILES or None)
        if not form.is_valid() and request.method == "GET":
            form = LawImportForm(
                initial={"law": request.GET.get("law", ""), "language": SOURCE_LANGUAGE}
            )
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form}
        context["title"] = _("Import a law's text")
        if form.is_valid():
            data = form.cleaned_data
            confirmed = "confirm" in request.POST
            try:
                result = import_law(
                    data["text"],
                    slug=data["law"],
                    language=data["language"],
                    version_date=data["version_date"],
                    effective_on=data["effective_on"],
                    rename=data["rename"],
                    dry_run=not confirmed,
                    user=request.user,
                )
            except LawImportError as error:
                context["problems"] = [(p.lineno, problem_message(p)) for p in error.problems]
            else:
                if confirmed:
                    self.message_user(
                        request,
                        gettext("Imported: %(count)d rows changed.")
                        % {"count": result.rows_changed},
                        messages.SUCCESS,
                    )
                    if not result.law.is_published:
                        self.message_user(
                            request,
                            gettext(
                                "The law is a draft: visitors see it once you publish it "
                                "(its articles are published with it)."
                            ),
                            messages.WARNING,
                        )
                    return redirect(reverse("admin:legislation_law_change", args=[result.law.pk]))
                context["result"] = result
                context["warnings"] = [(p.lineno, problem_message(p)) for p in result.warnings]
                context["confirm_form"] = LawImportForm(initial={**data, "text": data["text"]})
        return TemplateResponse(request, "admin/legislation/law/import.html", context)

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        return obj.repealed_on is None

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Article)
class ArticleAdmin(PublishedContentAdmin):
    list_display = ("label_display", "law", "chapter", "excerpt", "publication_status")
    list_select_related = ("law", "chapter")
    list_filter = ("law", ChapterFilter)
    # The number is matched exactly (so "5" does not find 15 or 50 by number); see also
    # get_search_results for 第五条 / 五 / Article 5.
    search_fields = (*get_translation_fields("text"), "number__exact")
    autocomplete_fields = ("law",)
    ordering = ("law", "number")
    form = ArticleForm
    readonly_fields = ("last_published_at",)
    fieldsets = (
        (None, {"fields": ("law", "chapter", "section", "number", "text")}),
        (_("Publication"), {"fields": ("publish_at", "unpublish_at", "last_published_at")}),
    )
    inlines = (ArticleWordingInline,)

    def get_queryset(self, request):
        # Also used by the legal-basis autocomplete, whose labels cite the law.
        return super().get_queryset(request).select_related("law", "chapter")

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number = parse_article_number(search_term)
        if number is not None and not search_term.strip().isdigit():
            results = results | queryset.filter(number=number)
        return results, may_have_duplicates

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            sections = Section.objects.select_related("chapter__law").order_by(
                "chapter__law__slug", "chapter__number", "number"
            )
            law_id = self._edited_law_id(request)
            kwargs["queryset"] = sections if law_id is None else sections.filter(law_id=law_id)
        if db_field.name == "chapter":
            chapters = Chapter.objects.select_related("law").order_by("law__slug", "number")
            law_id = self._edited_law_id(request)
            if law_id is not None:
                chapters = chapters.filter(law_id=law_id)
            kwargs["queryset"] = chapters
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "chapter":
            field.label_from_instance = chapter_choice_label
        if db_field.name == "section":
            field.label_from_instance = section_choice_label
        return field

    @staticmethod
    def _edited_law_id(request):
        """The law of the article being edited, so that its chapter choices are that law's."""
        match = request.resolver_match
        object_id = match.kwargs.get("object_id") if match else None
        if as_id(object_id) is not None:
            return Article.objects.filter(pk=object_id).values_list("law_id", flat=True).first()
        return as_id(request.GET.get("law"))

    @admin.display(description=_("article"), ordering="number")
    def label_display(self, obj):
        return obj.label

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        text = source_text(obj, "text")
        # Chinese in whichever admin language: marked as such (WCAG 3.1.2).
        return format_html(
            '<span lang="{}">{}</span>',
            SOURCE_LANGUAGE,
            text if len(text) <= 40 else f"{text[:40]}…",
        )


@admin.register(CitationReview)
class LegalBasisChangedAdmin(admin.ModelAdmin):
    """法律依据已变更 / Legal basis changed: each published object whose cited article has a new
    wording since it was last reviewed, with the change, until an editor marks it reviewed
    (legislation.review). Rows are written by the review service only: no add, edit, delete."""

    list_display = ("citing_display", "article_display", "amended_on", "change_display")
    list_display_links = None
    actions = ("mark_reviewed",)

    def get_queryset(self, request):
        # Only what still differs and is still cited (checked in Python: a handful of rows).
        flagged = [review.pk for review in review_service.changed_citations()]
        return super().get_queryset(request).filter(pk__in=flagged).select_related("article__law")

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Legal basis changed"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # the action, no form

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("content citing it"))
    def citing_display(self, obj):
        citing = obj.citing
        if citing is None:
            return "—"
        opts = citing._meta
        admin_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[citing.pk])
        return format_html(
            '{}{}<a href="{}">{}</a><br><a href="{}">{}</a>',
            capfirst(opts.verbose_name),
            typography.colon(),
            admin_url,
            citing,
            citing.get_absolute_url(),
            gettext("View on site"),
        )

    @admin.display(description=_("article"))
    def article_display(self, obj):
        opts = Article._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.citation)

    @admin.display(description=_("change since the last review"))
    def change_display(self, obj):
        current = review_service.wording(obj.article)
        parts = []
        for code in review_service.changed_languages(obj.reviewed_text, current):
            old, new = obj.reviewed_text[code], current[code]
            paragraphs = format_html_join("", "<p>{}</p>", ((p,) for p in word_diff(old, new)))
            parts.append(
                format_html(
                    '<div class="legal-basis-change"><strong>{}</strong>'
                    '<div lang="{}">{}</div></div>',
                    written_language_name(code),
                    code,
                    paragraphs,
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.action(description=_("Mark reviewed"), permissions=("change",))
    def mark_reviewed(self, request, queryset):
        reviews = list(queryset.select_related("article"))
        objects = review_service.mark_reviewed(reviews, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d item marked reviewed against the articles' current wording.",
                "%(count)d items marked reviewed against the articles' current wording.",
                len(objects),
            )
            % {"count": len(objects)},
            messages.SUCCESS,
        )

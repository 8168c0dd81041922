"""Editors' admin for laws, their chapters and articles (translated fields as language tabs)."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from translations.adminmixins import (
    SafeQueryStringMixin,
    TranslationAdminMixin,
    TranslationInlineMixin,
    as_id,
)
from translations.registry import source_text

from .models import Article, Chapter, Law
from .numbering import parse_article_number


def chapter_choice_label(chapter):
    return f"{chapter.law.short_title} · {chapter}"


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


class ChapterInline(TranslationInlineMixin, TranslationTabularInline):
    model = Chapter
    fields = ("number", "title")
    extra = 0
    ordering = ("number",)


@admin.register(Law)
class LawAdmin(SafeQueryStringMixin, TranslationAdminMixin, TabbedTranslationAdmin):
    list_display = (
        "title_zh_hans",
        "title_en",
        "short_title",
        "effective_on",
        "amended_on",
        "in_force",
        "article_count",
    )
    list_display_links = ("title_zh_hans",)
    list_filter = (InForceFilter,)
    search_fields = (
        *get_translation_fields("title"),
        *get_translation_fields("short_title"),
        "slug",
    )
    prepopulated_fields = {"slug": ("short_title_en",)}
    date_hierarchy = "effective_on"
    ordering = ("slug",)
    fieldsets = (
        (None, {"fields": ("title", "short_title", "slug", "issuing_body", "source_url")}),
        (_("Notes"), {"fields": ("summary", "history")}),
        (_("Dates"), {"fields": ("adopted_on", "effective_on", "amended_on", "repealed_on")}),
    )
    inlines = (ChapterInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_count()

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        return obj.repealed_on is None

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Article)
class ArticleAdmin(SafeQueryStringMixin, TranslationAdminMixin, TabbedTranslationAdmin):
    list_display = ("label_display", "law", "chapter", "excerpt")
    list_select_related = ("law", "chapter")
    list_filter = ("law", ChapterFilter)
    # The number is matched exactly (so "5" does not find 15 or 50 by number); see also
    # get_search_results for 第五条 / 五 / Article 5.
    search_fields = (*get_translation_fields("text"), "number__exact")
    autocomplete_fields = ("law",)
    ordering = ("law", "number")
    fields = ("law", "chapter", "number", "text")

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
        if db_field.name == "chapter":
            chapters = Chapter.objects.select_related("law").order_by("law__slug", "number")
            law_id = self._edited_law_id(request)
            if law_id is not None:
                chapters = chapters.filter(law_id=law_id)
            kwargs["queryset"] = chapters
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "chapter":
            field.label_from_instance = chapter_choice_label
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
        return text if len(text) <= 40 else f"{text[:40]}…"

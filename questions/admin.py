"""Editors' admin for questions and their topics (translated fields as language tabs).

A question is edited on one page: its legal basis (one row per cited article, optionally one
paragraph of it) and its body, one row per block in order (see questions.models.QuestionBlock).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from modeltranslation.utils import get_translation_fields

from cards.forms import AppendingPositionFormSet
from publishing.adminparts import SafeAutocomplete
from translations.contentadmin import ContentAdmin, ContentInline, PublishedContentAdmin
from translations.registry import columns, source_column

from .forms import QuestionForm
from .models import Question, QuestionBlock, QuestionLegalBasis, Topic


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = (*columns("name"), "slug", "position")
    list_display_links = (source_column("name"),)
    search_fields = (*get_translation_fields("name"), "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("position", "slug")
    fields = ("name", "slug", "position")


class QuestionLegalBasisInline(SafeAutocomplete, admin.TabularInline):
    """The statute articles the answer cites, one row each (found by the article search)."""

    model = QuestionLegalBasis
    fields = ("article", "paragraph")
    autocomplete_fields = ("article",)
    extra = 0
    max_num = 30
    verbose_name = _("cited article")
    verbose_name_plural = _("legal basis")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__law")


class QuestionBlockInline(ContentInline, TranslationStackedInline):
    model = QuestionBlock
    formset = AppendingPositionFormSet
    fields = ("position", "type", "text", "article", "paragraph")
    autocomplete_fields = ("article",)
    max_num = 50
    verbose_name = _("answer block")
    verbose_name_plural = _("answer, block by block (a quotation names its article: no text)")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__law")


@admin.register(Question)
class QuestionAdmin(PublishedContentAdmin):
    list_display = (*columns("question"), "topics_display", "publication_status", "published_on")
    list_display_links = (source_column("question"),)
    form = QuestionForm
    list_filter = ("is_published", "topics")
    search_fields = (
        *get_translation_fields("question"),
        *get_translation_fields("short_answer"),
        "slug",
    )
    date_hierarchy = "published_on"
    ordering = ("-published_on", "slug")
    prepopulated_fields = {"slug": ("question",)}
    readonly_fields = ("last_published_at",)
    autocomplete_fields = ("related_questions", "related_comparisons")
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("question", "slug", "short_answer", "topics")}),
        (
            _("Publication"),
            {"fields": ("published_on", "publish_at", "unpublish_at", "last_published_at")},
        ),
        (_("Related"), {"fields": ("related_questions", "related_comparisons")}),
    )
    inlines = (QuestionLegalBasisInline, QuestionBlockInline)
    translation_parts = ((QuestionBlock, "question"),)

    def get_queryset(self, request):
        return super().get_queryset(request).with_topics()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "topics":  # a few editor-kept topics: ticked, not searched
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("topics"))
    def topics_display(self, obj):
        return " · ".join(str(topic) for topic in obj.topics.all())

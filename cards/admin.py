"""Editors' admin for card types and comparisons (translated fields as language tabs).

A comparison is edited on one page: its compared card types (column order), its legal basis
and its points, each point with its per-card texts in both languages (see cards.forms).
"""

from weakref import WeakKeyDictionary

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from modeltranslation.utils import get_translation_fields

from legislation.models import Article
from publishing.adminparts import SafeAutocomplete
from translations.contentadmin import ContentInline, PublishedContentAdmin
from translations.registry import columns, source_column

from .forms import (
    CardTypeForm,
    ComparedCardFormSet,
    ComparisonForm,
    ComparisonPointForm,
    ComparisonPointFormSet,
    text_field_names,
)
from .models import CardType, ComparedCard, Comparison, ComparisonPoint, LegalBasis, PointText


@admin.register(CardType)
class CardTypeAdmin(PublishedContentAdmin):
    # No list_editable: a change to a live card type goes through its draft.
    list_display = (*columns("name"), "short_name", "position", "publication_status")
    list_display_links = (source_column("name"),)
    form = CardTypeForm
    search_fields = (
        *get_translation_fields("name"),
        *get_translation_fields("short_name"),
        "slug",
    )
    prepopulated_fields = {"slug": ("name",)}  # MODELTRANSLATION_PREPOPULATE_LANGUAGE
    ordering = ("position", "slug")
    readonly_fields = ("last_published_at",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "position")}),
        (_("Description"), {"fields": ("summary", "issuer", "eligibility", "main_uses")}),
        (_("Publication"), {"fields": ("publish_at", "unpublish_at", "last_published_at")}),
    )


class ComparedCardInline(admin.TabularInline):
    model = ComparedCard
    formset = ComparedCardFormSet
    fields = ("card_type", "position")
    min_num = 2  # a comparison compares at least two card types
    max_num = 10
    extra = 0
    verbose_name = _("compared card type")
    verbose_name_plural = _("compared card types (the position is the column order)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("card_type")


class LegalBasisInline(SafeAutocomplete, admin.TabularInline):
    """The statute articles the comparison cites, one row each (found by the article search)."""

    model = LegalBasis
    fields = ("article",)
    autocomplete_fields = ("article",)
    extra = 0
    max_num = 30
    verbose_name = _("cited article")
    verbose_name_plural = _("legal basis")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__law")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.with_law()  # str() cites the law
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ComparisonPointInline(ContentInline, TranslationStackedInline):
    model = ComparisonPoint
    form = ComparisonPointForm
    formset = ComparisonPointFormSet
    fields = ("position", "aspect", "heading")
    max_num = 50

    _card_types = WeakKeyDictionary()  # request → {comparison pk: (compared, others)}

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else 1

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("texts")

    def text_card_types(self, request, obj):
        """(compared, others): the comparison's card types in column order, then the rest.

        Texts are offered for every card type, so that a card type added to the comparison
        can get its texts in the same save; only the compared ones require a text. Kept per
        request, beside it (weakly keyed by it: admin instances live as long as the process,
        and nothing is stored on the request)."""
        key = obj.pk if obj is not None else None
        cache = self._card_types.setdefault(request, {})
        if key not in cache:
            compared = obj.compared_card_types() if obj is not None and obj.pk else []
            others = list(CardType.objects.exclude(pk__in=[card.pk for card in compared]))
            cache[key] = (compared, others)
        return cache[key]

    def get_formset(self, request, obj=None, **kwargs):
        # The model fields only: the text fields are added by the form itself.
        kwargs.setdefault("fields", self.replace_orig_field(list(self.fields)))
        return super().get_formset(request, obj, **kwargs)

    def formset_kwargs(self, request, obj):
        compared, others = self.text_card_types(request, obj)
        return {"form_kwargs": {"text_card_types": [*compared, *others]}}

    def get_fieldsets(self, request, obj=None):
        compared, others = self.text_card_types(request, obj)
        fieldsets = [(None, {"fields": self.replace_orig_field(list(self.fields))})]
        if compared:
            fieldsets.append(
                (_("Texts per compared card type"), {"fields": text_field_names(compared)})
            )
        if others:
            if compared:
                title = _("Texts for other card types")
                description = _(
                    "Needed only for a card type that you add under “compared card types” above."
                )
            else:
                title = _("Texts per card type")
                description = _(
                    "Enter the texts of the card types that you choose under “compared card "
                    "types” above: the Simplified Chinese text is required for each of them. "
                    "Leave the other card types empty."
                )
            fieldsets.append(
                (title, {"fields": text_field_names(others), "description": description})
            )
        return fieldsets


@admin.register(Comparison)
class ComparisonAdmin(PublishedContentAdmin):
    list_display = (*columns("title"), "card_types_display", "publication_status", "published_on")
    list_display_links = (source_column("title"),)
    form = ComparisonForm
    list_filter = ("is_published", "card_types")
    search_fields = (
        *get_translation_fields("title"),
        *get_translation_fields("introduction"),
        "slug",
    )
    date_hierarchy = "published_on"
    ordering = ("-published_on", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("last_published_at",)
    save_on_top = True
    fieldsets = (
        (None, {"fields": ("title", "slug", "introduction")}),
        (
            _("Publication"),
            {"fields": ("published_on", "publish_at", "unpublish_at", "last_published_at")},
        ),
        (_("Legal basis"), {"fields": ("note",)}),  # the articles: the inline below
    )
    inlines = (ComparedCardInline, LegalBasisInline, ComparisonPointInline)
    translation_parts = ((ComparisonPoint, "comparison"), (PointText, "point__comparison"))

    def get_queryset(self, request):
        return super().get_queryset(request).with_card_types()

    @admin.display(description=_("card types compared"))
    def card_types_display(self, obj):
        return " · ".join(str(card) for card in obj.compared_card_types())

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ComparisonPointInline):
            kwargs.update(inline.formset_kwargs(request, obj))
            if request.method == "POST":
                # Texts are required for exactly the card types chosen in this POST, also
                # when one is added in this save: give the point formset its sibling.
                # A translator has no compared-cards inline (no permission on the model):
                # then the comparison's own card types are the ones.
                sibling = next(
                    (
                        i
                        for i in self.get_inline_instances(request, obj)
                        if isinstance(i, ComparedCardInline)
                    ),
                    None,
                )
                if sibling is None:
                    return kwargs
                formset_class = sibling.get_formset(request, obj)
                kwargs["compared_formset"] = formset_class(
                    **super().get_formset_kwargs(
                        request, obj, sibling, formset_class.get_default_prefix()
                    )
                )
        return kwargs

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from translations.contentadmin import PublishedContentAdmin
from translations.registry import columns, source_column

from .models import Task


@admin.register(Task)
class TaskAdmin(PublishedContentAdmin):
    # Drafts, history and publishing as every kind (translations.contentadmin); no bulk edit
    # of what is public: a change to a live task goes through its draft.
    list_display = (*columns("question"), "card", "position", "publication_status")
    list_display_links = (source_column("question"),)
    list_filter = ("is_published", "card")
    list_select_related = ("card",)
    search_fields = (*get_translation_fields("question"), *get_translation_fields("reason"))
    prepopulated_fields = {"slug": ("question",)}
    ordering = ("position", "pk")
    readonly_fields = ("last_published_at",)
    fieldsets = (
        (None, {"fields": ("question", "slug", "card", "reason")}),
        (None, {"fields": ("point", "article")}),
        (None, {"fields": ("position", "published_on")}),
        (_("Publication"), {"fields": ("publish_at", "unpublish_at", "last_published_at")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Point labels name their comparison; articles their law: one query per list.
        if db_field.name == "point":
            kwargs["queryset"] = db_field.related_model.objects.select_related("comparison")
        elif db_field.name == "article":
            kwargs["queryset"] = db_field.related_model.objects.with_law()
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "point":
            field.label_from_instance = lambda point: f"{point.comparison} – {point}"
        return field

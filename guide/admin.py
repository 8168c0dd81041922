from django.contrib import admin
from modeltranslation.utils import get_translation_fields

from translations.contentadmin import ContentAdmin
from translations.registry import columns, source_column

from .models import Task


@admin.register(Task)
class TaskAdmin(ContentAdmin):
    list_display = (*columns("question"), "card", "position", "is_published")
    list_display_links = (source_column("question"),)
    list_editable = ("position", "is_published")
    list_filter = ("is_published", "card")
    list_select_related = ("card",)
    search_fields = (*get_translation_fields("question"), *get_translation_fields("reason"))
    prepopulated_fields = {"slug": ("question",)}
    ordering = ("position", "pk")
    fieldsets = (
        (None, {"fields": ("question", "slug", "card", "reason")}),
        (None, {"fields": ("point", "article")}),
        (None, {"fields": ("position", "is_published", "published_on")}),
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

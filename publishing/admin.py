"""Old slugs in the admin: to see which old addresses lead where, and to free a slug for
another object by deleting its entry (the old address then answers 404)."""

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import OldSlug


@admin.register(OldSlug)
class OldSlugAdmin(admin.ModelAdmin):
    list_display = ("slug", "content_type", "leads_to", "renamed_at")
    list_filter = ("content_type",)
    search_fields = ("slug",)
    list_select_related = ("content_type",)

    def has_add_permission(self, request):
        return False  # recorded by renaming, never typed

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("leads to"))
    def leads_to(self, obj):
        try:
            target = obj.content_type.get_object_for_this_type(pk=obj.object_id)
        except ObjectDoesNotExist:
            return "—"
        url = getattr(target, "get_absolute_url", None)
        return format_html('<a href="{}">{}</a>', url(), target) if url else str(target)

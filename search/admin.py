from django.contrib import admin

from .models import LawSearch, Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "expansions_shown")
    search_fields = ("term", "expansions")

    @admin.display(description=Synonym._meta.get_field("expansions").verbose_name)
    def expansions_shown(self, obj):
        return ", ".join(obj.expansion_list)


@admin.register(LawSearch)
class LawSearchAdmin(admin.ModelAdmin):
    list_display = ("law", "weight", "aliases")
    list_editable = ("weight",)
    autocomplete_fields = ("law",)

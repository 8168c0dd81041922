from django.contrib import admin

from publishing.adminparts import SafeAutocomplete

from .models import LawSearch, Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "expansions_shown")
    search_fields = ("term", "expansions")

    @admin.display(description=Synonym._meta.get_field("expansions").verbose_name)
    def expansions_shown(self, obj):
        return ", ".join(obj.expansion_list)


@admin.register(LawSearch)
class LawSearchAdmin(SafeAutocomplete, admin.ModelAdmin):
    list_display = ("law", "weight", "aliases")
    list_editable = ("weight",)
    autocomplete_fields = ("law",)

from django.contrib import admin

from publishing.adminparts import PlainTextPolicy, SafeAutocomplete

from .models import LawSearch, Synonym


class SearchTableAdmin(admin.ModelAdmin):
    """Editors' search tables: their text fields refuse control characters as every content
    kind's do (publishing.text)."""

    plain_text = PlainTextPolicy()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **self.plain_text.field_kwargs(db_field, kwargs)
        )


@admin.register(Synonym)
class SynonymAdmin(SearchTableAdmin):
    list_display = ("term", "expansions_shown")
    search_fields = ("term", "expansions")

    @admin.display(description=Synonym._meta.get_field("expansions").verbose_name)
    def expansions_shown(self, obj):
        return ", ".join(obj.expansion_list)


@admin.register(LawSearch)
class LawSearchAdmin(SafeAutocomplete, SearchTableAdmin):
    list_display = ("law", "weight", "aliases")
    list_editable = ("weight",)
    autocomplete_fields = ("law",)

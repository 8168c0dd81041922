from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search over comparisons, card types and statutes, in both languages. Sits beside
    cards: it imports cards, legislation and the floor apps; nothing below imports it."""

    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from publishing import registry

        # The synonyms are content editors keep (no public kind of their own).
        registry.register_content_app(self.label)

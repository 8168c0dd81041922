from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site search over comparisons, card types and statutes, in both languages. Sits beside
    cards: it imports cards, legislation and the floor apps; nothing below imports it."""

    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from publishing import registry

        # The grams tables' triggers call search_cjk_grams() (search.fts): on every connection.
        connection_created.connect(register_sqlite_function)
        post_migrate.connect(make_fts_tables, sender=self)

        # The synonyms are content editors keep (no public kind of their own).
        registry.register_content_app(self.label)


def make_fts_tables(using, **kwargs):
    """SQLite's FTS5 tables for the search (search.fts), after every migrate."""
    from django.db import connections

    from . import engine, fts

    fts.ensure(connections[using], engine.searched_columns())


def register_sqlite_function(connection, **kwargs):
    from . import fts

    fts.register_function(connection)

"""Remake the search's indexes from the content.

    manage.py rebuild_search_index

On SQLite: drops and remakes every FTS5 table of the search (trigrams and CJK grams, with their
triggers) and fills them from the searched tables (search.fts), e.g. after rows were written
by a tool that bypassed the triggers. On PostgreSQL the indexes are kept by the database
itself (search/0002, 0004): gathers their statistics and merges their GIN pending lists
(search.indexes.analyze).
"""

from django.core.management.base import BaseCommand
from django.db import connection

from search import engine, fts, indexes


class Command(BaseCommand):
    help = "Remake the search's indexes (SQLite FTS5 tables; PostgreSQL statistics)."

    def handle(self, *args, **options):
        tables = engine.searched_columns()
        fts.ensure(connection, tables, rebuild=True)
        indexes.analyze()
        if options["verbosity"]:
            self.stdout.write(f"Search indexes rebuilt for {len(tables)} tables.")

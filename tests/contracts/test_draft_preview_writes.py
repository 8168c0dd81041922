"""A page that shows a pending draft only reads: for every kind of publishing.registry, a GET of
each page that shows the draft (the admin's change form, its Publish page, the differences
page, and the signed-in preview at the object's own address) writes no bookkeeping row that
another editor's save also writes (the change feed, `api_change`). Such writes were rolled
back with the draft, but held row locks meanwhile: a concurrent save of another object that
records the same feed rows deadlocked with them, and the editor got a 503.

What the preview still writes: the drafted object's own rows (and their translation states),
applied in a transaction that is rolled back once the page is rendered. A save of the same
object waits for that transaction; a save of another object has no row in common with it.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from publishing import services
from tests.factories import make_draft
from translations.roles import EDITORS

from .kinds import KIND_PARAMS
from .test_admin_rules import admin_base, change_url, client_for, first_field

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# Tables a draft shown must never write: bookkeeping shared by every object's saves.
SHARED = ("api_change",)


def drafted(kind, obj):
    """`obj` with a pending draft that changes its first translated field's English."""
    column = f"{first_field(kind)}_en"

    def change():
        setattr(obj, column, "Pending draft 5821")
        obj.save()

    make_draft(obj, change)
    assert services.draft_of(obj) is not None
    return obj


def pages_showing_the_draft(kind, obj):
    urls = [
        change_url(obj),
        f"{admin_base(obj)}{obj.pk}/publish/",
        f"{admin_base(obj)}{obj.pk}/history/compare/?a=live&b=draft",
    ]
    if kind.page:  # the signed-in preview at the object's own address
        with translation.override("en"):
            urls.append(reverse(kind.page, kwargs=kind.url_kwargs_for(obj)))
    return urls


def own_tables(kind):
    """The tables of the drafted object's own rows: its kind's model, its inline rows, their
    many-to-many links and translation states."""
    tables = {"translations_translationstate"}
    for model in kind.history_models():
        tables.add(model._meta.db_table)
        tables.update(f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many)
    return tables


def written_tables(queries):
    found = set()
    for query in queries:
        sql = query["sql"]
        if WRITE.match(sql):
            table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)"?', sql, re.IGNORECASE)
            found.add(table.group(1) if table else sql[:80])
    return found


@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_a_get_of_a_page_showing_a_draft_writes_nothing_shared(kind, public_object):
    editor_client = client_for("editor", EDITORS)
    obj = drafted(kind, public_object)
    for url in pages_showing_the_draft(kind, obj):
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(url)
        assert response.status_code == 200, url
        if "/change/" in url or not url.startswith(admin_base(obj)):  # the others name it
            assert "Pending draft 5821" in response.content.decode(), url
        written = written_tables(queries.captured_queries)
        assert not written & set(SHARED), (url, written)
        assert written <= own_tables(kind), (url, written - own_tables(kind))

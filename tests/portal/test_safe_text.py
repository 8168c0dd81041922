"""Editors' text never reaches a public page unescaped: a <script> and javascript: payload in
every text field of every content model (each language's column and the untranslated
fields) shows up escaped or not at all, and a javascript: link is never rendered as a link."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection

from legislation.models import Law
from publishing import registry
from publishing.text import is_plain_text

LANGUAGES = ("zh-hans", "en")
ESCAPED = re.compile(r"&lt;script&gt;x\((\d+)\)&lt;/script&gt;")


def payload(n):
    # Short enough for the narrowest field (50 characters); quotes for attribute contexts.
    return f"\"'><script>x({n})</script><a href=javascript:x()>"


class _Active(HTMLParser):
    """What a browser would run: script elements' code and javascript: addresses."""

    def __init__(self):
        super().__init__()
        self.in_script, self.code, self.urls = False, [], []

    def handle_starttag(self, tag, attrs):
        # A JSON-LD block is data, never run; a payload that broke out of it would show up
        # as a real element after it.
        self.in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"
        self.urls += [value or "" for name, value in attrs if name in URL_ATTRIBUTES]

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.code.append(data)


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data"}


def assert_inert(page, path):
    parser = _Active()
    parser.feed(page)
    assert not any("x(" in code for code in parser.code), path
    assert not [url for url in parser.urls if url.strip().lower().startswith("javascript:")], path


@pytest.fixture
def hostile(seeded):
    """Every text column of every row of public content holds its own payload, written
    without save() so that nothing on the way in could have cleaned it."""
    fields = {}
    for model in registry.content_models():
        for field in model._meta.concrete_fields:
            if is_plain_text(field):
                n = len(fields)
                fields[n] = f"{model.__name__}.{field.attname}"
                if field.unique:  # one payload a row, told apart by the row's id
                    for pk in model.objects.values_list("pk", flat=True):
                        value = f"{payload(n)}{pk}"[: field.max_length]
                        model.objects.filter(pk=pk).update(**{field.attname: value})
                else:
                    model.objects.update(**{field.attname: payload(n)})
    # QuerySet.update() refuses a link that is not a web address (publishing.text): raw SQL,
    # as a row written before that check.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Law._meta.db_table} SET source_url = %s", ["javascript:x(0)"])
    return fields


def public_pages(client, lang):
    paths = ["/", "/laws/"]
    for law in Law.objects.all():
        paths += [f"/laws/{law.slug}/"]
        paths += [f"/laws/{law.slug}/articles/{n}/" for n in (1, 2, 4, 5, 98)]
    comparisons = apps.get_model("cards", "Comparison").objects.all()
    paths += [f"/compare/{c.slug}/" for c in comparisons]
    paths += [f"/cards/{c.slug}/" for c in apps.get_model("cards", "CardType").objects.all()]
    paths += ["/no-such-page/"]
    for path in paths:
        response = client.get(f"/{lang}{path}")
        assert response.status_code in (200, 404), path
        yield path, response.content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_field_reaches_a_public_page_unescaped(client, hostile, lang):
    shown = set()
    for path, page in public_pages(client, lang):
        assert "<script>x(" not in page, path
        assert_inert(page, path)
        shown.update(hostile[int(n)] for n in ESCAPED.findall(page))
    # The payloads did reach the pages (escaped): the test looks where editors' text is.
    suffix = lang.replace("-", "_")
    for field in ["Comparison.title", "Comparison.introduction", "ComparisonPoint.aspect",
                  "ComparisonPoint.heading", "PointText.text", "CardType.name",
                  "CardType.summary", "Law.title", "Law.summary", "Chapter.title",
                  "Article.text"]:  # fmt: skip
        assert f"{field}_{suffix}" in shown, field


def test_a_law_with_a_javascript_link_shows_no_link(client, hostile):
    for law in Law.objects.all():
        response = client.get(f"/en/laws/{law.slug}/")
        assert response.status_code == 200
        assert 'rel="noopener external"' not in response.content.decode()

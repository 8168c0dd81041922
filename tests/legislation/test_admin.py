"""The editors' admin for laws, chapters and articles, driven through the test client."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legislation.models import Article, Chapter, Law
from legislation.numbering import parse_article_number
from tests.cards.test_admin import form_data
from tests.factories import make_law

LANGUAGES = ("zh-hans", "en")


@pytest.fixture
def law(seeded):
    return Law.objects.get(slug="social-insurance-law")


def admin_url(lang, path):
    return f"/{lang}/admin/legislation/{path}"


def found_article_pks(response):
    return [int(pk) for pk in re.findall(r"/legislation/article/(\d+)/change/", response.text)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_answer(admin_client, law, lang):
    article = law.articles.get(number=5)
    for path in (
        "law/",
        "law/add/",
        f"law/{law.pk}/change/",
        "article/",
        "article/add/",
        f"article/{article.pk}/change/",
        f"article/?law__id__exact={law.pk}",
        f"article/?chapter={article.chapter_id}",
        "law/?in_force=yes",
    ):
        response = admin_client.get(admin_url(lang, path))
        assert response.status_code == 200, path


def test_law_change_page_edits_its_chapters_inline_in_the_laws_draft(admin_client, law):
    url = admin_url("en", f"law/{law.pk}/change/")
    response = admin_client.get(url)
    assert response.status_code == 200
    data = form_data(response)
    chapters = list(law.chapters.order_by("number"))
    assert data["chapters-TOTAL_FORMS"] == str(len(chapters))
    assert data["chapters-0-title_zh_hans"] == chapters[0].title_zh_hans
    data["chapters-0-title_en"] = "General provisions (revised)"
    assert admin_client.post(url, data).status_code == 302
    # The law is live: its chapters are part of its draft until it is published.
    assert Chapter.objects.get(pk=chapters[0].pk).title_en == chapters[0].title_en
    publish = admin_url("en", f"law/{law.pk}/publish/")
    page = admin_client.get(publish)
    assert "General provisions (revised)" in page.text  # the draft's changes
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    assert admin_client.post(publish, data).status_code == 302
    assert Chapter.objects.get(pk=chapters[0].pk).title_en == "General provisions (revised)"


@pytest.mark.parametrize("term", ["5", "第五条", "五", "第5条", "Article 5"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_by_article_number(admin_client, law, lang, term):
    article = law.articles.get(number=5)
    response = admin_client.get(admin_url(lang, "article/"), {"q": term})
    assert response.status_code == 200
    found = found_article_pks(response)
    assert article.pk in found
    # Article 5 comes before 15 and 50, whichever of them the text search also finds.
    others = set(law.articles.filter(number__in=(15, 50)).values_list("pk", flat=True))
    assert found.index(article.pk) < min(
        (found.index(pk) for pk in others & set(found)), default=99
    )


def test_search_by_number_does_not_match_other_numbers(admin_client, law):
    response = admin_client.get(admin_url("en", "article/"), {"q": "第五条"})
    numbers = set(
        Article.objects.filter(pk__in=found_article_pks(response)).values_list("number", flat=True)
    )
    assert 5 in numbers
    assert not numbers & {15, 50, 51}


def test_search_finds_text_in_both_languages(admin_client, law):
    article = law.articles.get(number=5)
    Article.objects.filter(pk=article.pk).update(text_en="A unique English sentence.")
    zh_word = article.text_zh_hans[:6]
    for lang, term in (("zh-hans", "unique English sentence"), ("en", zh_word)):
        response = admin_client.get(admin_url(lang, "article/"), {"q": term})
        assert article.pk in found_article_pks(response), (lang, term)


def test_legal_basis_autocomplete_finds_articles_by_chinese_number(admin_client, law):
    article = law.articles.get(number=5)
    response = admin_client.get(
        "/en/admin/autocomplete/",
        {
            "term": "第五条",
            "app_label": "cards",
            "model_name": "comparison",
            "field_name": "legal_basis",
        },
    )
    assert response.status_code == 200
    assert str(article.pk) in [result["id"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    ("term", "number"),
    [
        ("5", 5),
        (" 第五条 ", 5),
        ("五", 5),
        ("第九十八条", 98),
        ("art. 12", 12),
        ("Article 7", 7),
        ("第十条", 10),
        ("养老保险", None),
        ("0", None),
        ("第一十条", None),
        ("", None),
    ],
)
def test_parse_article_number(term, number):
    assert parse_article_number(term) == number


def add_article_data(admin_client, law, **values):
    data = form_data(admin_client.get(admin_url("en", f"article/add/?law={law.pk}")))
    data.update(
        {"law": str(law.pk), "number": "5", "text_zh_hans": "重复的条文。", "chapter": ""},
        **values,
    )
    return data


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "This law already has an article with this number."),
        ("zh-hans", "该法律已有此序号的条文。"),
    ],
)
def test_duplicate_article_number_in_the_same_law_is_rejected(admin_client, law, lang, message):
    before = Article.objects.count()
    data = add_article_data(admin_client, law)
    response = admin_client.post(admin_url(lang, "article/add/"), data)
    assert response.status_code == 200
    assert message in response.text
    assert Article.objects.count() == before


def test_the_same_number_in_another_law_is_fine(admin_client, law):
    other = make_law(articles=0, chapters=0)
    data = add_article_data(admin_client, other)
    response = admin_client.post(admin_url("en", "article/add/"), data)
    assert response.status_code == 302
    assert other.articles.get(number=5).text_zh_hans == "重复的条文。"


def test_chapter_of_another_law_is_rejected(admin_client, law):
    other = make_law(articles=0, chapters=1)
    before = Article.objects.count()
    data = add_article_data(admin_client, other, chapter=str(law.chapters.first().pk), number="1")
    response = admin_client.post(admin_url("en", "article/add/"), data)
    assert response.status_code == 200
    assert "This chapter belongs to another law." in response.text
    assert Article.objects.count() == before


def test_chapter_choices_of_an_article_are_its_laws(admin_client, law):
    other = make_law(articles=1, chapters=1)
    article = other.articles.get()
    html = admin_client.get(admin_url("en", f"article/{article.pk}/change/")).text
    select = re.search(r'<select name="chapter".*?</select>', html, re.S).group()
    assert f'value="{other.chapters.get().pk}"' in select
    assert f'value="{law.chapters.first().pk}"' not in select


def test_article_changelist_shows_the_english_gap(admin_client, law):
    Article.objects.filter(law=law, number=5).update(text_en="")
    response = admin_client.get(admin_url("en", "article/"), {"q": "5"})
    assert "translation-status--missing" in response.text


def test_changelists_do_not_query_per_row(admin_client, law):
    for path in ("article/", "law/"):
        url = admin_url("en", path)
        admin_client.get(url)
        with CaptureQueriesContext(connection) as one_law:
            admin_client.get(url)
        make_law(articles=10, chapters=2)
        with CaptureQueriesContext(connection) as two_laws:
            admin_client.get(url)
        assert len(two_laws) == len(one_law), path


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Ensure this value has at most 20000 characters (it has 20001)."),
        ("zh-hans", "确保该变量包含不超过 20000 字符 (目前字符数 20001)。"),
    ],
)
def test_an_article_text_longer_than_the_limit_is_refused(admin_client, law, lang, message):
    """No statute has an article of 20,000 characters: a longer text is a pasted mistake."""
    before = Article.objects.count()
    data = add_article_data(admin_client, law, number="999", text_en="long " * 4000 + "x")
    response = admin_client.post(admin_url(lang, "article/add/"), data)
    assert response.status_code == 200
    assert message in response.text
    assert Article.objects.count() == before

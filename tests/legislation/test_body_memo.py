"""The law page's article bodies remembered per content version (legislation.rendering): the
same page as rendered afresh, and never stale after a write."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from legislation.models import Article, Law

LAW = "/{lang}/laws/social-insurance-law/"

pytestmark = pytest.mark.django_db(transaction=True)  # writes commit: versions get bumped


@pytest.fixture(autouse=True)
def memo_on(settings, seeded):
    settings.STATUTE_BODY_MEMO = True
    cache.clear()
    yield
    cache.clear()


def article(client, lang, number):
    page = BeautifulSoup(client.get(LAW.format(lang=lang)).content, "html.parser")
    return page.select_one(f"#article-{number} .statute-text")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_remembered_bodies_make_the_same_page(client, settings, lang):
    settings.STATUTE_BODY_MEMO = False
    fresh = client.get(LAW.format(lang=lang)).content
    settings.STATUTE_BODY_MEMO = True
    client.get(LAW.format(lang=lang))  # fills the memo
    assert client.get(LAW.format(lang=lang)).content == fresh


def test_each_language_has_its_own_bodies(client):
    chinese = article(client, "zh-hans", 2).get_text()
    english = article(client, "en", 2).get_text()
    assert chinese != english
    assert article(client, "zh-hans", 2).get_text() == chinese


def test_an_edited_article_shows_at_once(client):
    assert "修改后的条文" not in article(client, "zh-hans", 2).get_text()
    edited = Article.objects.get(law__slug="social-insurance-law", number=2)
    edited.text_zh_hans = "修改后的条文，依照本法第四条。"
    edited.save()
    body = article(client, "zh-hans", 2)
    assert "修改后的条文" in body.get_text()
    assert body.select_one("a.xref")["href"] == "#article-4"


def test_a_change_elsewhere_that_breaks_a_link_shows_at_once(client):
    """The body's own text does not change: only the content version tells."""
    citing = Article.objects.get(law__slug="social-insurance-law", number=2)
    citing.text_zh_hans = "依照《中华人民共和国劳动合同法》第三十八条。"
    citing.save()
    assert "labour-contract-law" in article(client, "zh-hans", 2).select_one("a.xref")["href"]
    cited = Law.objects.get(slug="labour-contract-law")
    cited.title_zh_hans = "另一部法律"
    cited.save()
    assert article(client, "zh-hans", 2).select_one("a.xref") is None

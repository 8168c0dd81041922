"""Every kind of public page: a missing translation shows the source marked lang="zh-hans"
with a notice in the visitor's language; an outdated one a quieter dated note."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from cards.models import CardType, Comparison, ComparisonPoint, PointText
from legislation.models import Article, Chapter, Law

NOT_TRANSLATED = "Not yet translated"


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def blank(obj, field):
    """Remove the English of one field (as an editor would) and return the Chinese."""
    setattr(obj, f"{field}_en", "")
    obj.save()
    return getattr(obj, f"{field}_zh_hans")


def assert_marked(page, chinese):
    """The Chinese sits in an element marked lang="zh-hans", next to a notice in English."""
    element = page.find("main").find(string=lambda s: s and chinese[:12] in s)
    assert element is not None, chinese
    assert element.find_parent(attrs={"lang": "zh-hans"}) is not None
    assert NOT_TRANSLATED in page.find("main").get_text()


def cases():
    law = Law.objects.get(slug="social-insurance-law")
    comparison = Comparison.objects.get()
    card = CardType.objects.get(slug="social-security-card")
    point = ComparisonPoint.objects.filter(comparison=comparison).first()
    text = PointText.objects.filter(point=point).first()
    article = Article.objects.get(law=law, number=2)
    chapter = Chapter.objects.get(law=law, number=1)
    return [
        ("/en/", card, "summary"),
        ("/en/", comparison, "title"),
        (card.get_absolute_url(), card, "eligibility"),
        (comparison.get_absolute_url(), point, "heading"),
        (comparison.get_absolute_url(), text, "text"),
        (comparison.get_absolute_url(), comparison, "introduction"),
        ("/en/laws/", law, "issuing_body"),
        (law.get_absolute_url(), chapter, "title"),
        (law.get_absolute_url(), article, "text"),
        (article.get_absolute_url(), article, "text"),
    ]


@pytest.mark.parametrize("case", range(10))
def test_missing_translation_shows_marked_source_and_notice(client, seeded, case):
    with translation.override("en"):
        path, obj, field = cases()[case]
    chinese = blank(obj, field)
    assert_marked(soup(client, path), chinese)


@pytest.mark.parametrize("case", range(10))
def test_outdated_translation_gets_a_dated_note(client, seeded, case):
    with translation.override("en"):
        path, obj, field = cases()[case]
    setattr(obj, f"{field}_zh_hans", getattr(obj, f"{field}_zh_hans") + "（修订）")
    obj.save()
    page = soup(client, path)
    note = page.find("main").find(class_="note--outdated")
    assert note is not None
    assert "original changed on" in note.get_text()
    assert note.find("time")["datetime"]
    english = " ".join(getattr(obj, f"{field}_en").split()[:4])
    assert english in " ".join(page.find("main").get_text().split())  # still the translation


def test_source_pages_have_no_notes(client, seeded):
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    blank(article, "text")
    with translation.override("zh-hans"):
        page = soup(client, article.get_absolute_url())
    assert not page.find(class_="notice--fallback")
    assert not page.find(class_="note--outdated")

"""Embeddable cards: a point of a comparison and an article, in both languages."""

import subprocess

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from cards.models import ComparisonPoint
from legislation.models import Article
from tests.factories import make_comparison, make_law
from tests.portal.test_html_validity import VNU
from tests.tools import need_program
from translations.i18n import language_tag

LANGUAGES = [code for code, _name in settings.LANGUAGES]

SLUG = "citizen-card-vs-social-security-card"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("lang", "aspect"), [("zh-hans", "发卡机构"), ("zh-hant", "發卡機構"), ("en", "Issuer")]
)
def test_point_embed_in_every_language(client, seeded, lang, aspect):
    soup = page(client, f"/{lang}/embed/compare/{SLUG}/point/1/")
    assert soup.html["lang"] == language_tag(lang)
    assert soup.select_one(".embed__kicker").get_text(strip=True) == aspect
    assert len(soup.select(".embed__cell")) == 2
    link = soup.select_one("a.embed__more")
    assert link["href"].startswith(f"/{lang}/compare/{SLUG}/#point-")
    assert link["target"] == "_blank"
    # Self-contained: its own stylesheet, no site chrome, no script.
    stylesheets = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    assert stylesheets == ["/static/css/embed.css"]
    assert not soup.select("script, nav, .site-header")


def test_point_embed_marks_fallbacks(client, db):
    comparison = make_comparison(points=1)
    ComparisonPoint.objects.filter(comparison=comparison).update(heading_en="")
    soup = page(client, f"/en/embed/compare/{comparison.slug}/point/1/")
    assert soup.select_one(".embed__title")["lang"] == "zh-hans"
    assert not soup.select_one(".embed__kicker").has_attr("lang")


@pytest.mark.parametrize("number", [0, 6, 99])
def test_point_out_of_range_is_404(client, seeded, number):
    assert client.get(f"/en/embed/compare/{SLUG}/point/{number}/").status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_embed(client, seeded, lang):
    soup = page(client, f"/{lang}/embed/laws/social-insurance-law/articles/2/")
    assert soup.html["lang"] == language_tag(lang)
    assert (
        soup.select_one(".embed__title").get_text(strip=True)
        == {
            "zh-hans": "第二条",
            "zh-hant": "第二條",
            "en": "Article 2",
        }[lang]
    )
    assert (
        soup.select_one("cite")
        .get_text(strip=True)
        .startswith(
            {
                "zh-hans": "《中华人民共和国社会保险法》",
                "zh-hant": "《中華人民共和國社會保險法》",
                "en": "Article 2 of the",
            }[lang]
        )
    )


def test_article_embed_marks_the_chinese_original(client, db):
    law = make_law(articles=2)
    Article.objects.filter(law=law, number=2).update(text_en="")
    soup = page(client, f"/en/embed/laws/{law.slug}/articles/2/")
    assert soup.select_one(".statute-text")["lang"] == "zh-hans"
    assert soup.select_one(".notice--fallback")  # the site's "not yet translated" notice
    soup = page(client, f"/en/embed/laws/{law.slug}/articles/1/")
    assert not soup.select_one(".statute-text").has_attr("lang")
    assert not soup.select_one(".notice--fallback")


def test_embeds_are_valid_html(client, seeded, tmp_path):
    need_program("java", "default-jre-headless")  # the W3C validator (vnu.jar)
    for lang in LANGUAGES:
        for name, url in [
            ("point", f"/{lang}/embed/compare/{SLUG}/point/3/"),
            ("article", f"/{lang}/embed/laws/social-insurance-law/articles/64/"),
        ]:
            (tmp_path / f"{name}-{lang}.html").write_bytes(client.get(url).content)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "text", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout

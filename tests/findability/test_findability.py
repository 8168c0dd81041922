"""What search engines and link previews read: JSON-LD, Open Graph / Twitter tags, the share
image, the sitemap and the Atom feeds."""

import io
import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image

from cards.models import Comparison
from findability import share_image
from tests.factories import sitemap_files
from translations.i18n import language_tag

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
LAW = "/{lang}/laws/social-insurance-law/"
ARTICLE = "/{lang}/laws/social-insurance-law/articles/2/"
ATOM = "{http://www.w3.org/2005/Atom}"


def json_ld(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, path
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return {item["@type"]: item for item in data["@graph"]}


def og(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    tags = soup.find_all("meta", property=True) + soup.find_all("meta", attrs={"name": True})
    return {tag.get("property") or tag["name"]: tag["content"] for tag in tags}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_law_and_article_are_legislation(client, seeded, lang):
    law = json_ld(client, LAW.format(lang=lang))["Legislation"]
    article = json_ld(client, ARTICLE.format(lang=lang))["Legislation"]

    # Chinese, in Chinese brackets, on the English page too
    assert law["legislationIdentifier"] == "中华人民共和国社会保险法（2018-12-29）"
    assert law["legislationDate"] == "2018-12-29"
    assert law["legislationLegalForce"] == "https://schema.org/InForce"
    assert law["inLanguage"] == language_tag(lang)  # BCP 47: zh-Hans, zh-Hant, en
    assert article["legislationIdentifier"] == "中华人民共和国社会保险法（2018-12-29）第二条"
    assert article["isPartOf"]["legislationIdentifier"] == law["legislationIdentifier"]
    assert article["isPartOf"]["url"].endswith(LAW.format(lang=lang))
    assert article["url"].endswith(ARTICLE.format(lang=lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_dated_article_names_the_version_in_force_that_day(client, seeded, lang):
    path = f"/{lang}/laws/social-insurance-law/articles/64/?date=2015-06-01"
    article = json_ld(client, path)["Legislation"]
    assert article["legislationIdentifier"] == "中华人民共和国社会保险法（2010-10-28）第六十四条"
    assert article["legislationDate"] == "2010-10-28"
    assert article["isPartOf"]["legislationDate"] == "2010-10-28"


def test_untranslated_article_text_is_declared_chinese(client, chinese_only_law):
    article = json_ld(client, "/en/laws/labour-contract-law/articles/90/")["Legislation"]

    assert article["inLanguage"] == "zh-Hans"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_is_an_article_citing_its_legal_basis(client, comparison, lang):
    data = json_ld(client, COMPARISON.format(lang=lang))

    article = data["Article"]
    assert article["headline"] == getattr(comparison, f"title_{lang.replace('-', '_')}")
    assert article["datePublished"] == comparison.published_on.isoformat()
    assert [c["legislationIdentifier"][-3:] for c in article["citation"]] == [
        "第二条",
        "第四条",
        "第五条",
    ]
    assert article["image"].endswith(
        f"/{lang}/share/compare/citizen-card-vs-social-security-card.png"
    )
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2]
    assert crumbs[-1]["item"] == "http://testserver" + COMPARISON.format(lang=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guide_is_a_faq_page(client, seeded, lang):
    faq = json_ld(client, f"/{lang}/guide/")["FAQPage"]

    assert len(faq["mainEntity"]) == 4
    first = faq["mainEntity"][0]
    assert first["@type"] == "Question"
    names = {"zh-hans": "看病买药", "zh-hant": "看病買藥", "en": "See a doctor and buy medicine"}
    assert first["name"] == names[lang]
    assert first["acceptedAnswer"]["@type"] == "Answer"


@pytest.mark.parametrize(
    "path",
    ["/{lang}/", "/{lang}/laws/", "/{lang}/cards/citizen-card/", "/{lang}/search/?q=x", ARTICLE],
)
def test_every_page_has_a_breadcrumb_list(client, seeded, path):
    for lang in LANGUAGES:
        crumbs = json_ld(client, path.format(lang=lang))["BreadcrumbList"]["itemListElement"]
        assert crumbs[0]["item"] == f"http://testserver/{lang}/"


def test_json_ld_cannot_close_its_script_early(client, comparison):
    Comparison.objects.filter(pk=comparison.pk).update(title_en="</script><script>alert(1)//")

    html = client.get(COMPARISON.format(lang="en")).content.decode()

    assert "</script><script>alert(1)" not in html
    assert json_ld(client, COMPARISON.format(lang="en"))["Article"]["headline"].startswith(
        "</script>"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_graph_and_twitter_tags(client, comparison, lang):
    tags = og(client, COMPARISON.format(lang=lang))

    assert tags["og:type"] == "article"
    title = getattr(comparison, f"title_{lang.replace('-', '_')}")
    assert tags["og:title"] == tags["twitter:title"] == title
    assert tags["og:url"] == "http://testserver" + COMPARISON.format(lang=lang)
    assert tags["og:locale"] == {"zh-hans": "zh_CN", "zh-hant": "zh_TW", "en": "en_US"}[lang]
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image"] == tags["twitter:image"]
    assert tags["og:image:alt"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_share_image_is_a_png_of_the_right_size(client, comparison, lang):
    image_url = og(client, COMPARISON.format(lang=lang))["og:image"]

    response = client.get(image_url.removeprefix("http://testserver"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)


def test_share_image_of_a_draft_is_not_found(client, comparison):
    Comparison.objects.filter(pk=comparison.pk).update(is_published=False)

    response = client.get("/en/share/compare/citizen-card-vs-social-security-card.png")

    assert response.status_code == 404


def test_without_a_cjk_font_the_image_draws_cards_instead_of_boxes(settings):
    settings.SHARE_IMAGE_FONTS = []
    share_image.cjk_font_path.cache_clear()
    share_image._font.cache_clear()
    try:
        png = share_image.render(
            title="市民卡和社保卡的区别",
            cards=["市民卡", "社会保障卡"],
            section="社保查询",
            address="example.com/zh-hans/compare/x/",
            language="简体中文",
        )
        english = share_image.render(
            title="Cards", cards=["Citizen card"], section="Inquiry", address="e", language="en"
        )
    finally:
        share_image.cjk_font_path.cache_clear()
        share_image._font.cache_clear()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    # The first card shape fills the title's place with the brand colour.
    assert image.getpixel((72 + 150, 142 + 150)) == share_image.BRAND
    # No pill for the card names, which would need the missing font.
    assert image.getpixel((80, 500)) == (255, 255, 255)
    assert Image.open(io.BytesIO(english)).convert("RGB").getpixel((80, 500)) != (255, 255, 255)


def test_sitemap_parses_with_x_default_and_the_guide(client, seeded):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = [url for xml in sitemap_files(client) for url in ET.fromstring(xml).findall("s:url", ns)]
    assert urls
    for url in urls:
        langs = {link.get("hreflang") for link in url.findall("x:link", ns)}
        assert langs == {language_tag(code) for code in LANGUAGES} | {"x-default"}
    locations = {url.find("s:loc", ns).text for url in urls}
    assert "http://testserver/en/guide/" in locations


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_lists_comparisons_and_laws(client, comparison, lang):
    response = client.get(f"/{lang}/feed.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    links = [entry.find(f"{ATOM}link").get("href") for entry in root.findall(f"{ATOM}entry")]
    assert "http://testserver" + COMPARISON.format(lang=lang) in links
    assert "http://testserver" + LAW.format(lang=lang) in links
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert getattr(comparison, f"title_{lang.replace('-', '_')}") in titles
    head = BeautifulSoup(client.get(f"/{lang}/").content, "html.parser")
    assert head.find("link", type="application/atom+xml")["href"] == f"/{lang}/feed.atom"


def test_feed_hides_drafts(client, comparison):
    Comparison.objects.filter(pk=comparison.pk).update(is_published=False)

    assert b"citizen-card-vs-social-security-card" not in client.get("/en/feed.atom").content


def test_share_image_follows_an_edit_of_a_card_name(
    client, comparison, django_capture_on_commit_callbacks
):
    from cards.models import CardType

    url = "/en/share/compare/citizen-card-vs-social-security-card.png"
    before = client.get(url).content
    assert client.get(url).content == before  # from the cache
    card = CardType.objects.get(slug="citizen-card")
    card.name_en = "Resident card with a much longer name"
    with django_capture_on_commit_callbacks(execute=True):
        card.save()  # bumps the content version once committed

    assert client.get(url).content != before

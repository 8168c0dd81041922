"""zh-hant, the language made by machine conversion: every public page in Traditional
characters, the conversion → review → re-conversion cycle, search across scripts and the
choice of language from the browser's."""

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

from cards.models import Comparison
from legislation.models import Article
from tests.factories import SITEMAP_NS, sitemap_files
from translations import conversion, registry
from translations.tracking import MACHINE, OUTDATED, UP_TO_DATE, review, status_of

CONVERTED = conversion.converted_languages()
TRADITIONAL_ONLY = re.compile("[會條險華國開關於這個們說讀]")  # never in Simplified text


def converted_paths(client, language):
    """Every address in the sitemaps in `language`, plus the search and the 404 page."""
    paths = set()
    for xml in sitemap_files(client):
        for loc in ET.fromstring(xml).findall("s:url/s:loc", SITEMAP_NS):
            path = loc.text.removeprefix("http://testserver")
            if path.startswith(f"/{language}/"):
                paths.add(path)
    return sorted(paths)


def test_a_language_is_made_by_conversion():
    assert CONVERTED, "settings.MACHINE_CONVERSION names no language of LANGUAGES"


@pytest.mark.parametrize("language", CONVERTED)
def test_every_public_page_answers_in_traditional_characters(client, seeded, language):
    paths = converted_paths(client, language)
    assert len(paths) > 200  # every law, article, card type and comparison, the lists
    paths += [f"/{language}/search/?q=养老", f"/{language}/guide/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.html["lang"] == "zh-Hant", path
        main = soup.find("main").get_text()
        assert TRADITIONAL_ONLY.search(main), path
        # The interface too (the zh_Hant catalogue): the site's name in the header.
        assert "社保查詢" in soup.find("header").get_text(), path


@pytest.mark.parametrize("language", CONVERTED)
def test_pages_link_every_language_and_the_switcher_offers_them(client, seeded, language):
    soup = BeautifulSoup(client.get(f"/{language}/laws/").content, "html.parser")
    alternates = {
        link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)
    }
    assert alternates == {"zh-Hans", "zh-Hant", "en", "x-default"}
    switcher = soup.find("nav", class_="lang-switch")
    assert len(switcher.find_all("li")) == len(settings.LANGUAGES) == 3


def test_sitemaps_list_every_language_as_an_alternate(client, seeded):
    xml = sitemap_files(client)[1]
    langs = set(re.findall(r'hreflang="([^"]+)"', xml))
    assert langs == {"zh-Hans", "zh-Hant", "en", "x-default"}


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("zh-TW,zh;q=0.9", "/zh-hant/"),
        ("zh-HK", "/zh-hant/"),
        ("zh-MO,en;q=0.5", "/zh-hant/"),
        ("zh-Hant", "/zh-hant/"),
        ("zh-Hant-TW", "/zh-hant/"),
        ("zh-CN", "/zh-hans/"),
        ("zh-SG", "/zh-hans/"),
        ("zh-Hans", "/zh-hans/"),
        ("zh", "/zh-hans/"),
        ("fr, zh-TW;q=0.5", "/zh-hant/"),
    ],
)
def test_the_browser_language_picks_the_script(client, accept_language, target):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response["Location"] == target


@pytest.mark.parametrize("language", CONVERTED)
def test_the_api_answers_in_the_converted_language(client, seeded, language):
    body = client.get(f"/api/v1/laws/social-insurance-law/?lang={language}").json()
    assert "中華人民共和國社會保險法" in str(body)


@pytest.mark.parametrize("language", CONVERTED)
def test_statutes_are_converted_character_by_character(seeded, language, settings):
    """A statute keeps its words (no regional vocabulary), editorial text takes the profile."""
    settings.MACHINE_CONVERSION = {language: {"editorial": "s2twp", "statute": "s2t"}}
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    assert registry.is_statute_field(Article, "text")
    assert conversion.converted_text(article, "text", language) == conversion.convert(
        article.text_zh_hans, "s2t"
    )
    comparison = Comparison.objects.get()
    comparison.introduction_zh_hans = "软件和信息"
    assert conversion.converted_text(comparison, "introduction", language) == "軟體和資訊"


@pytest.mark.parametrize("language", CONVERTED)
def test_conversion_review_and_reconversion(client, seeded, language):
    comparison = Comparison.objects.get()
    traditional = registry.column("introduction", language)
    source = registry.source_column("introduction")
    # Seeded: converted by machine, shown with a notice.
    assert getattr(comparison, traditional) == conversion.convert(
        getattr(comparison, source), settings.MACHINE_CONVERSION[language]["editorial"]
    )
    assert status_of(comparison, "introduction", language).status == MACHINE
    page = client.get(comparison.get_absolute_url().replace("/zh-hans/", f"/{language}/"))
    assert "note--machine" in page.content.decode()

    # The source changes: an unreviewed conversion follows it.
    setattr(comparison, source, "市民卡和社会保障卡的区别：养老保险")
    comparison.save()
    comparison.refresh_from_db()
    assert getattr(comparison, traditional) == "市民卡和社會保障卡的區別：養老保險"
    assert status_of(comparison, "introduction", language).status == MACHINE

    # A translator reviews it as it is: up to date, and no longer converted again...
    review([status_of(comparison, "introduction", language)])
    assert status_of(comparison, "introduction", language).status == UP_TO_DATE
    # ...so a later change of the source makes it outdated, like any translation.
    setattr(comparison, source, "市民卡和社会保障卡的区别：医疗保险")
    comparison.save()
    comparison.refresh_from_db()
    assert getattr(comparison, traditional) == "市民卡和社會保障卡的區別：養老保險"
    assert status_of(comparison, "introduction", language).status == OUTDATED


@pytest.mark.parametrize("language", CONVERTED)
def test_a_translators_edit_is_kept_and_becomes_outdated(seeded, language):
    comparison = Comparison.objects.get()
    traditional = registry.column("title", language)
    setattr(comparison, traditional, "市民卡與社保卡有何不同")
    comparison.save()
    assert status_of(comparison, "title", language).status == UP_TO_DATE
    setattr(comparison, registry.source_column("title"), "市民卡和社保卡有什么不同")
    comparison.save()
    comparison.refresh_from_db()
    assert getattr(comparison, traditional) == "市民卡與社保卡有何不同"
    assert status_of(comparison, "title", language).status == OUTDATED


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("query", ["養老保險", "养老保险"])
def test_either_script_finds_the_other(client, seeded, language, query):
    """On every language's search page; the marks fall on the characters shown (Traditional
    on zh-hant pages, the Simplified source elsewhere), whichever script was typed."""
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    marked = set(re.findall(r"<mark>([^<]*)</mark>", html))
    shown = "養老保險" if language in CONVERTED else "养老保险"
    assert shown in marked, (language, query, marked)


def test_the_interface_catalogue_is_converted():
    from django.utils import translation

    for language in CONVERTED:
        with translation.override(language):
            assert translation.gettext("Social security inquiry") == "社保查詢"


@pytest.mark.parametrize("language", CONVERTED)
def test_po_export_marks_conversions_fuzzy_and_an_accepted_entry_is_reviewed(
    seeded, tmp_path, language
):
    import io

    import polib
    from django.core.management import call_command

    comparison = Comparison.objects.get()
    path = tmp_path / "out.po"
    call_command("export_translations", "--language", language, "--only", "machine", "-o", path)
    catalogue = polib.pofile(str(path))
    entry = catalogue.find(f"cards.comparison:{comparison.pk}:title", by="msgctxt")
    assert entry.fuzzy and "Machine-converted" in entry.comment
    assert entry.msgstr == getattr(comparison, registry.column("title", language))
    # The translator accepts one entry as it is (removes "fuzzy"): reviewed, text unchanged.
    entry.flags.remove("fuzzy")
    catalogue.save(str(path))
    out = io.StringIO()
    call_command("import_translations", str(path), stdout=out)
    assert "1 machine-converted accepted" in out.getvalue()
    assert status_of(comparison, "title", language).status == UP_TO_DATE
    assert status_of(comparison, "introduction", language).status == MACHINE


@pytest.mark.parametrize("language", CONVERTED)
def test_the_dashboard_lists_conversions_and_accepts_one(client, seeded, language):
    from tests.translations.conftest import make_user
    from translations.roles import TRANSLATORS

    client.force_login(make_user("hant", TRANSLATORS, [language]))
    dashboard = "/en/admin/translations/translationstate/"
    html = client.get(dashboard).content.decode()
    assert 'class="status-machine"' in html
    comparison = Comparison.objects.get()
    context = f"cards.comparison:{comparison.pk}:title"
    response = client.post(
        "/en/admin/translations/translationstate/accept/",
        {"language": language, "context": context},
    )
    assert response.status_code == 302
    assert status_of(comparison, "title", language).status == UP_TO_DATE
    # Not in a language the translator does not translate.
    refused = client.post(
        "/en/admin/translations/translationstate/accept/", {"language": "en", "context": context}
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("language", CONVERTED)
def test_share_images_draw_traditional_text_in_a_traditional_face(client, seeded, language):
    from django.utils import translation

    from findability import share_image
    from tests.tools import need_file

    need_file(settings.SHARE_IMAGE_FONTS[0], "fonts-noto-cjk")
    with translation.override(language):
        assert share_image.font(40).getname()[0].endswith(settings.SHARE_IMAGE_FONT_FACES[language])
    response = client.get(f"/{language}/share/compare/citizen-card-vs-social-security-card.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@pytest.mark.parametrize("language", CONVERTED)
def test_phrase_corrections_and_reconversion_after_a_settings_change(seeded, language, settings):
    from django.core.management import call_command

    from cards.models import ComparisonPoint

    point = ComparisonPoint.objects.get(aspect_zh_hans="发卡机构")
    column = registry.column("aspect", language)
    assert getattr(point, column) == "發卡機構"  # not 髮卡 (a hair clip)
    reviewed = Comparison.objects.get()
    review([status_of(reviewed, "title", language)])
    title = getattr(reviewed, registry.column("title", language))
    settings.MACHINE_CONVERSION = {
        language: {**settings.MACHINE_CONVERSION[language], "phrases": {"发卡机构": "核發單位"}}
    }
    call_command("convert_translations", verbosity=0)
    point.refresh_from_db()
    reviewed.refresh_from_db()
    assert getattr(point, column) == "核發單位"  # unreviewed: converted again
    assert getattr(reviewed, registry.column("title", language)) == title  # reviewed: kept


def _edit_and_publish(client, obj, *saves):
    """Each of `saves` ({column: text}) saved through the admin as one more save of the live
    object's draft; then the draft published."""
    from tests.cards.test_admin import form_data
    from tests.publishing.test_drafts import change_url, publish_in_admin

    for changes in saves:
        data = form_data(client.get(change_url(obj)))
        data.update(changes)
        assert client.post(change_url(obj), data).status_code == 302
    assert publish_in_admin(client, obj, confirm=True).status_code == 302
    obj.refresh_from_db()


@pytest.mark.parametrize("language", CONVERTED)
def test_a_published_source_change_stays_machine_converted(client, seeded, language):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(editor)
    comparison = Comparison.objects.get()
    assert comparison.is_published
    source = registry.source_column("introduction")
    _edit_and_publish(client, comparison, {source: "市民卡和社会保障卡的区别：养老保险"})
    assert getattr(comparison, registry.column("introduction", language)) == (
        "市民卡和社會保障卡的區別：養老保險"
    )
    assert status_of(comparison, "introduction", language).status == MACHINE
    client.logout()
    with translation.override(language):
        page = client.get(comparison.get_absolute_url())
    assert "note--machine" in page.content.decode()


@pytest.mark.parametrize("language", CONVERTED)
def test_embeds_say_their_text_is_machine_converted(client, seeded, language):
    """As the pages and the law embed do: a reader of a converted embed is told so."""
    from questions.models import Question

    comparison = Comparison.objects.get()
    question = Question.objects.filter(is_published=True).first()
    assert question is not None
    assert status_of(question, "question", language).status == MACHINE
    for path in (
        f"/{language}/embed/compare/{comparison.slug}/point/1/",
        f"/{language}/embed/questions/{question.slug}/",
    ):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        assert soup.select(".note--machine"), path


@pytest.mark.parametrize("language", CONVERTED)
def test_the_home_page_says_machine_converted_once_per_list(client, seeded, language):
    """Not a label after each of a dozen items: one note above each list, and a mark on each
    converted item that screen readers read out as the word."""
    soup = BeautifulSoup(client.get(f"/{language}/").content, "html.parser")
    with translation.override(language):
        word = translation.gettext("Machine-converted")
    assert word == "機器轉換"
    marked = 0
    for section in soup.find("main").find_all("section"):
        marks = section.select(".note--machine-mark")
        notes = section.select("p.note--machine")
        if not marks:
            assert not notes
            continue
        marked += len(marks)
        assert len(notes) == 1, section["id"]
        note = notes[0]
        assert "※" in note.get_text() and "機器轉換" in note.get_text()
        assert note.find_next(class_="note--machine-mark") is marks[0]  # said before the items
        for mark in marks:
            assert mark.find(attrs={"aria-hidden": "true"}).get_text() == "※"
            assert mark.find(class_="visually-hidden").get_text() == word
            # In the page's language: never inside a passage marked as another one.
            assert mark.find_parent(attrs={"lang": True}).name == "html"
    assert marked > 10  # the seed's home page in a converted language: nearly everything
    for hidden in soup.select(".visually-hidden"):
        hidden.decompose()
    # One note per list: the guide, questions, comparisons, card types and laws.
    assert soup.find("main").get_text().count(word) == len(soup.select("p.note--machine")) <= 5

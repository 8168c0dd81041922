"""The translation dashboard, the admin's PO download / upload with preview, the status
column and filters, and the notes beside a field."""

import re

import polib
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from cards.models import CardType, PointText
from legislation.models import Article, Law
from publishing import services
from translations.models import GlossaryTerm

DASHBOARD = "/en/admin/translations/translationstate/"


def test_dashboard_counts_and_lists_missing_before_outdated(translator_client, chinese_only_law):
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    article.text_zh_hans = "修改后的中文。"
    article.save()
    html = translator_client.get(DASHBOARD).content.decode()
    assert "All content" in html
    assert html.index('class="status-missing"') < html.index('class="status-outdated"')
    # a link straight to the field's "outdated" marker
    assert (
        f"/legislation/article/{article.pk}/change/#outdated-legislation-article-{article.pk}-text_en"
        in html
    )


@pytest.mark.parametrize(
    ("prefix", "language", "label"), [("en", "English", "Text"), ("zh-hans", "英语", "内容")]
)
def test_the_dashboard_names_languages_and_fields_as_the_admin_does(
    translator_client, chinese_only_law, prefix, language, label
):
    """Language names, not codes ("en"); field labels, not field names ("text")."""
    page = translator_client.get(f"/{prefix}/admin/translations/translationstate/")
    soup = BeautifulSoup(page.content, "html.parser")
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["td", "th"])]
        for table in soup.select("#content-main table")
        for row in table.select("tbody tr")
    ]
    assert rows
    assert {row[0] for row in rows if len(row) == 9} == {language}  # completeness
    work = [row for row in rows if len(row) == 6]
    assert {row[1] for row in work} == {language}
    fields = {row[3] for row in work}
    assert label in fields
    assert not fields & {"text", "title", "issuer", "heading"}


def dashboard_links(html):
    return re.findall(r'href="([^"]*#outdated-[^"]+)"', html)


@pytest.mark.parametrize("part", [False, True])
def test_a_dashboard_link_lands_on_the_outdated_field_with_old_and_new_source(
    translator_client, seeded, part
):
    """A field of the object itself, or of a part edited on its owner's form (a point text)."""
    if part:
        obj = PointText.objects.filter(point__position=2).order_by("pk").first()
        field, old = "text", obj.text_zh_hans
        obj.text_zh_hans = old + "（示例修改）"
    else:
        obj = Article.objects.get(law__slug="social-insurance-law", number=3)
        field, old = "text", obj.text_zh_hans
        obj.text_zh_hans = "第三条修改后的中文。"
    obj.save()
    anchor = f"outdated-{obj._meta.app_label}-{obj._meta.model_name}-{obj.pk}-{field}_en"
    links = [
        link
        for link in dashboard_links(translator_client.get(DASHBOARD).content.decode())
        if link.endswith("#" + anchor)
    ]
    assert len(links) == 1
    page = translator_client.get(links[0].split("#")[0])
    assert page.status_code == 200
    marker = BeautifulSoup(page.content, "html.parser").find(id=anchor)
    assert marker is not None, "the link's fragment is on the page"
    assert "Outdated" in marker.get_text()
    texts = [
        t.get_text(strip=True) for t in marker.select(".translation-outdated__text [lang=zh-hans]")
    ]
    assert texts == [old.strip(), obj.text_zh_hans.strip()]


def test_dashboard_shows_terminology_warnings(translator_client, seeded):
    assert GlossaryTerm.objects.filter(source="市民卡").exists()
    card = CardType.objects.get(slug="citizen-card")  # 市民卡 in its Chinese summary
    card.summary_en = "A card issued by the local government to local residents."
    card.save()
    html = translator_client.get(DASHBOARD).content.decode()
    # Each term is marked with its language (WCAG 3.1.2: Chinese in the English admin).
    assert '<span lang="zh-hans">市民卡</span> → <span lang="en">citizen card</span>' in html


def test_change_form_notes_outdated_and_glossary_beside_the_field(admin_client, seeded):
    article = Article.objects.get(law__slug="social-insurance-law", number=8)
    article.text_en = "The social security office handles social insurance matters."
    article.save()
    article.text_zh_hans += "\n\n新增一款。"
    article.save()
    html = admin_client.get(f"/en/admin/legislation/article/{article.pk}/change/").content.decode()
    assert "Outdated: the Simplified Chinese text changed on" in html
    assert "Glossary: “社会保险经办机构” is rendered “social insurance agency”." in html


def test_status_filters_in_every_content_list(admin_client, chinese_only_law):
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    article.text_zh_hans = "修改后的中文。"
    article.save()
    html = admin_client.get(
        "/en/admin/legislation/article/?translation_en=outdated"
    ).content.decode()
    assert f"/legislation/article/{article.pk}/change/" in html
    assert html.count("translation-status--outdated") == 1
    html = admin_client.get(
        "/en/admin/legislation/article/?translation_en=missing"
    ).content.decode()
    # the Labour Contract Law's 98 articles (their English removed)
    assert html.count("translation-status--missing") == 98
    html = admin_client.get("/en/admin/cards/cardtype/?translation_en=missing").content.decode()
    assert "0 card types" in html or "translation-status--missing" not in html


def test_admin_download_then_upload_with_preview(translator_client, chinese_only_law):
    response = translator_client.get(
        "/en/admin/translations/translationstate/export/", {"language": "en", "only": "missing"}
    )
    assert response.status_code == 200
    catalogue = polib.pofile(response.content.decode())
    article = Article.objects.get(law__slug="labour-contract-law", number=40)  # Chinese only
    catalogue.find(f"legislation.article:{article.pk}:text", by="msgctxt").msgstr = "Uploaded."
    upload = SimpleUploadedFile("en.po", str(catalogue).encode(), "text/x-gettext-translation")
    url = "/en/admin/translations/translationstate/import/"
    preview = translator_client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert "Uploaded." in preview.content.decode()
    article.refresh_from_db()
    assert not article.text_en  # nothing applied before the confirmation
    response = translator_client.post(url, {"apply": "1"}, follow=True)
    assert response.status_code == 200
    # The article is live: the upload is its draft, named and linked in the message.
    message = next(str(m) for m in response.context["messages"] if "draft" in str(m))
    assert "awaiting publication" in message
    assert f'href="/en/admin/legislation/article/{article.pk}/change/"' in message
    article.refresh_from_db()
    assert not article.text_en
    services.publish(article, user=None)
    article.refresh_from_db()
    assert article.text_en == "Uploaded."


def test_admin_upload_in_chinese_says_the_drafts_await_publication(translator_client, seeded):
    export = "/zh-hans/admin/translations/translationstate/export/"
    catalogue = polib.pofile(translator_client.get(export, {"language": "en"}).content.decode())
    law = Law.objects.get(slug="social-insurance-law")
    chapter = law.chapters.get(number=2)
    catalogue.find(f"legislation.chapter:{chapter.pk}:title", by="msgctxt").msgstr = "Pensions"
    upload = SimpleUploadedFile("en.po", str(catalogue).encode(), "text/x-gettext-translation")
    url = "/zh-hans/admin/translations/translationstate/import/"
    preview = translator_client.post(url, {"file": upload}).content.decode()
    assert f"“{law}”的草稿" in preview  # the chapter goes into the draft of its law
    response = translator_client.post(url, {"apply": "1"}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert "草稿" in message and "发布" in message
    assert f'href="/zh-hans/admin/legislation/law/{law.pk}/change/"' in message


def test_admin_upload_of_a_bad_file_shows_the_problems(translator_client, seeded):
    upload = SimpleUploadedFile("bad.po", b'msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n')
    response = translator_client.post(
        "/en/admin/translations/translationstate/import/", {"file": upload}
    )
    assert response.status_code == 400
    assert "nothing was changed" in response.content.decode()


def test_each_language_is_marked_in_the_english_admin(admin_client, seeded):
    """WCAG 3.1.2: the Chinese source in the English admin says it is Chinese, so a screen
    reader reads it as such: its boxes, the list cells of its columns, the articles' excerpts."""
    from translations import registry

    source = registry.SOURCE_LANGUAGE
    card_type = CardType.objects.order_by("pk").first()
    html = admin_client.get("/en/admin/cards/cardtype/").content.decode()
    cell = BeautifulSoup(html, "html.parser").select_one(
        f"#result_list .field-{registry.column('name', source)}"
    )
    assert cell["lang"] == source
    assert getattr(card_type, registry.column("name", source)) in cell.text
    english = BeautifulSoup(html, "html.parser").select_one(
        f"#result_list .field-{registry.column('name', 'en')}"
    )
    assert english["lang"] == "en"

    form = BeautifulSoup(
        admin_client.get(f"/en/admin/cards/cardtype/{card_type.pk}/change/").content, "html.parser"
    )
    for language in registry.languages():
        assert form.select_one(f"[name={registry.column('name', language)}]")["lang"] == language
    assert not form.select_one("[name=position]").has_attr("lang")

    articles = BeautifulSoup(
        admin_client.get("/en/admin/legislation/article/").content, "html.parser"
    )
    excerpts = articles.select("#result_list td.field-excerpt [lang]")
    assert excerpts and {e["lang"] for e in excerpts} == {source}


def test_the_export_form_offers_the_machine_conversions_of_a_converted_language(client, seeded):
    """What `export_translations --only machine` gives, from the dashboard: the conversions
    awaiting review. Offered only where a language is filled by conversion."""
    from tests.translations.conftest import make_user
    from translations import conversion
    from translations.roles import TRANSLATORS
    from translations.status import build_report

    for language in ("en", *conversion.converted_languages()):
        client.force_login(make_user(f"for-{language}", TRANSLATORS, [language]))
        soup = BeautifulSoup(client.get(DASHBOARD).content, "html.parser")
        offered = [option["value"] for option in soup.select('select[name="only"] option')]
        assert offered[:3] == ["", "missing", "outdated"]
        if not conversion.is_converted(language):
            assert "machine" not in offered
            continue
        assert "machine" in offered
        response = client.get(f"{DASHBOARD}export/", {"language": language, "only": "machine"})
        assert response.status_code == 200
        assert f'filename="content-{language}-machine.po"' in response["Content-Disposition"]
        entries = polib.pofile(response.content.decode())
        assert len(entries) == build_report([language]).by_language[language].machine > 0
        assert all(entry.fuzzy and "Machine-converted" in entry.comment for entry in entries)

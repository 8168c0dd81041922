"""The admin's law import: upload, preview of what would change, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from legislation.importer import import_law
from legislation.models import Article, Law
from tests.contracts.test_integrity import drafted
from tests.legislation.test_importer import MALFORMED, SMALL, SMALL_EN

URL = "/{lang}/admin/legislation/law/import/"


def upload(text, name="law.txt"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_changelist_links_to_the_import_form(admin_client, lang):
    response = admin_client.get(f"/{lang}/admin/legislation/law/")
    assert URL.format(lang=lang) in response.text
    assert admin_client.get(URL.format(lang=lang)).status_code == 200


def test_preview_then_confirm(admin_client):
    data = {"law": "example", "language": "zh-hans", "file": upload(SMALL)}
    preview = admin_client.post(URL.format(lang="en"), data)
    assert preview.status_code == 200
    assert "7 rows would change" in preview.text
    assert "Article 3" in preview.text
    assert not Law.objects.filter(slug="example").exists()  # a preview writes nothing

    confirm = {
        "law": "example",
        "language": "zh-hans",
        "text": preview.context["confirm_form"].initial["text"],
        "confirm": "1",
    }
    response = admin_client.post(URL.format(lang="en"), confirm)
    law = Law.objects.get(slug="example")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/legislation/law/{law.pk}/change/")
    assert law.articles.count() == 3

    again = admin_client.post(URL.format(lang="en"), {**data, "file": upload(SMALL)})
    assert "nothing would change" in again.text


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_malformed_file_is_refused_with_its_line_numbers(admin_client, lang):
    bad = SMALL.replace("第二条 依照", "第四条 依照")
    response = admin_client.post(
        URL.format(lang=lang), {"law": "example", "language": "zh-hans", "file": upload(bad)}
    )
    assert response.status_code == 200
    if lang == "zh-hans":
        assert "第9行：第4条跳过了第2条" in response.text
    else:
        assert "line 9: article 4 skips article 2" in response.text
    assert not Article.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_clearly(admin_client):
    response = admin_client.post(
        URL.format(lang="en"),
        {
            "law": "example",
            "language": "zh-hans",
            "file": SimpleUploadedFile("law.txt", SMALL.encode("gb18030")),
        },
    )
    assert "The file is not UTF-8 text." in response.text
    assert not Law.objects.exists()


def test_staff_without_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(URL.format(lang="en")).status_code == 403


@pytest.mark.parametrize(
    ("text", "language"),
    [
        *[(case[0], "zh-hans") for case in MALFORMED],
        ("", "zh-hans"),
        ("法\n\n2020年 通过", "zh-hans"),
        ("法\n\n第一条 甲。\n\n第一章 总则\n\n第二条 乙。", "zh-hans"),
        ("法\n\n第一章 总则\n\n第一条 甲。\n\n第一条 甲。", "zh-hans"),
        ("Law\n\nArticle 1\n\nChapter II", "en"),
        (SMALL_EN, "en"),  # before the Chinese text: no such law
        (SMALL_EN.replace("Chapter II Supplementary", "Chapter III Supplementary"), "en"),
        (SMALL_EN.replace("Section 1 General Rules\n", ""), "en"),
    ],
)
def test_problems_are_shown_in_the_admins_language(db, text, language):
    from django.utils import translation

    from legislation.importer import LawImportError, import_law
    from legislation.problems import TEMPLATES, problem_message

    if "Chapter III" in text or "General Rules" not in text:
        import_law(SMALL, slug="example", language="zh-hans")
    with pytest.raises(LawImportError) as refused:
        import_law(text, slug="example", language=language)
    for problem in refused.value.problems:
        assert problem.template in TEMPLATES, problem.template
        with translation.override("zh-hans"):
            chinese = problem_message(problem)
        assert chinese != problem.message and not any(
            word in chinese for word in ("article", "chapter", "section", "skips", "missing")
        ), chinese


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "line 7: article 1 is 20,011 characters long, more than the limit of 20,000"),
        ("zh-hans", "第7行：第1条有20,011个字，超过了20,000字的上限"),
    ],
)
def test_an_article_longer_than_the_limit_is_refused_in_the_preview(admin_client, lang, message):
    from tests.legislation.test_importer import LONG

    response = admin_client.post(
        URL.format(lang=lang), {"law": "example", "language": "zh-hans", "file": upload(LONG)}
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Law.objects.exists()


@pytest.mark.parametrize(
    ("lang", "label_then_name"),
    [("en", "changes to it: {}"), ("zh-hans", "改动：{}")],
)
def test_the_preview_names_drafts_made_before_the_import_after_the_languages_colon(
    admin_client, lang, label_then_name
):
    """「……的改动：第三条」: no space after a full-width colon (acceptance round FE)."""
    import_law(SMALL, slug="example", language="zh-hans", publish=True)
    third = Article.objects.get(law__slug="example", number=3)
    drafted(third, lambda a: Article.objects.filter(pk=a.pk).update(text_en="A draft."))
    changed = SMALL.replace("本法自公布之日起施行。", "本法自二〇二一年一月一日起施行。")
    data = {"law": "example", "language": "zh-hans", "file": upload(changed)}
    preview = admin_client.post(URL.format(lang=lang), data)
    with translation.override(lang):
        name = escape(str(third))
    assert label_then_name.format(name) in preview.text, preview.text

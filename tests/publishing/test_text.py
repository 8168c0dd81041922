"""Editors' text is stored normalised (LF, no trailing whitespace), so an unchanged textarea
resubmitted with a browser's CRLF line ends changes nothing and records no change; link
fields hold web addresses only."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation
from modeltranslation.translator import translator
from reversion.models import Revision

from cards.models import CardType, Comparison, PointText
from legislation.models import Article, Law
from legislation.seed import SEED, load_laws
from publishing import registry, services
from publishing.diff import changed_labels
from publishing.models import Publishable
from publishing.text import is_plain_text, normalise_text
from publishing.versioning import snapshot, versions_of
from tests.cards.test_admin import form_data
from tests.translations.conftest import browser_form_data, make_user
from translations.roles import TRANSLATORS
from translations.seeding import Report
from translations.tracking import sync


def content_models():
    yield from registry.content_models()


def text_columns(model):
    """The text columns an editor fills in: each language's column of a translated field and
    the untranslated text fields (not the original column behind a translated field, nor a
    choice such as a law version's kind, which editors pick rather than type)."""
    options = (
        translator.get_options_for_model(model)
        if model in translator.get_registered_models()
        else None
    )
    originals = set(options.all_fields) if options else set()
    return [
        f.attname
        for f in model._meta.concrete_fields
        if is_plain_text(f) and f.name not in originals
    ]


def all_text():
    return {
        model: list(model.objects.order_by("pk").values_list("pk", *text_columns(model)))
        for model in content_models()
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\r\nb\r\n\r\nc", "a\nb\n\nc"),
        ("a  \r\nb\t\r\n", "a\nb"),
        ("old mac\rline", "old mac\nline"),
        ("\u3000\u3000缩进的第一行。\u3000\n", "\u3000\u3000缩进的第一行。"),
        ("", ""),
    ],
)
def test_normalise_text(value, expected):
    assert normalise_text(value) == expected


def test_every_text_field_of_public_content_is_stored_normalised(seeded):
    for model in content_models():
        columns = text_columns(model)
        obj = model.objects.first()
        if not columns or obj is None:
            continue
        for column in columns:
            setattr(obj, column, "line one  \r\nline two\t\r\n")
        obj.save()
        stored = model.objects.filter(pk=obj.pk).values(*columns).get()
        for value in stored.values():
            # LF line ends, nothing trailing; a one-line field (a search term) may join lines.
            assert value in ("line one\nline two", "line one line two"), (model, value)


def crlf(value):
    """What a browser submits for a textarea: CRLF line ends (here with trailing spaces too)."""
    return value.replace("\n", "  \r\n") if isinstance(value, str) else value


@pytest.fixture
def multiline(seeded):
    """Seeded content with line breaks in the fields each change page shows."""
    Comparison.objects.update(introduction_zh_hans="第一段。\n\n第二段。")
    PointText.objects.update(text_zh_hans="一行\n二行")
    CardType.objects.update(summary_zh_hans="概要。\n第二行。")
    Article.objects.filter(number=2).update(text_zh_hans="第一款。\n\n第二款。")
    # As every writer that bypasses signals does (translations.tracking): the status, and the
    # languages made by conversion, follow the new sources.
    changed = [Comparison, PointText, CardType]
    sync([obj for model in changed for obj in model.objects.all()])
    sync(list(Article.objects.filter(number=2)))
    return Comparison.objects.get()


def change_pages(comparison):
    card = comparison.compared_card_types()[0]
    law = Law.objects.get(slug="social-insurance-law")
    article = law.articles.get(number=2)
    return [
        ("cards/comparison", comparison),
        ("cards/cardtype", card),
        ("legislation/law", law),
        ("legislation/article", article),
    ]


def change_log(obj):
    return LogEntry.objects.filter(object_id=str(obj.pk), action_flag=CHANGE)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_resubmitting_unchanged_textareas_with_crlf_records_no_change(
    admin_client, multiline, lang
):
    before = all_text()
    revisions = Revision.objects.count()
    for path, obj in change_pages(multiline):
        url = f"/{lang}/admin/{path}/{obj.pk}/change/"
        data = {name: crlf(value) for name, value in form_data(admin_client.get(url)).items()}
        assert any("\r\n" in str(value) for value in data.values()), path
        logged = change_log(obj).count()
        response = admin_client.post(url, data)
        assert response.status_code == 302, (path, response.content.decode()[:3000])
        if isinstance(obj, Publishable):
            # A live card type or comparison: a change would be kept as its draft.
            assert obj.is_published, path
            assert services.draft_of(obj) is None, path
            assert change_log(obj).count() == logged, path
        else:
            entry = change_log(obj).latest("pk")
            assert entry.object_repr == str(obj)
            with translation.override("en"):
                assert entry.get_change_message() == "No fields changed.", path
    assert Revision.objects.count() == revisions  # no new version in the history
    assert all_text() == before


@pytest.fixture
def translator_client(client, multiline):
    client.force_login(make_user("translator", TRANSLATORS, ["en"]))
    return client


def test_a_translator_filling_in_english_changes_only_the_english(
    translator_client, admin_client, multiline
):
    """A translator's save of a live comparison is a draft (they cannot publish): the draft
    differs from the live version in that one English field, and an editor's publication
    brings exactly that change to the live rows."""
    Comparison.objects.update(introduction_en="")
    multiline.refresh_from_db()
    live = snapshot(multiline)
    url = f"/en/admin/cards/comparison/{multiline.pk}/change/"
    page = translator_client.get(url)
    data = {name: crlf(value) for name, value in browser_form_data(page).items()}
    data["introduction_en"] = "First paragraph.\r\n\r\nSecond paragraph."
    response = translator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    multiline.refresh_from_db()
    assert multiline.introduction_en == ""  # visitors still see the published version
    draft = services.draft_of(multiline)
    assert draft is not None
    with translation.override("en"):
        assert changed_labels(live, versions_of(draft.revision)) == ["Introduction (English)"]
    # The translator cannot publish it; an editor does.
    publish = f"/en/admin/cards/comparison/{multiline.pk}/publish/"
    assert translator_client.post(publish, {"base_revision": draft.revision_id}).status_code == 403
    multiline.refresh_from_db()
    assert multiline.introduction_en == ""
    response = admin_client.post(publish, {"base_revision": draft.revision_id})
    assert response.status_code == 302, response.content.decode()[:3000]
    multiline.refresh_from_db()
    assert multiline.introduction_zh_hans == "第一段。\n\n第二段。"
    assert multiline.introduction_en == "First paragraph.\n\nSecond paragraph."
    assert PointText.objects.filter(text_zh_hans="一行\n二行").count() == PointText.objects.count()


# --- links ----------------------------------------------------------------------------------

UNSAFE_URLS = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<b>x</b>",
    "ftp://example.com/law",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_a_link_field_refuses_anything_but_a_web_address(seeded, url):
    law = Law.objects.get(slug="social-insurance-law")
    law.source_url = url
    with pytest.raises(ValidationError) as error:
        law.full_clean()
    assert "source_url" in error.value.message_dict
    with pytest.raises(ValidationError):
        law.save()  # also without full_clean(): scripts, seeds
    assert Law.objects.get(slug="social-insurance-law").source_url == "https://flk.npc.gov.cn/"


@pytest.mark.parametrize(
    ("lang", "url", "message"),
    [
        (
            "en",
            "ftp://example.com/law",
            "Enter a web address that starts with http:// or https://.",
        ),
        ("zh-hans", "ftp://example.com/law", "请输入以 http:// 或 https:// 开头的网址。"),
        ("en", "javascript:alert(1)", "Enter a valid URL."),
    ],
)
def test_the_admin_refuses_a_link_that_is_not_a_web_address(
    admin_client, seeded, lang, url, message
):
    law = Law.objects.get(slug="social-insurance-law")
    page = f"/{lang}/admin/legislation/law/{law.pk}/change/"
    response = admin_client.post(page, {**form_data(admin_client.get(page)), "source_url": url})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Law.objects.get(slug="social-insurance-law").source_url == "https://flk.npc.gov.cn/"


def test_the_seed_loader_refuses_a_link_that_is_not_a_web_address(db, tmp_path, monkeypatch):
    data = json.loads((SEED / "social-insurance-law.json").read_text(encoding="utf-8"))
    (tmp_path / "law.json").write_text(
        json.dumps({**data, "source_url": "javascript:alert(1)"}), encoding="utf-8"
    )
    for text in SEED.glob("social-insurance-law-*.txt"):
        (tmp_path / text.name).write_bytes(text.read_bytes())
    with pytest.raises(ValidationError):
        load_laws(Report(), seed=tmp_path)
    monkeypatch.setattr(
        "portal.management.commands.load_seed.load_laws",
        lambda report, overwrite: load_laws(report, overwrite=overwrite, seed=tmp_path),
    )
    with pytest.raises(CommandError, match="source_url"):
        call_command("load_seed", verbosity=0)
    assert not Law.objects.exists() and not Article.objects.exists()

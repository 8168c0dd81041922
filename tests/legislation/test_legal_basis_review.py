"""Legal basis under review: a cited article gets a new wording (an amendment imported, an
editor's change), every object citing it is listed with the change until an editor marks it
reviewed, and its public page says so meanwhile (legislation.review)."""

import datetime
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from cards.models import Comparison
from guide.models import Task
from legislation.importer import import_law
from legislation.models import Article, CitationReview
from legislation.review import citing_kinds
from publishing import registry
from publishing.models import RevisionKind
from publishing.versioning import revisions_of
from questions.models import Question
from tests.translations.conftest import make_user
from translations.conversion import in_script
from translations.registry import languages
from translations.roles import EDITORS, TRANSLATORS

SEED = Path(__file__).resolve().parents[2] / "legislation" / "seed"
ZH = (SEED / "social-insurance-law-2018.zh-hans.txt").read_text(encoding="utf-8")
EN = (SEED / "social-insurance-law-2018.en.txt").read_text(encoding="utf-8")
# Article 4, cited by the seed comparison, the guide's "check my contributions" and the
# question on checking one's own contribution records (its legal basis and a quotation).
ZH_OLD, ZH_NEW = "有权查询缴费记录", "有权免费查询缴费记录"
EN_OLD, EN_NEW = "are entitled to check their", "are entitled to check, free of charge, their"
AMENDED = datetime.date(2026, 6, 1)
LIST = "/{}/admin/legislation/citationreview/"
COMPARISON = "/{}/compare/citizen-card-vs-social-security-card/"


ZH_AMENDED, EN_AMENDED = ZH.replace(ZH_OLD, ZH_NEW), EN.replace(EN_OLD, EN_NEW)


def amend(zh=ZH_AMENDED, en=EN_AMENDED, on=AMENDED):
    assert ZH_AMENDED != ZH and EN_AMENDED != EN
    for text, language in ((zh, "zh-hans"), (en, "en")):
        import_law(text, slug="social-insurance-law", language=language, version_date=on)


def notices(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return soup.select(".notice--legal-basis")


@pytest.fixture
def editor_client(client, seeded):
    client.force_login(make_user("editor", EDITORS))
    return client


def test_every_kind_that_cites_articles_is_covered_from_the_registry():
    covered = {kind.name for kind, _lookup in citing_kinds()}
    article = registry.for_model(Article).name
    declared = {k.name for k in registry.kinds() if any(n == article for n, _l in k.refers_to)}
    assert covered == declared
    assert {"comparison", "task"} <= covered


def test_an_amendment_is_listed_shown_on_the_pages_until_marked_reviewed(editor_client):
    client = editor_client
    amend()
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    task = Task.objects.get(slug="check-my-contributions")
    question = Question.objects.get(slug="check-own-contribution-records")

    # The review list: the three citing objects, with the change in each language.
    page = client.get(LIST.format("en"))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    rows = soup.select("#result_list tbody tr")
    assert len(rows) == 3
    text = soup.select_one("#result_list").get_text()
    assert comparison.title_en in text and task.question_en in text
    assert question.question_en in text
    assert "Article 4 of the Social Insurance Law" in text
    inserted = [ins.get_text() for ins in soup.select("#result_list ins")]
    assert any("免" in word for word in inserted)  # Chinese: the characters inserted
    assert any("free" in word for word in inserted)
    assert {div["lang"] for div in soup.select(".legal-basis-change [lang]")} == set(languages())
    assert soup.select_one(f'a[href="{comparison.get_absolute_url()}"]') is not None
    chinese = client.get(LIST.format("zh-hans")).content.decode()
    assert "法律依据已变更" in chinese and "标记为已审核" in chinese

    # The public pages say so, in the reader's language, with the date.
    client.logout()
    [en] = notices(client, COMPARISON.format("en"))
    assert "Article 4 of the Social Insurance Law" in en.get_text()
    assert "amendment of" in en.get_text() and en.time["datetime"] == "2026-06-01"
    [zh] = notices(client, COMPARISON.format("zh-hans"))
    assert "《中华人民共和国社会保险法》第四条" in zh.get_text() and "修正" in zh.get_text()
    assert zh.time["datetime"] == "2026-06-01"
    [guide] = notices(client, "/en/guide/")
    assert guide.find_parent(id=task.anchor) is not None
    [asked] = notices(client, question.get_absolute_url())
    assert "Article 4 of the Social Insurance Law" in asked.get_text()

    # Marked reviewed: recorded in the history, gone from the list and the pages.
    client.force_login(make_user("editor2", EDITORS))
    ids = [str(pk) for pk in CitationReview.objects.values_list("pk", flat=True)]
    answer = client.post(
        LIST.format("en"), {"action": "mark_reviewed", "_selected_action": ids}, follow=True
    )
    assert answer.status_code == 200
    assert "3 items marked reviewed" in answer.content.decode()
    latest = revisions_of(comparison).first()
    assert latest.kind.kind == RevisionKind.Kind.REVIEWED and latest.user.username == "editor2"
    assert revisions_of(task).first().kind.kind == RevisionKind.Kind.REVIEWED
    assert not BeautifulSoup(client.get(LIST.format("en")).content, "html.parser").select(
        "#result_list"
    )
    client.logout()
    for language in ("en", "zh-hans"):
        assert notices(client, COMPARISON.format(language)) == []
    assert notices(client, "/en/guide/") == []
    assert notices(client, question.get_absolute_url()) == []


def test_an_identical_reimport_flags_nothing(editor_client):
    amend(zh=ZH, en=EN, on=None)
    assert not CitationReview.objects.filter(amended_on__isnull=False).exists()
    assert notices(editor_client, COMPARISON.format("en")) == []


def test_two_amendments_show_the_change_from_the_reviewed_wording(editor_client):
    amend()
    amend(
        zh=ZH.replace(ZH_OLD, "有权随时免费查询缴费记录"),
        en=EN.replace(EN_OLD, "are entitled to check, at any time and free of charge, their"),
        on=datetime.date(2026, 9, 1),
    )
    comparison_type = ContentType.objects.get_for_model(Comparison)
    review = CitationReview.objects.get(content_type=comparison_type)
    assert ZH_OLD in review.reviewed_text["zh-hans"]  # the wording it was written against
    assert review.amended_on == datetime.date(2026, 9, 1)
    soup = BeautifulSoup(editor_client.get(LIST.format("en")).content, "html.parser")
    inserted = " ".join(ins.get_text() for ins in soup.select("#result_list ins"))
    assert "随" in inserted and "免" in inserted and "any time" in inserted


def test_an_editors_change_flags_and_changing_it_back_clears(seeded):
    article = Article.objects.get(law__slug="social-insurance-law", number=5)
    original = article.text_zh_hans
    article.text_zh_hans = original.replace("国家", "国家依法", 1)
    assert article.text_zh_hans != original
    article.save()
    flagged = CitationReview.objects.filter(article=article, amended_on__isnull=False)
    assert flagged.count() == 1  # the comparison (no guide task cites Article 5)
    article.text_zh_hans = original
    article.save()
    assert not CitationReview.objects.filter(article=article, amended_on__isnull=False).exists()


def test_a_changed_translation_alone_is_no_amendment(client, seeded):
    """The Simplified Chinese text is authoritative: a new English wording of a cited article
    is announced to no reader, in no language, and listed for no editor."""
    amend(zh=ZH)  # only the English changes
    assert not CitationReview.objects.filter(amended_on__isnull=False).exists()
    question = Question.objects.get(slug="check-own-contribution-records")
    for path in ("/en/guide/", "/zh-hans/guide/", COMPARISON.format("en"),
                 COMPARISON.format("zh-hans"), question.get_absolute_url()):  # fmt: skip
        assert notices(client, path) == [], path
    client.force_login(make_user("editor", EDITORS))
    listing = BeautifulSoup(client.get(LIST.format("en")).content, "html.parser")
    assert not listing.select("#result_list")
    # Then a real amendment: listed, with the English change beside it.
    amend()
    listing = BeautifulSoup(client.get(LIST.format("en")).content, "html.parser")
    assert len(listing.select("#result_list tbody tr")) == 3


@pytest.mark.parametrize("fragments", [0, 3600], ids=["fragments off", "fragments kept"])
def test_the_notice_changes_with_the_flag_through_the_page_cache(
    settings, editor_client, django_capture_on_commit_callbacks, fragments
):
    """The notice is content: cached with the page, gone from it as soon as the flag goes;
    also where the flagged objects are kept per content version (publishing.fragments)."""
    from django.core.cache import cache

    settings.PAGE_CACHE_TIMEOUT = 600
    settings.FRAGMENT_CACHE_TIMEOUT = fragments
    cache.clear()
    client = editor_client
    client.logout()
    assert notices(client, COMPARISON.format("en")) == []
    with django_capture_on_commit_callbacks(execute=True):
        amend()
    assert len(notices(client, COMPARISON.format("en"))) == 1
    hit = client.get(COMPARISON.format("en"))
    assert hit["X-Page-Cache"] == "hit" and b"notice--legal-basis" in hit.content
    client.force_login(make_user("editor3", EDITORS))
    ids = [str(pk) for pk in CitationReview.objects.values_list("pk", flat=True)]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST.format("en"), {"action": "mark_reviewed", "_selected_action": ids})
    client.logout()
    assert notices(client, COMPARISON.format("en")) == []
    cache.clear()


def test_a_translator_cannot_see_the_list_nor_mark_reviewed(client, seeded):
    amend()
    client.force_login(make_user("translator", TRANSLATORS, ["en"]))
    ids = [str(pk) for pk in CitationReview.objects.values_list("pk", flat=True)]
    assert client.get(LIST.format("en")).status_code == 403
    answer = client.post(LIST.format("en"), {"action": "mark_reviewed", "_selected_action": ids})
    assert answer.status_code == 403
    assert CitationReview.objects.filter(amended_on__isnull=False).count() == 3


def test_an_editors_draft_flags_nothing_until_it_is_published(editor_client):
    from tests.legislation.test_drafts import edit, publish_in_admin

    fifth = Article.objects.with_law().get(law__slug="social-insurance-law", number=5)
    assert edit(editor_client, fifth, text_zh_hans="改写的第五条。").status_code == 302
    assert not CitationReview.objects.exists()  # a draft: the public text is unchanged
    assert publish_in_admin(editor_client, fifth).status_code == 302
    [review] = CitationReview.objects.filter(amended_on__isnull=False)
    assert review.citing.slug == "citizen-card-vs-social-security-card"
    assert "改写的第五条。" not in review.reviewed_text["zh-hans"]
    [notice] = notices(editor_client, COMPARISON.format("zh-hans"))
    assert "第五条" in notice.get_text()


def test_pages_with_the_notice_are_valid_html(client, seeded, tmp_path):
    import subprocess

    from tests.portal.test_html_validity import VNU
    from tests.tools import need_program

    need_program("java", "default-jre-headless")  # the W3C validator (vnu.jar)
    amend()
    for lang in ("zh-hans", "en"):
        for name, path in (("comparison", COMPARISON.format(lang)), ("guide", f"/{lang}/guide/")):
            response = client.get(path)
            assert b"notice--legal-basis" in response.content
            (tmp_path / f"{name}-{lang}.html").write_bytes(response.content)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "text", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_first_translation_of_a_cited_article_is_no_new_wording(seeded):
    article = Article.objects.get(law__slug="social-insurance-law", number=5)
    english = article.text_en
    Article.objects.filter(pk=article.pk).update(text_en="")  # not yet translated
    article.text_en = english
    article.save()  # a translator adds the English
    assert not CitationReview.objects.exists()


def test_a_law_without_an_english_title_marks_only_its_title_chinese(client, seeded):
    """A cited article's law with no English title (a Chinese-only law): the English words of
    the citation are English; the title alone carries the source language's lang."""
    from legislation.models import Law

    amend(en=EN)  # the Chinese wording changes: the pages carry the notice
    Law.objects.filter(slug="social-insurance-law").update(title_en="", title_zh_hans="测试条例")
    question = Question.objects.get(slug="check-own-contribution-records")
    with translation.override("en"):
        question_url = question.get_absolute_url()
    pages = {
        "/en/guide/": (".notice--legal-basis a", ".task a[href*='/articles/4/']"),
        COMPARISON.format("en"): (".notice--legal-basis a", ".legal-basis cite a"),
        question_url: (".notice--legal-basis a", ".legal-basis cite a"),
    }
    for path, selectors in pages.items():
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        for selector in selectors:
            links = soup.select(selector)
            assert links, (path, selector)
            for link in links:
                assert re.search(r"Article \d+ of the 测试条例", link.get_text()), (path, selector)
                assert not link.has_attr("lang"), (path, selector, str(link))
                [title] = link.select("[lang]")
                assert (title["lang"], title.get_text()) == ("zh-hans", "测试条例"), str(link)
    # The embedded question names its legal basis the same way.
    embed = client.get(f"/en/embed/questions/{question.slug}/").content.decode()
    assert re.search(r'Article \d+ of the <span lang="zh-hans">测试条例</span>', embed), embed


@pytest.mark.parametrize(
    ("language", "says", "never"),
    [
        ("en", "since this page was last reviewed", "after this was last reviewed"),
        ("zh-hans", "自本页上次审核以来", "晚于"),
        ("zh-hant", in_script("自本页上次审核以来", "zh-hant"), "晚於"),
    ],
)
def test_the_notice_claims_no_order_of_dates(client, seeded, language, says, never):
    """An amendment dated before the last review (imported after it) is still a change since
    the review: the notice says so without claiming the amendment's date came later."""
    before_review = datetime.date.today() - datetime.timedelta(days=5)
    amend(on=before_review)
    question = Question.objects.get(slug="check-own-contribution-records")
    with translation.override(language):
        url = question.get_absolute_url()
    [notice] = notices(client, url)
    text = " ".join(notice.get_text().split())
    assert says in text and never not in text
    assert notice.time["datetime"] == before_review.isoformat()

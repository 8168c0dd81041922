"""Delete and repair: where every reference blocking a delete can be cut (a guide task's link
to a comparison's point), the editor may confirm deleting anyway; the links are cut on the
live tasks and recorded in their history; recovering the deleted object from "Recover
deleted" brings it back with its points and puts the links back. Translators can do none of
it."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from cards.models import CardType, Comparison, ComparisonPoint
from guide.models import Task
from publishing.models import CutLink, RevisionKind
from publishing.repair import deleted_versions
from publishing.versioning import revisions_of
from tests.factories import make_comparison
from tests.translations.conftest import make_user
from translations.roles import EDITORS, TRANSLATORS

ADMIN = "/en/admin/cards/comparison/"
Kind = RevisionKind.Kind


@pytest.fixture
def editor_client(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


@pytest.fixture
def translator_client(seeded):
    client = Client()
    client.force_login(make_user("translator", TRANSLATORS, ["en"]))
    return client


@pytest.fixture
def linked(seeded):
    """A live comparison, and the guide tasks linking to its points: {task pk: point pk}."""
    task = Task.objects.filter(point__isnull=False).select_related("point__comparison").first()
    assert task is not None, "the seed links a guide task to a comparison point"
    comparison = task.point.comparison
    links = dict(Task.objects.filter(point__comparison=comparison).values_list("pk", "point_id"))
    return comparison, links


def test_the_delete_page_offers_to_cut_the_links_and_says_how(editor_client, linked):
    comparison, links = linked
    page = editor_client.get(f"{ADMIN}{comparison.pk}/delete/").content.decode()
    assert "These tasks link to its comparison points" in page
    assert f'action="{ADMIN}{comparison.pk}/delete/repair/"' in page
    assert "not as a draft" in page and "puts the links back" in page


def test_a_card_type_a_task_must_name_is_not_offered_a_repair(editor_client, linked):
    card = CardType.objects.get(pk=Task.objects.values_list("card", flat=True).first())
    page = editor_client.get(f"/en/admin/cards/cardtype/{card.pk}/delete/").content.decode()
    assert "These tasks link to it (“card to bring”)" in page
    assert "/delete/repair/" not in page
    url = f"/en/admin/cards/cardtype/{card.pk}/delete/repair/"
    response = editor_client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert CardType.objects.filter(pk=card.pk).exists()


def test_without_confirmation_nothing_is_deleted_or_cut(editor_client, linked):
    comparison, links = linked
    response = editor_client.post(f"{ADMIN}{comparison.pk}/delete/repair/", follow=True)
    assert "Nothing was deleted" in response.content.decode()
    assert Comparison.objects.filter(pk=comparison.pk).exists()
    assert dict(Task.objects.filter(pk__in=links).values_list("pk", "point_id")) == links


def test_confirmed_the_comparison_is_deleted_and_the_links_cut_in_history(
    editor_client, client, linked
):
    comparison, links = linked
    response = editor_client.post(
        f"{ADMIN}{comparison.pk}/delete/repair/", {"confirm": "yes"}, follow=True
    )
    text = response.content.decode()
    assert "links cut" in text and "Recover deleted" in text
    assert not Comparison.objects.filter(pk=comparison.pk).exists()
    assert not ComparisonPoint.objects.filter(pk__in=links.values()).exists()
    for task in Task.objects.filter(pk__in=links):
        assert task.point_id is None
        latest = revisions_of(task).first()
        assert latest.kind.kind == Kind.LINK_CUT and latest.user.username == "editor"
        history = editor_client.get(f"/en/admin/guide/task/{task.pk}/history/")
        assert "Link cut" in history.content.decode()
    # The guide still answers, without the link to the deleted row.
    page = client.get("/en/guide/").content.decode()
    assert f"/compare/{comparison.slug}/" not in page


def test_recover_brings_back_the_comparison_its_points_and_the_links(editor_client, client, linked):
    comparison, links = linked
    editor_client.post(f"{ADMIN}{comparison.pk}/delete/repair/", {"confirm": "yes"})
    listing = editor_client.get(f"{ADMIN}recover/").content.decode()
    assert f'action="{ADMIN}recover/{comparison.pk}/"' in listing
    assert "Recover deleted" in editor_client.get(ADMIN).content.decode()
    response = editor_client.post(f"{ADMIN}recover/{comparison.pk}/", follow=True)
    assert "Recovered" in response.content.decode()
    recovered = Comparison.objects.get(pk=comparison.pk)
    assert recovered.slug == comparison.slug and recovered.is_published
    assert dict(Task.objects.filter(pk__in=links).values_list("pk", "point_id")) == links
    assert not CutLink.objects.exists()
    for task in Task.objects.filter(pk__in=links):
        assert revisions_of(task).first().kind.kind == Kind.LINK_RESTORED
    assert client.get(f"/en/compare/{comparison.slug}/").status_code == 200
    assert f"/compare/{comparison.slug}/#" in client.get("/en/guide/").content.decode()
    assert str(comparison.pk) not in {v.object_id for v in deleted_versions(Comparison)}


@pytest.mark.parametrize(
    "language, said",
    [("en", "is already back"), ("zh-hans", "已经恢复")],
)
def test_recover_posted_twice_names_the_object_in_the_editors_words(
    editor_client, linked, language, said
):
    """A double click, or an old page of the list: the second POST finds the object back."""
    comparison, _links = linked
    editor_client.post(f"{ADMIN}{comparison.pk}/delete/repair/", {"confirm": "yes"})
    editor_client.post(f"{ADMIN}recover/{comparison.pk}/")
    url = f"/{language}/admin/cards/comparison/recover/{comparison.pk}/"
    page = editor_client.post(url, follow=True).content.decode()
    recovered = Comparison.objects.get(pk=comparison.pk)
    with translation.override(language):
        assert said in page and escape(str(recovered)) in page
    assert "cards.Comparison" not in page
    assert revisions_of(recovered).first().kind.kind == Kind.RECOVERED  # nothing recorded again


def test_a_link_given_another_target_meanwhile_is_left_as_it_is(editor_client, linked):
    comparison, links = linked
    editor_client.post(f"{ADMIN}{comparison.pk}/delete/repair/", {"confirm": "yes"})
    other = make_comparison(points=1).points.get()
    task_pk = next(iter(links))
    Task.objects.filter(pk=task_pk).update(point=other)
    editor_client.post(f"{ADMIN}recover/{comparison.pk}/")
    assert Task.objects.get(pk=task_pk).point_id == other.pk


def test_a_translator_can_neither_repair_nor_recover(translator_client, editor_client, linked):
    comparison, links = linked
    response = translator_client.post(f"{ADMIN}{comparison.pk}/delete/repair/", {"confirm": "yes"})
    assert response.status_code == 403
    assert Comparison.objects.filter(pk=comparison.pk).exists()
    assert dict(Task.objects.filter(pk__in=links).values_list("pk", "point_id")) == links
    editor_client.post(f"{ADMIN}{comparison.pk}/delete/repair/", {"confirm": "yes"})
    assert translator_client.get(f"{ADMIN}recover/").status_code == 403
    assert translator_client.post(f"{ADMIN}recover/{comparison.pk}/").status_code == 403
    assert not Comparison.objects.filter(pk=comparison.pk).exists()
    assert "Recover deleted" not in translator_client.get(ADMIN).content.decode()


def test_a_recovered_law_brings_back_its_article_and_the_link_cut_from_it(editor_client, linked):
    from legislation.models import Article, Law
    from tests.factories import make_law

    law = make_law(articles=2)
    article = law.articles.get(number=2)
    card = CardType.objects.get(pk=Task.objects.values_list("card", flat=True).first())
    task = Task.objects.create(
        slug="cites", question="引用", card=card, reason="因为", article=article
    )
    laws = "/en/admin/legislation/law/"
    page = editor_client.get(f"{laws}{law.pk}/delete/").content.decode()
    assert "These tasks link to its articles" in page and "/delete/repair/" in page
    editor_client.post(f"{laws}{law.pk}/delete/repair/", {"confirm": "yes"})
    assert not Law.objects.filter(pk=law.pk).exists()
    task.refresh_from_db()
    assert task.article_id is None
    editor_client.post(f"{laws}recover/{law.pk}/")
    assert Law.objects.filter(pk=law.pk).exists()
    # Its articles come back with it (issue 13, F3), not one at a time from their list.
    assert Article.objects.filter(pk=article.pk, law=law).exists()
    articles = "/en/admin/legislation/article/"
    listing = editor_client.get(f"{articles}recover/").content.decode()
    assert f"{articles}recover/{article.pk}/" not in listing
    task.refresh_from_db()
    assert task.article_id == article.pk
    assert not CutLink.objects.exists()


# --- the "delete selected" action offers the same repair --------------------------------------


def selected(*objs):
    return {"action": "delete_selected", "_selected_action": [str(obj.pk) for obj in objs]}


def test_delete_selected_names_what_links_and_offers_the_repair(editor_client, linked):
    comparison, links = linked
    other = make_comparison(points=1)
    page = editor_client.post(ADMIN, selected(comparison, other)).content.decode()
    assert "cannot be deleted" in page and "These tasks link to its comparison points" in page
    assert f'action="{ADMIN}delete-selected/repair/"' in page
    for obj in (comparison, other):
        assert f'name="_selected_action" value="{obj.pk}"' in page
    # Django's own confirmation deletes nothing while something blocks.
    editor_client.post(ADMIN, {**selected(comparison, other), "post": "yes"})
    assert Comparison.objects.filter(pk__in=[comparison.pk, other.pk]).count() == 2


def test_delete_selected_repair_without_confirmation_deletes_nothing(editor_client, linked):
    comparison, links = linked
    response = editor_client.post(
        f"{ADMIN}delete-selected/repair/", {"_selected_action": [comparison.pk]}, follow=True
    )
    assert "Nothing was deleted" in response.content.decode()
    assert Comparison.objects.filter(pk=comparison.pk).exists()
    assert dict(Task.objects.filter(pk__in=links).values_list("pk", "point_id")) == links


def test_delete_selected_repair_deletes_all_cuts_the_links_and_recover_restores(
    editor_client, client, linked
):
    comparison, links = linked
    other = make_comparison(points=1)
    response = editor_client.post(
        f"{ADMIN}delete-selected/repair/",
        {"_selected_action": [comparison.pk, other.pk], "confirm": "yes"},
        follow=True,
    )
    text = response.content.decode()
    assert "links cut" in text and "Recover deleted" in text
    assert not Comparison.objects.filter(pk__in=[comparison.pk, other.pk]).exists()
    assert all(
        point is None
        for point in Task.objects.filter(pk__in=links).values_list("point_id", flat=True)
    )
    assert f"/compare/{comparison.slug}/" not in client.get("/en/guide/").content.decode()
    editor_client.post(f"{ADMIN}recover/{comparison.pk}/")
    assert dict(Task.objects.filter(pk__in=links).values_list("pk", "point_id")) == links


def test_delete_selected_offers_no_repair_where_a_reference_cannot_be_cut(editor_client, linked):
    card = CardType.objects.get(pk=Task.objects.values_list("card", flat=True).first())
    url = "/en/admin/cards/cardtype/"
    page = editor_client.post(url, selected(card)).content.decode()
    assert "These tasks link to it (“card to bring”)" in page
    assert "delete-selected/repair/" not in page
    response = editor_client.post(
        f"{url}delete-selected/repair/",
        {"_selected_action": [card.pk], "confirm": "yes"},
        follow=True,
    )
    assert "Nothing was deleted" in response.content.decode()
    assert CardType.objects.filter(pk=card.pk).exists()


def test_a_translator_cannot_repair_a_selection(translator_client, linked):
    comparison, links = linked
    response = translator_client.post(
        f"{ADMIN}delete-selected/repair/", {"_selected_action": [comparison.pk], "confirm": "yes"}
    )
    assert response.status_code == 403
    assert Comparison.objects.filter(pk=comparison.pk).exists()


# --- links cut from pending drafts; what goes with a law or a comparison ----------------------

LAWS, ARTICLES = "/en/admin/legislation/law/", "/en/admin/legislation/article/"


def a_task(**fields):
    card = CardType.objects.get(pk=Task.objects.values_list("card", flat=True).first())
    return Task.objects.create(
        slug=fields.pop("slug", "cites-4730"),
        question="引用",
        card=card,
        reason="因为",
        is_published=True,
        **fields,
    )


def drafted_task(task, **values):
    """Keep `values` set on the task's rows as its pending draft."""
    from tests.factories import make_draft

    make_draft(task, lambda: Task.objects.filter(pk=task.pk).update(**values))


def task_in_draft(task):
    from publishing.services import draft_applied

    with draft_applied(task) as draft:
        assert draft is not None, "the task's draft is pending"
        return Task.objects.get(pk=task.pk)


def test_a_law_is_not_deleted_while_a_pending_draft_cites_one_of_its_articles(editor_client):
    from legislation.models import Law
    from publishing.services import draft_of
    from questions.models import Question, QuestionLegalBasis
    from tests.contracts.test_integrity import drafted
    from tests.factories import make_law

    law = make_law(articles=2)
    article = law.articles.get(number=2)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    drafted(question, lambda q: QuestionLegalBasis.objects.create(question=q, article=article))
    url = f"{LAWS}{law.pk}/delete/"
    page = editor_client.get(url).content.decode()
    assert "These pending drafts link to it" in page and escape(str(question)) in page
    assert f"{url}repair/" not in page, "a cited article's row cannot be cut"
    editor_client.post(url, {"post": "yes"})
    editor_client.post(f"{url}repair/", {"confirm": "yes"})
    assert Law.objects.filter(pk=law.pk).exists() and law.articles.filter(pk=article.pk).exists()
    assert draft_of(question) is not None
    change = f"/en/admin/questions/question/{question.pk}/change/"
    assert editor_client.get(change).status_code == 200, "the draft still opens"


@pytest.mark.parametrize("what", ["law", "comparison"])
def test_a_link_only_a_pending_draft_holds_to_what_goes_with_it_is_cut_and_restored(
    editor_client, what
):
    """A task's draft links to an article of the law (a point of the comparison) the live task
    does not link to: the delete page names the draft and offers the repair; the repair cuts
    the link from the draft; recovering puts it back in the draft."""
    from legislation.models import Law
    from tests.factories import make_law

    if what == "law":
        law = make_law(articles=2)
        row, field, admin = law.articles.get(number=2), "article", LAWS
        deleted = law
    else:
        deleted = make_comparison(points=2)
        row, field, admin = deleted.points.order_by("pk").last(), "point", ADMIN
    task = a_task()
    drafted_task(task, **{field: row})
    url = f"{admin}{deleted.pk}/delete/"
    page = editor_client.get(url).content.decode()
    assert "These pending drafts link to it" in page and task.question in page
    assert f"{url}repair/" in page
    editor_client.post(url, {"post": "yes"})
    assert type(deleted).objects.filter(pk=deleted.pk).exists(), "not deleted unrepaired"
    editor_client.post(f"{url}repair/", {"confirm": "yes"})
    assert not type(deleted).objects.filter(pk=deleted.pk).exists()
    assert getattr(task_in_draft(task), f"{field}_id") is None, "cut from the draft"
    assert editor_client.get(f"/en/admin/guide/task/{task.pk}/change/").status_code == 200
    response = editor_client.post(f"{admin}recover/{deleted.pk}/", follow=True)
    assert "Recovered" in response.content.decode()
    if what == "law":  # the article comes back with its law
        assert Law.objects.filter(pk=law.pk).exists() and law.articles.filter(pk=row.pk).exists()
    assert task.question in response.content.decode().split("links restored")[1][:2000]
    assert getattr(task_in_draft(task), f"{field}_id") == row.pk, "back in the draft"
    assert Task.objects.get(pk=task.pk).__dict__[f"{field}_id"] is None, "live task unchanged"
    assert not CutLink.objects.exists()


def repaired_article(editor_client):
    """A task linking live and in its draft to an article, deleted by a repair."""
    from tests.factories import make_law

    law = make_law(articles=3)
    article, other = law.articles.get(number=2), law.articles.get(number=3)
    task = a_task(article=article)
    drafted_task(task, reason_en="Drafted 4731")
    editor_client.post(f"{ARTICLES}{article.pk}/delete/repair/", {"confirm": "yes"})
    assert task_in_draft(task).article_id is None
    return task, article, other


def test_a_draft_saved_again_after_the_cut_gets_the_link_back_keeping_the_later_changes(
    editor_client,
):
    task, article, _other = repaired_article(editor_client)
    drafted_task(task, reason_en="Saved after the cut 4731")  # the editor saves the draft again
    response = editor_client.post(f"{ARTICLES}recover/{article.pk}/", follow=True)
    text = response.content.decode()
    assert "saved again after the link was cut" in text and task.question in text
    drafted = task_in_draft(task)
    assert (drafted.article_id, drafted.reason_en) == (article.pk, "Saved after the cut 4731")
    assert Task.objects.get(pk=task.pk).article_id == article.pk, "the live link is back too"


def test_a_draft_given_another_link_since_keeps_it_and_the_message_says_so(editor_client):
    task, article, other = repaired_article(editor_client)
    drafted_task(task, article=other)
    response = editor_client.post(f"{ARTICLES}recover/{article.pk}/", follow=True)
    text = response.content.decode()
    assert "The link was not put back in the draft of" in text and "another link" in text
    assert task_in_draft(task).article_id == other.pk


def test_a_draft_discarded_since_the_cut_is_named_in_the_message(editor_client):
    from publishing.services import discard_draft

    task, article, _other = repaired_article(editor_client)
    discard_draft(task, user=None)
    response = editor_client.post(f"{ARTICLES}recover/{article.pk}/", follow=True)
    text = response.content.decode()
    assert "The link was not put back in the draft of" in text and "discarded" in text
    assert Task.objects.get(pk=task.pk).article_id == article.pk, "the live link is back"


def test_an_import_does_not_delete_an_article_a_pending_draft_cites(seeded):
    """The law's import path deletes no article: a text that lacks one is refused whole, so an
    article only a draft cites (or any other) is deleted in the admin, where it is checked."""
    from pathlib import Path

    from legislation.importer import LawImportError, import_law
    from legislation.models import Article
    from questions.models import Question, QuestionLegalBasis
    from tests.contracts.test_integrity import drafted

    article = Article.objects.get(law__slug="social-insurance-law", number=98)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    drafted(question, lambda q: QuestionLegalBasis.objects.create(question=q, article=article))
    seed = Path(__file__).resolve().parents[2] / "legislation" / "seed"
    text = (seed / "social-insurance-law-2018.zh-hans.txt").read_text(encoding="utf-8")
    lacking = text[: text.index("第九十八条")]
    with pytest.raises(LawImportError, match="lacks"):
        import_law(lacking, slug="social-insurance-law", language="zh-hans")
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("language", "recovered", "links"),
    [("en", "Recovered “{}”.", "links restored"), ("zh-hans", "已恢复“{}”。", "链接")],
)
def test_recovering_what_no_link_pointed_to_says_nothing_about_restored_links(
    editor_client, language, recovered, links
):
    """No link was cut, so none comes back: the message says it was recovered, and no
    "links restored: —"."""
    comparison = make_comparison(points=1)
    admin = f"/{language}/admin/cards/comparison/"
    editor_client.post(f"{admin}{comparison.pk}/delete/", {"post": "yes"})
    assert not Comparison.objects.filter(pk=comparison.pk).exists()
    response = editor_client.post(f"{admin}recover/{comparison.pk}/", follow=True)
    told = [str(m) for m in response.context["messages"]]
    with translation.override(language):
        name = escape(str(Comparison.objects.get(pk=comparison.pk)))
    assert recovered.format(name) in told, told
    assert not any(links in m or "—" in m for m in told), told

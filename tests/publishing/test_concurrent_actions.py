"""Two editors acting on the same object at the same moment: the list actions, the Publish,
Unpublish and Discard pages, and Recover. Each action locks the object, then checks that it
is still what the editor's page showed, then writes, in one transaction
(publishing.services.locked; repair.recover locks the deleted object's history): the second
of two is refused as stale, as it is when it comes after the first, and says what the other
editor did, with the action's own verb.

The deterministic tests run the other editor's action after this request looked at the
object and just before its action's transaction begins (its check then comes after the
other's write: the race, on one connection, on SQLite and PostgreSQL). The threaded tests
post from two threads at the same moment (PostgreSQL only, as
tests/publishing/test_concurrent_previews.py)."""

import threading
from contextlib import contextmanager
from functools import partial
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import connection, connections
from django.test import Client

from cards.models import Comparison
from publishing import services
from publishing.models import RevisionKind
from publishing.versioning import latest_revision_id, revisions_of
from tests.cards.test_admin import form_data
from tests.translations.conftest import make_user
from translations.roles import EDITORS

Kind = RevisionKind.Kind
LIST = "/{lang}/admin/cards/comparison/"
PUBLIC = "/en/compare/citizen-card-vs-social-security-card/"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def client_for(user):
    client = Client(raise_request_exception=False)  # a 500 is an answer, as a browser gets
    client.force_login(user)
    return client


@pytest.fixture
def eds(seeded):
    """(ed1, ed2): two editors, as users."""
    return make_user("ed1", EDITORS), make_user("ed2", EDITORS)


def shown(response):
    """The messages the page shows (after a redirect followed)."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select("ul.messagelist li")]


def post_shown(client, url, data=None):
    """POST as a browser does (following the redirect): the messages the page shows."""
    return " ".join(shown(client.post(url, data or {}, follow=True)))


def kinds(obj):
    return [r.kind.kind for r in revisions_of(obj)]


@contextmanager
def first_done_by_other(step):
    """Run `step()` (the other editor's action) after this request looked at the object and
    just before its service's transaction begins (services.retried_once): its check and its
    write then come after the other's write, as when two editors post at the same moment.
    (Run inside this request's transaction, the step would be rolled back with it.)"""
    real, ran = services.retried_once, []

    def retried_once(work, **kwargs):
        if not ran:
            ran.append(work)
            step()
        return real(work, **kwargs)

    with mock.patch.object(services, "retried_once", retried_once):
        yield ran
    assert ran, "the other editor's step ran"


def list_action(client, action, obj, lang="en"):
    data = form_data(client.get(LIST.format(lang=lang)))  # the list as this editor saw it
    data.update(action=action, _selected_action=[str(obj.pk)])
    return data


# --- F2: list actions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, other, public",
    [
        ("publish_selected", services.unpublish, False),
        ("unpublish_selected", services.publish, True),
    ],
)
def test_a_list_action_racing_another_editors_is_refused_as_stale(
    eds, comparison, action, other, public, client
):
    ed1, ed2 = eds
    ed2_client = client_for(ed2)
    data = list_action(ed2_client, action, comparison)
    with first_done_by_other(lambda: other(Comparison.objects.get(pk=comparison.pk), user=ed1)):
        response = ed2_client.post(LIST.format(lang="en"), data, follow=True)
    said = " ".join(shown(response))
    assert "Changed by someone else since the list was shown, left alone" in said
    assert "Published: 1" not in said and "Unpublished: 1" not in said
    assert (client.get(PUBLIC).status_code == 200) is public  # ed1's step stands
    assert kinds(comparison)[0] == (Kind.PUBLISHED if public else Kind.UNPUBLISHED)


def test_a_stale_list_in_chinese_is_refused_in_chinese(eds, comparison):
    ed1, ed2 = eds
    ed2_client = client_for(ed2)
    data = list_action(ed2_client, "publish_selected", comparison, lang="zh-hans")
    with first_done_by_other(lambda: services.unpublish(comparison, user=ed1)):
        response = ed2_client.post(LIST.format(lang="zh-hans"), data, follow=True)
    said = " ".join(shown(response))
    assert "列表显示后已被他人修改，未作处理" in said and "已发布" not in said


# --- F2 and F4: the Publish, Unpublish and Discard pages ----------------------------------


def open_page(client, obj, page, lang="en"):
    url = f"/{lang}/admin/cards/comparison/{obj.pk}/{page}/"
    return url, {"base_revision": client.get(url).context["base_revision"]}


def test_two_confirms_of_one_publish_page_publish_once(eds, comparison):
    ed1, ed2 = eds
    services.save_draft(comparison, draft_versions(comparison, title_en="A draft title"), user=ed1)
    ed2_client = client_for(ed2)
    url, data = open_page(ed2_client, comparison, "publish")
    data["confirm_translations"] = "1"
    with first_done_by_other(lambda: services.publish(comparison, user=ed1)):
        response = ed2_client.post(url, data, follow=True)
    said = " ".join(shown(response))
    assert "Not published: since you opened this page, ed1 published it." in said
    assert "Published." not in said
    assert kinds(comparison).count(Kind.PUBLISHED) == 1


@pytest.mark.parametrize(
    "lang, refused, did, wrong",
    [
        ("en", "Not published", "ed1 unpublished it", ["Not saved", "Title (English)"]),
        ("zh-hans", "未发布：", "ed1撤销发布了这一内容", ["未保存", "标题（英语）"]),
    ],
)
@pytest.mark.parametrize("when", ["before the confirm", "at the same moment"])
def test_a_refused_publish_names_what_the_other_editor_did(
    eds, comparison, client, lang, refused, did, wrong, when
):
    """ed2's own draft changed the title; ed1 only unpublished: the refusal says that."""
    ed1, ed2 = eds
    ed2_client = client_for(ed2)
    form = form_data(ed2_client.get(f"/en/admin/cards/comparison/{comparison.pk}/change/"))
    form["title_en"] = "ed2's new title"
    ed2_client.post(f"/en/admin/cards/comparison/{comparison.pk}/change/", form)
    url, data = open_page(ed2_client, comparison, "publish", lang)
    data["confirm_translations"] = "1"

    def unpublish():
        services.unpublish(Comparison.objects.get(pk=comparison.pk), user=ed1)

    if when == "before the confirm":
        unpublish()
        response = ed2_client.post(url, data, follow=True)
    else:
        with first_done_by_other(unpublish):
            response = ed2_client.post(url, data, follow=True)
    said = " ".join(shown(response))
    assert refused in said and did in said, said
    assert not any(w in said for w in wrong), said
    assert client.get(PUBLIC).status_code == 404


@pytest.mark.parametrize(
    "page, other, refused",
    [
        ("unpublish", services.publish, "Not unpublished: since you opened this page, ed1 "),
        ("discard", services.unpublish, "Draft not discarded: since you opened this page, ed1 "),
    ],
)
def test_the_unpublish_and_discard_pages_refuse_under_the_lock_too(
    eds, comparison, page, other, refused
):
    ed1, ed2 = eds
    services.save_draft(comparison, draft_versions(comparison, title_en="A draft"), user=ed2)
    ed2_client = client_for(ed2)
    url, data = open_page(ed2_client, comparison, page)
    before = latest_revision_id(comparison)
    with first_done_by_other(lambda: other(Comparison.objects.get(pk=comparison.pk), user=ed1)):
        response = ed2_client.post(url, data, follow=True)
    said = " ".join(shown(response))
    assert refused in said, said
    assert [r.pk for r in revisions_of(comparison)][1] == before  # only ed1's step since


def draft_versions(obj, **changes):
    """The snapshot of `obj` with `changes` made (as an editor's save of a draft keeps it)."""
    from publishing.versioning import snapshot

    with services.rolled_back():
        type(obj)._default_manager.filter(pk=obj.pk).update(**changes)
        obj.refresh_from_db()
        versions = snapshot(obj)
    obj.refresh_from_db()
    return versions


# --- F3: recover --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, said", [("en", "was not deleted"), ("zh-hans", "没有被删除")]
)  # fmt: skip
def test_recovering_what_was_never_deleted_says_so(eds, comparison, lang, said):
    ed1, _ed2 = eds
    response = client_for(ed1).post(
        f"/{lang}/admin/cards/comparison/recover/{comparison.pk}/", follow=True
    )
    text = " ".join(shown(response))
    assert said in text and "already back" not in text and "已经恢复" not in text
    assert Kind.RECOVERED not in kinds(comparison)


def test_recovering_an_id_that_never_existed_is_a_404(eds):
    ed1, _ed2 = eds
    response = client_for(ed1).post("/en/admin/cards/comparison/recover/987654/")
    assert response.status_code == 404


# --- two threads, PostgreSQL --------------------------------------------------------------

ROUNDS = 4


def at_once(*works):
    """Run each of `works` on a thread of its own (its own connection), released together;
    returns what each returned (or raised)."""
    barrier = threading.Barrier(len(works))
    results = [None] * len(works)

    def run(index, work):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connections.close_all()  # this thread's

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_list_actions_one_is_refused(eds, comparison):
    ed1, ed2 = eds
    url = LIST.format(lang="en")
    for _round in range(ROUNDS):
        services.publish(Comparison.objects.get(pk=comparison.pk), user=None)
        clients = client_for(ed1), client_for(ed2)
        unpublish = list_action(clients[0], "unpublish_selected", comparison)
        publish = list_action(clients[1], "publish_selected", comparison)
        results = at_once(
            partial(post_shown, clients[0], url, unpublish),
            partial(post_shown, clients[1], url, publish),
        )
        done = [r for r in results if "Unpublished: 1." in r or "Published: 1." in r]
        refused = [r for r in results if "Changed by someone else" in r]
        assert len(done) == 1 and len(refused) == 1, results
        public = Comparison.objects.get(pk=comparison.pk).is_published
        assert public is ("Published: 1." in done[0]), results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirms_of_one_publish_page_publish_once(eds, comparison):
    ed1, ed2 = eds
    for round_ in range(ROUNDS):
        title = f"Draft {round_}"
        services.save_draft(comparison, draft_versions(comparison, title_en=title), user=ed1)
        clients = client_for(ed1), client_for(ed2)
        pages = [open_page(c, comparison, "publish") for c in clients]
        for _url, data in pages:
            data["confirm_translations"] = "1"
        before = latest_revision_id(comparison)
        results = at_once(
            *(partial(post_shown, c, *page) for c, page in zip(clients, pages, strict=True))
        )
        assert sum("Published." in r for r in results) == 1, results
        assert sum("Not published: since you opened this page" in r for r in results) == 1
        newer = [r for r in revisions_of(comparison) if r.pk > before]
        assert [r.kind.kind for r in newer] == [Kind.PUBLISHED], results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_recovers_recover_once(eds, seeded):
    from questions.models import Question

    ed1, ed2 = eds
    question = Question.objects.get(pk=4)  # as the acceptance tester did
    clients = client_for(ed1), client_for(ed2)
    base = f"/en/admin/questions/question/{question.pk}"
    page = clients[0].get(f"{base}/delete/")
    assert page.status_code == 200
    clients[0].post(f"{base}/delete/", {"post": "yes"})
    assert not Question.objects.filter(pk=question.pk).exists()
    url = f"/en/admin/questions/question/recover/{question.pk}/"
    results = at_once(*(partial(post_shown, c, url) for c in clients))
    assert sum("Recovered" in r for r in results) == 1, results
    assert sum("is already back (recovered earlier)" in r for r in results) == 1, results
    question = Question.objects.get(pk=question.pk)
    assert kinds(question).count(Kind.RECOVERED) == 1

"""The task guide "Which card do I need?": what visitors see, what editors can change, and
that drafts stay invisible."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from cards.models import Comparison
from guide.models import Task
from tests.cards.test_admin import form_data
from tests.factories import make_card_type

GUIDE = "/{lang}/guide/"
SEEDED = {
    "see-a-doctor": ("看病买药", "social-security-card", 29),
    "ride-the-bus-or-metro": ("乘坐公交地铁", "citizen-card", None),
    "check-my-contributions": ("查询社保缴费", "social-security-card", 4),
    # Article 16 (pension conditions) says nothing about a card: the answer cites no article.
    "draw-my-pension": ("领取养老金", "social-security-card", None),
}


def soup_of(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_guide_answers_each_task_with_a_card_a_reason_and_sources(client, seeded, lang):
    soup = soup_of(client, GUIDE.format(lang=lang))

    tasks = soup.select("main .task")
    assert [task["id"] for task in tasks] == [f"task-{slug}" for slug in SEEDED]
    for task in tasks:
        question, card, article = SEEDED[task["id"].removeprefix("task-")]
        heading = task.find("h2").get_text(strip=True)
        assert (heading == question) == (lang == "zh-hans")
        assert task.select_one(".task__card")["href"] == f"/{lang}/cards/{card}/"
        assert task.select_one(".task__reason").get_text(strip=True)
        links = [a["href"] for a in task.select(".task__sources a")]
        assert links[0].startswith(f"/{lang}/compare/citizen-card-vs-social-security-card/#point-")
        if article:
            assert links[1] == f"/{lang}/laws/social-insurance-law/articles/{article}/"
        else:
            assert len(links) == 1, "no article is cited for this answer"


def test_hospital_task_points_at_the_row_saying_so(client, seeded):
    task = Task.objects.get(slug="see-a-doctor")
    soup = soup_of(client, GUIDE.format(lang="zh-hans"))
    link = soup.find(id="task-see-a-doctor").select_one(".task__sources a")["href"]

    row = soup_of(client, link.split("#")[0]).find(id=link.split("#")[1])

    assert row is not None and row["id"] == task.point.anchor
    assert "定点医疗机构" in row.get_text()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_home_page_has_a_short_guide_block(client, seeded, lang):
    block = soup_of(client, f"/{lang}/").find(id="guide")

    links = [a["href"] for a in block.find_all("a")]
    assert f"/{lang}/guide/#task-see-a-doctor" in links
    assert links[-1] == GUIDE.format(lang=lang)


def test_drafts_and_future_tasks_are_invisible_to_visitors(client, admin_client, seeded):
    Task.objects.filter(slug="see-a-doctor").update(is_published=False)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Task.objects.filter(slug="draw-my-pension").update(published_on=tomorrow)

    for path in (GUIDE.format(lang="en"), "/en/"):
        html = client.get(path).content.decode()
        assert "task-see-a-doctor" not in html
        assert "task-draw-my-pension" not in html
        assert "task-ride-the-bus-or-metro" in html
    staff = BeautifulSoup(admin_client.get(GUIDE.format(lang="en")).content, "html.parser")
    assert staff.find(id="task-see-a-doctor").find(class_="notice--draft")


def test_point_of_a_draft_comparison_is_not_linked(client, seeded):
    Comparison.objects.update(is_published=False)

    soup = soup_of(client, GUIDE.format(lang="en"))

    assert not soup.select('main a[href*="/compare/"]')


def test_order_follows_position(client, seeded):
    Task.objects.filter(slug="draw-my-pension").update(position=0)
    Task.objects.filter(slug="see-a-doctor").update(position=9)

    ids = [t["id"] for t in soup_of(client, GUIDE.format(lang="en")).select("main .task")]

    assert ids[0] == "task-draw-my-pension"
    assert ids[-1] == "task-see-a-doctor"


def test_english_page_marks_an_untranslated_task(client, seeded):
    Task.objects.filter(slug="see-a-doctor").update(reason_en="")

    task = soup_of(client, GUIDE.format(lang="en")).find(id="task-see-a-doctor")

    assert task.select_one(".task__reason span")["lang"] == "zh-hans"
    assert not task.find("h2").has_attr("lang")


def test_editors_add_a_task_in_the_admin(admin_client, seeded):
    card = make_card_type()
    response = admin_client.post(
        "/en/admin/guide/task/add/",
        {
            "question_zh_hans": "办理居住证",
            "question_en": "Get a residence permit",
            "slug": "residence-permit",
            "card": card.pk,
            "reason_zh_hans": "理由。",
            "reason_en": "Because.",
            "position": 5,
            "is_published": "on",
            "published_on": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    soup = BeautifulSoup(admin_client.get("/zh-hans/guide/").content, "html.parser")
    assert soup.find(id="task-residence-permit").find("h2").get_text(strip=True) == "办理居住证"


def test_admin_refuses_a_task_without_chinese(admin_client, seeded):
    card = make_card_type()
    response = admin_client.post(
        "/zh-hans/admin/guide/task/add/",
        {
            "question_en": "Only English",
            "slug": "x",
            "card": card.pk,
            "position": 1,
            "published_on": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not Task.objects.filter(slug="x").exists()
    with translation.override("zh-hans"):
        required = gettext("This field is required.")  # Django's own Chinese wording
    assert required in response.content.decode()


def test_admin_lists_tasks(admin_client, seeded):
    response = admin_client.get("/en/admin/guide/task/")
    assert response.status_code == 200
    assert "看病买药" in response.content.decode()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_guide_queries_do_not_grow_with_tasks(client, seeded, lang):
    counts = []
    for extra in (0, 40):
        card = make_card_type()
        Task.objects.bulk_create(
            Task(
                slug=f"t-{extra}-{i}",
                question_zh_hans="问",
                reason_zh_hans="因",
                card=card,
                is_published=True,
                position=50 + i,
            )
            for i in range(extra)
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(GUIDE.format(lang=lang)).status_code == 200
        counts.append(len(queries))
    # The tasks, the page count, their old anchors' slugs, and the legal-basis notices of all of
    # them (legislation.review); in a translation, the page language's outdated translations
    # (translations.tracking).
    assert counts[0] == counts[1] <= (4 if lang == "zh-hans" else 5), counts


def test_a_change_to_a_live_task_is_a_draft_with_history_differences_and_revert(
    client, admin_client, seeded
):
    """A guide task is edited like every kind (publishing): the save of a published task is a
    draft visitors do not see, Publish makes it public, and History compares and reverts."""
    task = Task.objects.get(slug="see-a-doctor")
    url = f"/en/admin/guide/task/{task.pk}/"
    data = form_data(admin_client.get(f"{url}change/"))
    assert "is_published" not in data, "publication is Publish's, not a tick in the form"
    data["question_en"] = "See a doctor, drafted"
    assert admin_client.post(f"{url}change/", data).status_code == 302

    assert "See a doctor, drafted" not in client.get(GUIDE.format(lang="en")).content.decode()
    status = admin_client.get("/en/admin/guide/task/").content.decode()
    assert "draft of changes" in status

    page = admin_client.get(f"{url}publish/")
    assert "See a doctor, drafted" in page.content.decode()  # the draft's changes
    admin_client.post(f"{url}publish/", {"base_revision": page.context["base_revision"]})
    assert "See a doctor, drafted" in client.get(GUIDE.format(lang="en")).content.decode()

    revisions = admin_client.get(f"{url}history/").context["revisions"]
    older, newer = revisions[-1], revisions[0]
    compare = admin_client.get(f"{url}history/compare/?a={older.pk}&b={newer.pk}")
    assert "See a doctor, drafted" in compare.content.decode()
    revert = admin_client.get(f"{url}history/{older.pk}/revert/")
    admin_client.post(
        f"{url}history/{older.pk}/revert/", {"base_revision": revert.context["base_revision"]}
    )
    assert "See a doctor, drafted" in client.get(GUIDE.format(lang="en")).content.decode()
    page = admin_client.get(f"{url}publish/")  # the revert is a draft until published
    admin_client.post(f"{url}publish/", {"base_revision": page.context["base_revision"]})
    guide = client.get(GUIDE.format(lang="en")).content.decode()
    assert "See a doctor, drafted" not in guide
    assert "task-see-a-doctor" in guide


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_renamed_tasks_old_anchor_lands_on_it(client, seeded, lang):
    """Fragments never reach the server, so #task-<old slug> cannot redirect: the renamed task
    keeps an element with its old anchor's id, and old links land on it without a script."""
    task = Task.objects.get(slug="see-a-doctor")
    task.slug = "see-a-doctor-renamed"
    task.save()
    page = soup_of(client, GUIDE.format(lang=lang))
    old = page.find(id="task-see-a-doctor")
    assert old is not None, "the old anchor still exists"
    assert old.find_parent("li")["id"] == "task-see-a-doctor-renamed"
    assert not old.get_text(strip=True), "an empty target, nothing shown twice"
    assert len(page.find_all(id="task-see-a-doctor")) == 1


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_publish_page_and_the_diff_show_a_changed_point_and_article(admin_client, seeded, lang):
    """Publishing a task's draft changes the links the guide shows: the Publish page and the
    comparison say so, by the linked objects' names in the editor's language."""
    task = Task.objects.get(slug="see-a-doctor")
    old_point, old_article = task.point, task.article
    new_point = type(old_point).objects.exclude(pk=old_point.pk).order_by("pk").first()
    new_article = type(old_article).objects.exclude(pk=old_article.pk).order_by("pk").first()
    url = f"/{lang}/admin/guide/task/{task.pk}/"
    data = form_data(admin_client.get(f"{url}change/"))
    data["point"], data["article"] = str(new_point.pk), str(new_article.pk)
    assert admin_client.post(f"{url}change/", data).status_code == 302
    with translation.override(lang):
        names = [str(o) for o in (old_point, new_point, old_article, new_article)]
        labels = [str(capfirst(Task._meta.get_field(f).verbose_name)) for f in ("point", "article")]
        nothing = gettext("No differences.")
    for path in ("publish/", "history/compare/?a=live&b=draft"):
        page = admin_client.get(url + path)
        text = BeautifulSoup(page.content, "html.parser").get_text()
        assert nothing not in text, path
        for words in (*labels, *names):
            assert words in text, (path, words)

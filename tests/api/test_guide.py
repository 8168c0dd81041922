"""/api/v1/guide/: the task guide "Which card do I need?" for the rest of the job site."""

import pytest

from guide.models import Task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "question"), [("zh-hans", "看病买药"), ("en", "See a doctor and buy medicine")]
)
def test_the_guide_answers_which_card_to_bring_in_both_languages(client, seeded, lang, question):
    response = client.get(f"/api/v1/guide/?lang={lang}")
    assert response.status_code == 200
    assert response["Content-Language"] == lang
    tasks = {task["slug"]: task for task in response.json()["results"]}
    hospital = next(task for task in tasks.values() if task["question"]["value"] == question)
    assert hospital["question"]["fallback"] is False
    assert hospital["card"]["slug"] == "social-security-card"
    assert hospital["reason"]["value"]
    assert hospital["html_url"].endswith(f"/{lang}/guide/#task-{hospital['slug']}")


def test_draft_tasks_never_appear(client, seeded):
    task = Task.objects.first()
    task.is_published = False
    task.save()
    slugs = [t["slug"] for t in client.get("/api/v1/guide/").json()["results"]]
    assert task.slug not in slugs and slugs


def test_the_guide_endpoint_is_in_the_openapi_document(client):
    assert "/api/v1/guide/" in client.get("/api/v1/openapi.json").json()["paths"]

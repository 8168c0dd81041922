"""Issue 13's reproductions of "written twice": the guide and the API disagreed on what is
public, and a page's meta description disagreed with its og:description."""

import html
import re

import pytest

from cards.models import CardType
from guide.models import Task
from publishing.content import content_changed


def test_an_unpublished_card_takes_its_tasks_off_the_guide_and_the_api(client, seeded):
    card = CardType.objects.get(slug="citizen-card")
    tasks = list(Task.objects.filter(card=card, is_published=True))
    assert tasks, "the seed has guide tasks that bring the citizen card"
    assert "/en/cards/citizen-card/" in client.get("/en/guide/").content.decode()
    CardType.objects.filter(pk=card.pk).update(is_published=False)
    content_changed()
    page = client.get("/en/guide/").content.decode()
    assert "/en/cards/citizen-card/" not in page  # no link to a 404
    assert not any(f'id="{task.anchor}"' in page for task in tasks)
    answer = client.get("/api/v1/guide/?lang=en").json()
    slugs = {item["slug"] for item in answer["results"]}
    assert slugs and not slugs & {task.slug for task in tasks}


def _meta(page, attribute, name):
    found = re.search(rf'<meta {attribute}="{name}" content="([^"]*)"', page)
    return html.unescape(found[1]) if found else None


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/laws/",
        "/zh-hans/laws/",
        "/en/guide/",
        "/en/search/?q=card",
        "/en/cards/citizen-card/",
        "/en/compare/citizen-card-vs-social-security-card/",
        "/en/laws/social-insurance-law/",
        "/en/laws/social-insurance-law/articles/2/",
    ],
)
def test_a_page_describes_itself_once(client, seeded, path):
    page = client.get(path, follow=True).content.decode()
    description = _meta(page, "name", "description")
    assert description and len(description) > 20  # a sentence, not a bare title
    assert _meta(page, "property", "og:description") == description
    assert _meta(page, "name", "twitter:description") == description

"""manage.py seed_synthetic: a large bilingual data set for load tests, written in bulk."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from cards.models import CardType, Comparison, PointText
from guide.models import Task
from legislation.models import Article, Law
from publishing.content import content_version
from publishing.models import OldSlug

pytestmark = pytest.mark.django_db(transaction=True)  # its version bump happens on commit


def seed(**sizes):
    call_command("seed_synthetic", verbosity=0, **sizes)


def test_it_creates_the_asked_sizes_in_both_languages_and_bumps_the_version(client):
    before = content_version()
    seed(comparisons=30, laws=2, articles_per_law=40, card_types=4)
    assert Comparison.objects.filter(slug__startswith="synthetic-").count() == 30
    assert Article.objects.filter(law__slug__startswith="synthetic-").count() == 80
    assert PointText.objects.filter(point__comparison__slug="synthetic-comparison-7").count() == 6
    assert content_version() != before
    law = Law.objects.get(slug="synthetic-law-2")
    for lang, text in (("zh-hans", "合成测试法第2号"), ("en", "Synthetic Test Law No. 2")):
        assert (
            text
            in client.get(f"/{lang}{law.get_absolute_url()[len('/zh-hans') :]}").content.decode()
        )
    page = client.get("/en/compare/synthetic-comparison-7/")
    assert page.status_code == 200 and "Synthetic explanation." in page.content.decode()


def test_running_it_again_replaces_only_its_own_rows(seeded):
    seed(comparisons=10, laws=1, articles_per_law=10, card_types=3)
    seed(comparisons=5, laws=1, articles_per_law=10, card_types=3)
    assert Comparison.objects.filter(slug__startswith="synthetic-").count() == 5
    assert Comparison.objects.filter(slug="citizen-card-vs-social-security-card").exists()


def test_running_it_again_removes_what_editors_added_to_its_rows(db):
    seed(comparisons=4, laws=1, articles_per_law=3, card_types=3)
    comparison = Comparison.objects.get(slug="synthetic-comparison-2")
    comparison_type = ContentType.objects.get_for_model(Comparison)
    OldSlug.objects.create(content_type=comparison_type, object_id=comparison.pk, slug="old")
    seed(comparisons=4, laws=1, articles_per_law=3, card_types=3)
    assert Comparison.objects.filter(slug__startswith="synthetic-").count() == 4
    assert not OldSlug.objects.filter(content_type=comparison_type, slug="old").exists()


def test_it_changes_nothing_when_an_editors_task_names_one_of_its_cards(db):
    seed(comparisons=4, laws=1, articles_per_law=3, card_types=3)
    card = CardType.objects.get(slug="synthetic-card-1")
    Task.objects.create(slug="bus", question="坐公交", card=card, reason="刷卡")
    with pytest.raises(CommandError, match="refers to the earlier synthetic rows"):
        seed(comparisons=1, laws=1, articles_per_law=3, card_types=3)
    assert Comparison.objects.filter(slug__startswith="synthetic-").count() == 4
    assert Article.objects.filter(law__slug__startswith="synthetic-").count() == 3

"""manage.py seed_synthetic: a large bilingual data set for load tests, written in bulk."""

import pytest
from django.core.management import call_command

from cards.models import Comparison, PointText
from legislation.models import Article, Law
from publishing.content import content_version

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

"""A detail page's object looked up with SQL compiled once per process (publishing.lookup):
the same answer as the public rule, whatever the time, the window and the language."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone, translation

from cards.models import Comparison
from legislation.models import Law
from publishing.lookup import published_object

SLUG = "citizen-card-vs-social-security-card"
HOUR = datetime.timedelta(hours=1)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_object_is_found_exactly_while_visitors_may_see_it(seeded, language):
    comparison = Comparison.objects.get(slug=SLUG)
    now = timezone.now()
    cases = [
        ({}, True),
        ({"publish_at": now + HOUR}, False),  # scheduled: not yet
        ({"publish_at": now - HOUR}, True),
        ({"unpublish_at": now - HOUR}, False),  # withdrawn by its time
        ({"unpublish_at": now + HOUR}, True),
        ({"is_published": False}, False),
    ]
    with translation.override(language):
        for changes, visible in cases:
            values = {"is_published": True, "publish_at": None, "unpublish_at": None, **changes}
            Comparison.objects.filter(pk=comparison.pk).update(**values)
            assert Comparison.objects.published().filter(slug=SLUG).exists() == visible
            if visible:
                found = published_object(Comparison, slug=SLUG)
                assert found == comparison and found.title == comparison.title, changes
            else:
                with pytest.raises(Http404):
                    published_object(Comparison, slug=SLUG)
        with pytest.raises(Http404):
            published_object(Comparison, slug="no-such-comparison")
        law = published_object(Law, slug="social-insurance-law")
        assert law.title == Law.objects.get(slug="social-insurance-law").title

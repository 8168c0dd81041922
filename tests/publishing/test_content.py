"""The content version that keys the caches of public pages."""

import pytest
from django.contrib.auth.models import User

from publishing.content import content_version
from tests.factories import make_card_type

pytestmark = pytest.mark.django_db(transaction=True)


def test_saving_public_content_changes_the_version():
    before = content_version()
    card = make_card_type()
    after_create = content_version()
    card.delete()
    assert before != after_create != content_version()


def test_saving_anything_else_keeps_the_version():
    before = content_version()
    User.objects.create_user("someone")
    assert content_version() == before

import re

import pytest
from django.contrib.auth.models import Group, User

from translations.models import TranslatorProfile
from translations.roles import EDITORS, TRANSLATORS


def make_user(username, group, languages=()):
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if languages:
        TranslatorProfile.objects.create(user=user, languages=list(languages))
    return user


@pytest.fixture
def translator(db):
    return make_user("translator", TRANSLATORS, ["en"])


@pytest.fixture
def editor(db):
    return make_user("editor", EDITORS)


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


def browser_form_data(response):
    """The form as a browser posts it: without disabled fields."""
    from tests.cards.test_admin import form_data

    disabled = set(re.findall(r'name="([^"]+)"[^>]*\sdisabled', response.content.decode()))
    return {name: value for name, value in form_data(response).items() if name not in disabled}

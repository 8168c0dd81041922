"""A translator's limits: which fields of each kind a set of languages may change is worked
out once per process (from the registry and the languages settings); only the user's role and
languages are read per request, so a change to them holds from their next request."""

import pytest

from guide.models import Task
from publishing import services
from tests.translations.conftest import browser_form_data
from tests.translations.test_roles import change_url
from translations import adminparts, policy
from translations.models import TranslatorProfile
from translations.roles import TRANSLATORS

from .conftest import make_user


@pytest.fixture
def task(seeded):
    return Task.objects.filter(is_published=True).order_by("pk").first()


@pytest.fixture
def english_translator(client, seeded):
    user = make_user("translator-4725", TRANSLATORS, ["en"])
    client.force_login(user)
    return client, user


def drafted(task):
    draft = services.draft_of(task)
    return draft is not None


def test_a_translators_forged_post_on_a_guide_task_is_still_refused(english_translator, task):
    client, _user = english_translator
    url = change_url(task)
    columns = ("question_zh_hans", "question_en", "slug", "is_published")
    before = Task.objects.filter(pk=task.pk).values(*columns).get()
    for forged in (
        {"question_zh_hans": "伪造的问题"},
        {"slug": "forged-4725"},
        {"is_published": ""},
    ):
        data = {**browser_form_data(client.get(url)), "question_en": "Allowed?", **forged}
        assert client.post(url, data).status_code == 403, forged
    assert Task.objects.filter(pk=task.pk).values(*columns).get() == before
    assert not drafted(task), "nothing saved, not even the allowed field"


def test_the_limits_follow_a_change_of_the_translators_languages(english_translator, task):
    client, user = english_translator
    url = change_url(task)
    data = browser_form_data(client.get(url))
    assert "question_en" in data and "question_zh_hant" not in data
    forged = {**data, "question_zh_hant": "繁體的問題"}
    assert client.post(url, forged).status_code == 403, "not their language (yet)"

    TranslatorProfile.objects.filter(user=user).update(languages=["en", "zh-hant"])
    data = browser_form_data(client.get(url))
    assert "question_zh_hant" in data, "the next request's form has it"
    response = client.post(url, {**data, "question_zh_hant": "繁體的問題"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert drafted(task)

    TranslatorProfile.objects.filter(user=user).update(languages=["zh-hant"])
    data = browser_form_data(client.get(url))
    assert "question_en" not in data
    assert client.post(url, {**data, "question_en": "Not mine now"}).status_code == 403


def test_what_each_kind_allows_is_worked_out_once_per_process(english_translator, task):
    client, _user = english_translator
    url = change_url(task)
    client.get(url)  # the first time in this process, for this kind and these languages
    columns = policy.editable_columns.cache_info().misses
    readonly = adminparts.translator_readonly.cache_info().misses
    client.get(url)
    client.post(url, {**browser_form_data(client.get(url)), "slug": "forged-4726"})
    assert policy.editable_columns.cache_info().misses == columns
    assert adminparts.translator_readonly.cache_info().misses == readonly
    assert policy.editable_columns(Task, ("en",)) == {"question_en", "reason_en"}

"""Editors see the old addresses that redirect (the old slugs list); a page of the admin they
may not open answers 403 with an admin page, not the public site's error page."""

import pytest
from django.test import Client

from tests.translations.conftest import make_user
from translations.roles import EDITORS


@pytest.fixture
def editor_client(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_editors_see_the_old_slugs_list(editor_client, lang):
    response = editor_client.get(f"/{lang}/admin/publishing/oldslug/")
    assert response.status_code == 200
    assert (
        f"/{lang}/admin/publishing/oldslug/"
        in editor_client.get(f"/{lang}/admin/").content.decode()
    )
    assert 'name="action"' not in response.content.decode()  # nothing to do there but look


def test_an_admin_403_is_an_admin_page(editor_client):
    response = editor_client.get("/en/admin/auth/user/")
    assert response.status_code == 403
    text = response.content.decode()
    assert 'id="site-name"' in text and "/en/admin/" in text  # the admin's header, a way back
    assert "You do not have permission" in text

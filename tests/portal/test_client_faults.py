"""What one client sends never breaks the answer for another, nor floods the error log: an
over-long address is a 414 before anything echoes it into a header, redirects built from the
request's path stay on this site, and a client's fault (too many fields, too large a body, a
disallowed admin lookup, a 403) is a proper 4xx page and one WARNING line without a
traceback. The same through real gunicorn and nginx: tests/production/test_proxy_faults.py."""

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from portal.logging import ClientFaultFilter

LONG = "a" * 4000


@pytest.fixture
def console():
    """What the configured console handler writes during the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientFaultFilter) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def lines(console):
    return [line for line in console.getvalue().splitlines() if line.strip()]


# --- Over-long addresses --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/zh-hans/admin/{LONG}",  # was a redirect to the login page echoing it twice
        f"/EN/{LONG}",  # was the canonical-prefix redirect echoing it
        f"/en/{LONG}/?a=%00",  # was the NUL redirect echoing it
        f"/api/v1/laws/?q={LONG}",
    ],
)
def test_an_over_long_address_is_a_414_with_one_warning_line(db, console, path):
    response = Client().get(path)
    assert response.status_code == 414
    assert "Location" not in response
    body = response.content.decode()
    if path.startswith("/api/"):  # the API's errors are problem details (api.problems)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 414
    else:
        assert "网址过长" in body and "Address too long" in body
    assert LONG not in body
    logged = lines(console)
    assert len(logged) == 1 and "WARNING" in logged[0] and "URL too long" in logged[0], logged
    assert len(logged[0]) < 400  # the start of the address, not all of it


def test_addresses_up_to_the_limit_are_served(client, seeded, settings):
    search = "/en/search/?q=" + "x" * 90
    assert client.get(search).status_code == 200
    settings.MAX_URL_LENGTH = len(search) - 1  # read when the middleware is built
    assert Client().get(search).status_code == 414


# --- No open redirect -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["//evil.example/", "///evil.example/", "/\\evil.example/"])
def test_the_nul_redirect_stays_on_this_site(client, db, path):
    # The test client cannot send a path starting with //: set it as a server would.
    response = client.get("/", PATH_INFO=path, QUERY_STRING="a=%00")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_the_nul_redirect_keeps_an_encoded_path_encoded(client, db):
    response = client.get("/", PATH_INFO="/en/a?b c/", QUERY_STRING="a=%00")
    assert response["Location"] == "/en/a%3Fb%20c/"


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/EN//evil.example/", "/en//evil.example/"),
        ("/zh-Hans/laws/?q=1", "/zh-hans/laws/?q=1"),
    ],
)
def test_the_canonical_prefix_redirect_stays_on_this_site(client, db, path, location):
    response = client.get("/", PATH_INFO=path.split("?")[0], QUERY_STRING=path.partition("?")[2])
    assert (response.status_code, response["Location"]) == (301, location)


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example/", "/%2F%2Fevil.example/", "https://evil.example/", "/\\evil.example"],
)
def test_the_login_next_never_leaves_the_site(client, db, next_url):
    User.objects.create_superuser("editor", "editor@example.com", "right-password-1")
    response = client.post(
        f"/en/admin/login/?next={next_url}",
        {"username": "editor", "password": "right-password-1", "next": next_url},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil.example" not in location or location.startswith("/%2F"), location


# --- Client faults: a 4xx page and one WARNING line ---------------------------------------------


@pytest.fixture
def staff(db):
    """Staff without any permission: the admin's pages answer 403."""
    return User.objects.create_user("clerk", "clerk@example.com", "pw", is_staff=True)


def test_too_many_query_parameters(db, console):
    # 1,100 parameters take more than MAX_URL_LENGTH characters: the address is refused
    # before Django counts them.
    query = "&".join("p" for n in range(1100))
    response = Client().get(f"/en/search/?{query}")
    assert response.status_code == 414 and "Address too long" in response.content.decode()
    assert_one_warning(console, "portal.security", "URL too long")


def test_too_many_form_fields(db, console):
    data = {f"f{n}": "1" for n in range(2000)}
    response = Client().post("/en/admin/login/", data)
    assert response.status_code == 400
    assert_one_warning(console, "TooManyFieldsSent", "many")


def test_too_large_a_body(db, console):
    body = "x=" + "a" * (3 * 1024 * 1024)
    response = Client().post(
        "/en/admin/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert_one_warning(console, "RequestDataTooBig", "exceeded")


def test_a_disallowed_admin_lookup(admin_client, console):
    response = admin_client.get("/en/admin/cards/comparison/?_to_field=password")
    assert response.status_code == 400
    assert_one_warning(console, "DisallowedModelAdminToField", "cannot be referenced")


def test_a_forbidden_admin_page(client, staff, console):
    client.force_login(staff)
    response = client.get("/en/admin/cards/comparison/add/")
    assert response.status_code == 403
    assert_one_warning(console, "django.request", "Forbidden")


def assert_one_warning(console, name, words):
    logged = lines(console)
    assert len(logged) == 1, logged
    assert "WARNING" in logged[0] and name in logged[0], logged
    assert words.lower() in logged[0].lower(), logged
    assert "Traceback" not in console.getvalue()


# --- One client address for the lockout and the API rate limit ---------------------------------

CLIENT_ADDRESS = """
import django; django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from api.throttling import ClientRateThrottle
request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
    HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 198.51.100.7")
print(get_client_ip_address(request), ClientRateThrottle().get_ident(request))
"""


@pytest.mark.parametrize(
    ("proxies", "address"),
    [
        ("0", "10.0.0.1"),  # no proxy: the connection's address; the header is ignored
        ("1", "198.51.100.7"),  # nginx: what it appended; 6.6.6.6 was forged by the client
        ("2", "203.0.113.5"),  # a CDN, then nginx
    ],
)
def test_one_setting_gives_the_lockout_and_the_rate_limit_the_same_client_address(proxies, address):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", TRUSTED_PROXY_COUNT=proxies)
    result = subprocess.run(
        [sys.executable, "-c", CLIENT_ADDRESS],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [address, address], result.stdout + result.stderr

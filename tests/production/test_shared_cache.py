"""Two app servers (separate processes) sharing one database and one Redis: a write through
one of them, or by a command, is never answered with a stale page by the other."""

import sqlite3
from pathlib import Path

import polib
import pytest
import redis
from bs4 import BeautifulSoup

from search import fts
from tests.tools import missing

from .conftest import Visitor, manage, prepare, production_env, start_gunicorn, stop

# A SQLite file and Redis db 8 of its own, not the pass's: the same run in both passes.
pytestmark = pytest.mark.backend_independent
SHARED_REDIS = "redis://127.0.0.1:6379/8"
CARD = "/en/cards/citizen-card/"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, prepared_site):
    try:
        redis.Redis.from_url(SHARED_REDIS).flushdb()
    except redis.ConnectionError:
        missing("No Redis on 127.0.0.1:6379.")
    tmp = tmp_path_factory.mktemp("shared")
    env = production_env(tmp, CACHE_URL=SHARED_REDIS)
    prepare(env, prepared_site)  # migrated, seeded, static files collected
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('editor', 'e@example.com', 'a-long-password-1')",
    )
    a, b = start_gunicorn(env, tmp, "a"), start_gunicorn(env, tmp, "b")
    yield env, tmp, a, b
    stop(a), stop(b)
    redis.Redis.from_url(SHARED_REDIS).flushdb()


def page(server, path=CARD):
    response = Visitor(server.base).get(path)
    assert response.status == 200
    return response.getheader("X-Page-Cache"), response.text


def card_in_admin(server):
    """An editor signed in on `server`, and the admin address of the citizen card."""
    editor = Visitor(server.base)
    editor.sign_in("en", "editor", "a-long-password-1")
    listing = editor.get("/en/admin/cards/cardtype/?q=citizen")
    path = next(
        line.split('href="')[1].split('"')[0]
        for line in listing.text.splitlines()
        if "/change/" in line and "cardtype/" in line
    )
    return editor, path


def test_an_admin_save_on_one_server_shows_on_the_other(two_servers):
    _env, _tmp, a, b = two_servers
    page(b), page(a)
    assert page(b)[0] == "hit"  # B now answers from the shared cache
    editor, path = card_in_admin(a)
    saved = editor.submit(path, {"summary_en": "Saved on server A."})
    assert saved.status == 302, BeautifulSoup(saved.text, "html.parser").select(".errorlist")
    # The card type is live: the change is a draft, invisible to visitors until published.
    assert "Saved on server A." not in page(b)[1]
    published = editor.submit(path.replace("/change/", "/publish/"), {"confirm_translations": "on"})
    assert published.status == 302, BeautifulSoup(published.text, "html.parser").select(
        ".errorlist"
    )
    for server in (b, a):
        state, body = page(server)
        assert "Saved on server A." in body and state == "miss"


def test_a_seed_load_shows_on_both_servers(two_servers):
    env, tmp, a, b = two_servers
    # A raw write, as a careless script would make it: the cache does not know… (The search
    # tables' triggers call search_cjk_grams(): a script writing the file registers it, as
    # Django does on each connection, or its write fails; search.fts.)
    with sqlite3.connect(tmp / "db.sqlite3") as db:
        db.create_function(fts.FUNCTION, -1, fts.cjk_grams, deterministic=True)
        db.execute(
            "UPDATE cards_cardtype SET summary_en = 'Raw write.' WHERE slug = 'citizen-card'"
        )
    page(a), page(b)
    assert "Raw write." not in page(b)[1]
    # …but load_seed, which puts the seed text back (saving what differs), bumps the tags of
    # what it changed for every server.
    manage(env, "load_seed", "--overwrite")
    for server in (a, b):
        state, body = page(server)
        assert state == "miss" and "Raw write." not in body
    with sqlite3.connect(tmp / "db.sqlite3") as db:
        (summary,) = db.execute(
            "SELECT summary_en FROM cards_cardtype WHERE slug = 'citizen-card'"
        ).fetchone()
    assert summary in page(b)[1].replace("&#x27;", "'")


ARTICLE = "/zh-hans/laws/social-insurance-law/articles/2/"


def test_a_law_import_by_command_shows_on_both_servers(two_servers):
    env, tmp, a, b = two_servers
    assert "国家建立基本养老保险" in page(b, ARTICLE)[1]
    page(a, ARTICLE)
    other = "/en/laws/labour-contract-law/articles/10/"  # another law's page
    page(a, other), page(b, other)  # (each server's host is part of the page's key)
    seed = Path(__file__).resolve().parents[2] / "legislation" / "seed"
    text = (seed / "social-insurance-law-2018.zh-hans.txt").read_text(encoding="utf-8")
    amended = tmp / "amended.txt"
    amended.write_text(text.replace("国家建立基本养老保险", "国家建立并完善基本养老保险", 1))
    manage(
        env, "import_law", str(amended), "--law", "social-insurance-law", "--language", "zh-hans"
    )
    for server in (a, b):
        state, body = page(server, ARTICLE)
        assert state == "miss" and "国家建立并完善基本养老保险" in body
        assert page(server, other)[0] == "hit"  # the import bumped only what it changed


def test_a_translation_import_by_command_shows_on_both_servers(two_servers):
    env, tmp, a, b = two_servers
    page(a, "/en/guide/"), page(b, "/en/guide/")
    exported = tmp / "en.po"
    manage(env, "export_translations", "--language", "en", "-o", str(exported))
    catalogue = polib.pofile(str(exported))
    # A guide task: its imported translation is a draft until an editor publishes it.
    entry = next(
        e
        for e in catalogue
        if e.msgctxt.startswith("guide.task:") and e.msgctxt.endswith(":question")
    )
    entry.msgstr = "Imported through the command?"
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalogue.save(str(exported))
    manage(env, "import_translations", str(exported))
    for server in (b, a):
        assert "Imported through the command?" not in page(server, "/en/guide/")[1]
    task = entry.msgctxt.split(":")[1]
    editor = Visitor(a.base)
    editor.sign_in("en", "editor", "a-long-password-1")
    published = editor.submit(
        f"/en/admin/guide/task/{task}/publish/", {"confirm_translations": "on"}
    )
    assert published.status == 302, BeautifulSoup(published.text, "html.parser").select(
        ".errorlist"
    )
    for server in (b, a):
        state, body = page(server, "/en/guide/")
        assert state == "miss" and "Imported through the command?" in body


def test_unpublishing_on_one_server_is_a_404_on_the_other(two_servers):
    _env, _tmp, a, b = two_servers
    page(a), page(b)
    editor, path = card_in_admin(a)
    answer = editor.submit(path.replace("/change/", "/unpublish/"), {})
    assert answer.status == 302
    assert Visitor(b.base).get(CARD).status == 404

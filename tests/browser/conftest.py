"""Real-browser fixtures: Debian's Chromium driven by Playwright (never `playwright install`).

Skipped with a clear message where /usr/bin/chromium is missing (failed under CI=true, see
tests/tools.py); .ci/run installs it.
"""

import os
from pathlib import Path

import pytest

from scripts.screenshots import CHROMIUM_ARGS  # one list of flags for every launch
from tests.seedsnapshot import load_seed
from tests.tools import need_file

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# Playwright's sync API runs an event loop in this thread; the Django ORM refuses to run in a
# thread with a running loop unless told that this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    need_file(CHROMIUM, "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def seeded_server(transactional_db, live_server):
    """The live test server with the seed content loaded (copied back after the first test)."""
    load_seed()
    return live_server


@pytest.fixture
def open_page(chromium):
    """open_page(width, height=800) → a fresh page at that viewport, closed after the test."""
    contexts = []

    def _open(width, height=800, **options):
        context = chromium.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()

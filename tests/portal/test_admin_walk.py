"""The Chinese admin is Chinese on every page: a Chinese superuser and a Chinese translator
walk every admin page (the index, each app, every change list, the add and change form and
history of every registered model, the project's own admin views) and find no run of Latin
letters that is not data (content, user names), a language name, or one of the few code
identifiers the admin shows on purpose (ALLOWED), and no ASCII colon or full stop after a
Chinese character (「名称:」 where 「名称：」 is meant)."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import URLPattern, URLResolver
from django.utils import timezone

from tests.translations.conftest import make_user
from translations.roles import TRANSLATORS

# Shown on purpose: file formats and encodings, and the keys Django's multiple-choice help
# names (按住“Control”，或者 Mac 上的“Command”). Not "English": the Chinese admin names it 英语
# everywhere (form labels and column headers too), one name for one language; only the
# language switcher names each language in itself (marked lang="en", left out below).
ALLOWED = {"PO", "UTF", "URL", "ID", "JSON", "Atom", "API", "LDAP"}
ALLOWED |= {"Control", "Command", "Mac", "IP", "GET", "POST"}
LATIN = re.compile(r"[A-Za-z][A-Za-z’'-]*(?:[ .:/_-]+[A-Za-z][A-Za-z’'-]*)*")
# An ASCII colon or full stop straight after a Chinese character: 「状态:」 where 「状态：」 is
# meant (Django's label suffix, the project's own joins).
ASCII_AFTER_CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\u300b](?::|\.(?!\.))")  # not "..."
# Content and people, not interface: every text value of the content, user and axes tables.
DATA_APPS = {"cards", "legislation", "guide", "questions", "search", "translations", "axes"}


def route_pages(patterns, prefix=""):
    """(route, name) of every named admin URL, nested ones included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from route_pages(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), pattern.name


def admin_paths():
    """Every admin page a GET can show, with a real object wherever the route needs one."""
    paths = ["", "password_change/"]
    paths += [f"{label}/" for label in sorted({m._meta.app_label for m in registered()})]
    first = {
        f"{m._meta.app_label}/{m._meta.model_name}/": m._default_manager.order_by("pk").first()
        for m in registered()
    }
    for route, name in route_pages(admin.site.get_urls()):
        if route.startswith("^") or "revision_id" in route or name.endswith("_delete"):
            continue  # app_list (above); a revert needs a revision; delete asks to confirm
        if "<path:object_id>" in route:
            obj = next((o for key, o in first.items() if route.startswith(key)), None)
            if obj is None:
                continue
            route = route.replace("<path:object_id>", str(obj.pk))
        if "<" not in route and route not in ("logout/", "login/"):
            paths.append(route)
    return sorted(set(paths))


def registered():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def data_text():
    """Every text value users and editors entered or the seed shipped, in one string."""
    values = []
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS and model._meta.model_name != "user":
            continue
        if model._meta.label == "translations.TranslationState":
            continue  # bookkeeping: field names and language codes, which the admin must name
        names = [
            f.name
            for f in model._meta.fields
            if isinstance(f, (models.CharField, models.TextField)) and f.name != "language"
        ]
        for row in model._default_manager.values_list(*names):
            values += [str(value) for value in row if value]
    return "\n".join(values)


def visible_texts(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "textarea", "template"]):
        tag.decompose()
    for tag in soup.select("[lang]:not([lang^=zh])"):
        tag.decompose()  # in another language on purpose (the language switcher)
    texts = [soup.title.get_text()] if soup.title else []
    texts += list(soup.body.stripped_strings) if soup.body else []
    for attr in ("title", "aria-label", "placeholder", "alt"):
        texts += [tag[attr] for tag in soup.find_all(attrs={attr: True})]
    texts += [
        tag["value"] for tag in soup.select("input[type=submit][value], input[type=button][value]")
    ]
    return texts


def latin_runs(texts, data):
    found = set()
    for text in texts:
        for match in LATIN.finditer(text):
            run = match.group().strip(" .:/_-")
            words = set(re.split(r"[ .:/_-]+", run))
            if run in data or words <= ALLOWED or text in data:
                continue
            found.add(run)
    return sorted(found)


def ascii_punctuation(texts, data):
    """Texts (not data) with an ASCII colon or full stop right after a Chinese character."""
    found = set()
    for text in texts:
        for match in ASCII_AFTER_CJK.finditer(text):
            line = text[max(0, match.start() - 12) : match.end() + 12]
            if text not in data and line.strip() not in data:
                found.add(line.strip())
    return sorted(found)


@pytest.fixture
def axes_rows(db):
    now = timezone.now()
    common = {"username": "someone", "ip_address": "127.0.0.1", "user_agent": "Mozilla/5.0"}
    AccessAttempt.objects.create(**common, failures_since_start=1, attempt_time=now, path_info="/")
    AccessFailureLog.objects.create(**common, attempt_time=now, path_info="/")
    AccessLog.objects.create(**common, attempt_time=now, path_info="/")


@pytest.mark.parametrize("who", ["superuser", "translator"])
def test_every_admin_page_is_in_chinese(client, seeded, axes_rows, django_user_model, who):
    if who == "superuser":
        user = django_user_model.objects.create_superuser("chief", password="pw-for-tests-only")
    else:
        user = make_user("fanyi", TRANSLATORS, ["en"])
    client.force_login(user)
    data = data_text()
    problems = {}
    for path in admin_paths():
        response = client.get(f"/zh-hans/admin/{path}")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            assert response.status_code in (200, 302, 403, 404, 405), path
            continue
        texts = visible_texts(response.content.decode())
        runs = latin_runs(texts, data) + ascii_punctuation(texts, data)
        if runs:
            problems[path] = runs
    assert not problems, "\n".join(f"{path}: {runs}" for path, runs in problems.items())

"""Every way content changes reaches visitors at once through the page cache: a page a visitor
has just been served from the cache is never served again once any of these has happened.
(The content version lives in the shared cache, so the same holds across servers:
tests/production/test_shared_cache.py; scheduled times, which change pages without a write:
tests/publishing/test_pagecache.py.)"""

from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from cards.models import Comparison
from guide.models import Task
from legislation.importer import import_law
from legislation.models import Article, Law
from publishing import services
from publishing.versioning import revisions_of
from questions.models import Question
from tests.factories import make_draft
from translations import po

pytestmark = [
    pytest.mark.django_db(transaction=True),  # writes commit: versions get bumped
    pytest.mark.usefixtures("page_cache"),
]

COMPARISON = "/en/compare/citizen-card-vs-social-security-card/"
ARTICLE = "/zh-hans/laws/social-insurance-law/articles/2/"
SEED = Path(__file__).resolve().parents[2] / "legislation" / "seed"


def cached(client, path):
    """The page as a visitor gets it, once it is in the cache."""
    client.get(path)
    response = client.get(path)
    assert response["X-Page-Cache"] == "hit"
    return response


def comparison():
    return Comparison.objects.get(slug="citizen-card-vs-social-security-card")


def edit(**changes):
    live = comparison()
    for name, value in changes.items():
        setattr(live, name, value)
    live.save()


def test_publishing_a_draft(client):
    cached(client, COMPARISON)
    make_draft(comparison(), lambda: edit(introduction_en="Drafted, then published."))
    assert "Drafted, then published." not in client.get(COMPARISON).text  # a draft: not yet
    services.publish(comparison(), user=None)
    assert "Drafted, then published." in client.get(COMPARISON).text


def test_unpublishing(client):
    cached(client, COMPARISON)
    services.unpublish(comparison(), user=None)
    assert client.get(COMPARISON).status_code == 404


def test_a_revert_once_published(client):
    services.record(comparison(), user=None)  # the seed's wording, in the history
    original = revisions_of(comparison()).first()
    edit(introduction_en="A change to revert.")
    services.record(comparison(), user=None)
    assert "A change to revert." in cached(client, COMPARISON).text
    services.revert(comparison(), original, user=None)  # a draft of the live comparison
    services.publish(comparison(), user=None)
    assert "A change to revert." not in client.get(COMPARISON).text


def test_deleting(client):
    # Guide tasks link to its points, a question to it: it can be deleted once they no longer
    # do (the task and question kinds' refers_to).
    Task.objects.filter(point__comparison__slug="citizen-card-vs-social-security-card").update(
        point=None
    )
    linked = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    for question in Question.objects.filter(related_comparisons=linked):
        question.related_comparisons.remove(linked)
    cached(client, "/en/")
    Comparison.objects.filter(slug="citizen-card-vs-social-security-card").delete()
    assert "citizen-card-vs-social-security-card" not in client.get("/en/").text
    assert client.get(COMPARISON).status_code == 404


def test_renaming_a_slug(client):
    cached(client, COMPARISON)
    make_draft(comparison(), lambda: edit(slug="card-comparison"))
    services.publish(comparison(), user=None)
    response = client.get(COMPARISON)
    assert response.status_code == 301
    assert response["Location"].endswith("/en/compare/card-comparison/")


def test_a_translation_import(client, tmp_path):
    task = Task.objects.first()
    assert task.question_en in cached(client, "/en/guide/").text
    # A page that shows nothing of the task (publishing it bumps the article it refers to).
    other = Article.objects.filter(law__slug="labour-contract-law").exclude(
        pk__in=Task.objects.exclude(article=None).values("article")
    )[0]
    unrelated = f"/en/laws/labour-contract-law/articles/{other.number}/"
    cached(client, unrelated)
    path = tmp_path / "out.po"
    call_command("export_translations", "--language", "en", "-o", str(path))
    catalogue = polib.pofile(str(path))
    entry = catalogue.find(po.context(task, "question"), by="msgctxt")
    entry.msgstr = "An imported question?"
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalogue.save(str(path))
    po.apply(po.plan(path.read_bytes()))  # a live task's draft: the cached page stays right
    assert "An imported question?" not in client.get("/en/guide/").text
    services.publish(task, user=None)
    assert "An imported question?" in client.get("/en/guide/").text
    assert client.get(unrelated)["X-Page-Cache"] == "hit"  # only what the import changed goes


def test_a_law_import(client):
    assert "国家建立" in cached(client, ARTICLE).text
    text = (SEED / "social-insurance-law-2018.zh-hans.txt").read_text(encoding="utf-8")
    amended = text.replace("国家建立基本养老保险", "国家建立并完善基本养老保险", 1)
    assert amended != text
    import_law(amended, slug="social-insurance-law", language="zh-hans")
    assert "国家建立并完善基本养老保险" in client.get(ARTICLE).text


def test_a_seed_load(client):
    law = Law.objects.get(slug="social-insurance-law")
    Article.objects.filter(law=law, number=2).update(text_zh_hans="编辑改过的文字。")
    # update() sends no signal: the cached page is the one before this edit, as it should be
    # for a write that bypasses the models; the seed load below goes through them.
    cached(client, ARTICLE)
    call_command("load_seed", "--overwrite", verbosity=0)
    assert "国家建立基本养老保险" in client.get(ARTICLE).text

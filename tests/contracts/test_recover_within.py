"""Recovering an object brings back what lives within it (Kind.within) and was deleted with
it, in one step (issue 13, acceptance round F3: a recovered law came back with 0 articles,
which then had to be recovered one at a time). Written over every kind that has something
within it, read from the registry.
"""

import pytest
from django.contrib.messages import get_messages
from django.db.models import CASCADE

from guide.models import Task
from publishing import registry
from publishing.repair import deleted_versions
from tests.factories import add_sections_and_versions, make_law
from translations.roles import EDITORS

from .test_admin_rules import admin_base, client_for
from .test_integrity import deletable, delete_in_admin

pytestmark = pytest.mark.django_db


def inner_kinds(kind):
    """The kinds that live within `kind`, deleted with it by a cascade."""
    found = []
    for inner in registry.kinds():
        if inner.within is None:
            continue
        field = inner.model._meta.get_field(inner.within)
        if field.related_model is kind.model and field.remote_field.on_delete is CASCADE:
            found.append(inner)
    return found


def holding_something(kind):
    """An object of `kind` an editor can delete and that has something within it."""
    for obj in deletable(kind):
        if any(inner_rows(obj, inner) for inner in inner_kinds(kind)):
            return obj
    return None


def inner_rows(obj, inner):
    return set(inner.model._base_manager.filter(**{inner.within: obj}).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "kind", [pytest.param(k, id=k.name) for k in registry.kinds() if inner_kinds(k)]
)
def test_recovering_an_object_brings_back_what_was_deleted_with_it(kind, seeded):
    editor = client_for("editor", EDITORS)
    obj = holding_something(kind)
    assert obj is not None, f"{kind}: no {kind} with something within it can be deleted"
    before = {inner: inner_rows(obj, inner) for inner in inner_kinds(kind)}
    delete_in_admin(editor, obj)
    response = editor.post(f"{admin_base(obj)}recover/{obj.pk}/", follow=True)
    told = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Recovered" in told, told
    for inner, pks in before.items():
        assert inner_rows(obj, inner) == pks, f"{inner}: not all came back"
        assert f"{inner.model._meta.verbose_name_plural}: {len(pks)}" in told, told
        still_listed = {v.object_id for v in deleted_versions(inner.model)}
        assert not still_listed & {str(pk) for pk in pks}, "still under Recover deleted"


def test_a_recovered_law_brings_back_its_articles_paragraphs_and_the_links_cut_from_them(seeded):
    editor = client_for("editor", EDITORS)
    law = make_law(slug="recover-within", is_published=True, articles=3)
    add_sections_and_versions(law)  # its articles' older wordings: an article's inline rows
    article = law.articles.order_by("number").first()
    wordings = set(article.wordings.values_list("pk", flat=True))
    assert wordings
    task = Task.objects.order_by("pk").first()
    task.article = article
    task.save()
    delete_in_admin(editor, law)
    task.refresh_from_db()
    assert task.article_id is None, "the repair cut the task's link"
    editor.post(f"{admin_base(law)}recover/{law.pk}/", follow=True)
    assert law.articles.count() == 3
    assert set(article.wordings.values_list("pk", flat=True)) == wordings
    task.refresh_from_db()
    assert task.article_id == article.pk, "the link cut from the article came back"

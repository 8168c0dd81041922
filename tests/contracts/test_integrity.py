"""Delete integrity, old slugs and stale forms for every kind and every content admin,
generated from publishing.registry and the admin site (issue 13, second acceptance round):

- a renamed object deleted and recovered from "Recover deleted" gets its old addresses back
  (301 in every language), and while it is deleted no other object may take its old slug
  (every kind with a page whose model keeps old slugs);
- every reference a kind declares (Kind.refers_to) is guarded from the registry alone: deleting
  what it reaches (and what that lives in: an article's law, a point's comparison) is refused,
  naming the referrer once;
- every declared reference that can be cut (a nullable foreign key of the kind's own: a guide
  task's point or article; a many-to-many field of plain link rows: a question's related
  questions and comparisons) blocks deleting what it links to, the delete page names the
  referrer and offers the repair; the repair cuts the link and recovering puts it back;
- "delete and repair" cuts the same link in a pending draft of the referrer, which still
  opens;
- every content model with a unique slug (a question topic, a guide task too) records a
  rename made in its admin, and its admin refuses another object the old slug;
- every content admin refuses a stale form, naming who changed it;
- the delete page names many-to-many link rows by their field, in the editor's language.
"""

from collections import defaultdict

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.html import escape
from reversion.models import Version

from guide.models import Task
from legislation.models import Article
from publishing import deletion
from publishing import registry as kinds_registry
from publishing.deletion import _cuttable, blocking_guards, guarded_references, repairable
from publishing.models import OldSlug
from publishing.redirects import keeps_old_slugs
from publishing.services import draft_applied, draft_of, save_draft
from publishing.versioning import snapshot
from questions.models import Question, QuestionLegalBasis, Topic
from tests.cards.test_admin import form_data
from tests.factories import make_card_type, make_law
from translations import registry
from translations.contentadmin import ContentAdmin
from translations.roles import EDITORS

from .kinds import kinds_with
from .test_admin_rules import admin_base, change_url, client_for, page_urls, publish, save

# Kinds whose every seed object is relied on beyond repair (a card type a task must name, a
# law whose articles are cited): a new one of their own is deleted instead.
MAKE = {"card-type": make_card_type, "law": make_law}


def deletable(kind):
    """Objects of `kind` that an editor can delete, outright or by repair."""
    for obj in kind.public_queryset().order_by("pk"):
        blocked = blocking_guards(kind.model, [obj])
        if not blocked or repairable(kind.model, [obj]):
            yield obj
    if kind.name in MAKE:
        yield MAKE[kind.name](slug=f"contract-{kind.name}", is_published=True)


def delete_in_admin(client, obj):
    base = f"{admin_base(obj)}{obj.pk}/"
    client.post(f"{base}delete/", {"post": "yes"})
    if type(obj)._base_manager.filter(pk=obj.pk).exists():
        client.post(f"{base}delete/repair/", {"confirm": "yes"})
    assert not type(obj)._base_manager.filter(pk=obj.pk).exists(), f"{obj} was not deleted"


def recover_in_admin(client, obj):
    response = client.post(f"{admin_base(obj)}recover/{obj.pk}/", follow=True)
    assert "Recovered" in response.content.decode(), response.content.decode()[:2000]
    return response


@pytest.mark.parametrize(
    "kind", [p for p in kinds_with("page") if keeps_old_slugs(p.values[0].model)]
)
def test_a_recovered_objects_old_addresses_lead_to_it_again(kind, seeded, client):
    editor = client_for("editor", EDITORS)
    obj = next(deletable(kind), None)
    assert obj is not None, f"{kind}: the seed has no {kind} an editor can delete"
    old_slug = obj.slug
    save(editor, obj, slug=f"{old_slug}-renamed")
    publish(editor, obj)
    obj = kind.model._default_manager.get(pk=obj.pk)
    old, new = page_urls(kind, kind.model(slug=old_slug)), page_urls(kind, obj)
    delete_in_admin(editor, obj)
    assert client.get(old[registry.SOURCE_LANGUAGE]).status_code == 404
    # Reserved meanwhile: no other object may take it.
    other = kind.model._default_manager.exclude(pk=obj.pk).order_by("pk").first()
    if other is not None:
        response = editor.post(
            change_url(other), {**form_data(editor.get(change_url(other))), "slug": old_slug}
        )
        assert response.status_code == 200 and "Choose another slug" in response.content.decode()
    recover_in_admin(editor, obj)
    assert OldSlug.objects.of_model(kind.model).filter(slug=old_slug, object_id=obj.pk).exists()
    for lang, address in old.items():
        response = client.get(address)
        assert (response.status_code, response.get("Location")) == (301, new[lang]), address


def cuttable_references():
    """(kind, lookup) of every declared reference an editor may cut by a repair: a nullable
    foreign key of the kind's own (a guide task's point or article) or a many-to-many field of
    plain link rows (a question's related comparisons)."""
    return [
        pytest.param(kind, name, lookup, id=f"{kind.name}-{lookup}")
        for kind in kinds_registry.kinds()
        for name, lookup in guarded_references(kind)
        if _cuttable(kind.model, lookup)
    ]


def linked(referrer, lookup):
    """What `referrer` links to through `lookup`: the first object, or None."""
    value = referrer
    for part in lookup.split("__"):
        value = getattr(value, part) if value is not None else None
        if hasattr(value, "order_by"):  # a many-to-many field's manager
            value = value.order_by("pk").first()
    return value


@pytest.mark.parametrize(("kind", "name", "lookup"), cuttable_references())
def test_a_link_of_a_kind_is_listed_cut_by_repair_and_restored_by_recover(
    kind, name, lookup, seeded
):
    assert {p.id for p in cuttable_references()} >= {"task-point__comparison", "task-article"}
    editor = client_for("editor", EDITORS)
    referrer = kind.model._default_manager.filter(**{f"{lookup}__isnull": False}).order_by("pk")
    referrer = referrer.first()
    assert referrer is not None, f"the seed has no {kind} linking to a {name} ({lookup})"
    target = linked(referrer, lookup)
    url = f"{admin_base(target)}{target.pk}/delete/"
    page = editor.get(url).content.decode()
    assert escape(str(referrer)) in page, f"the delete page names the {kind}"
    assert f"{url}repair/" in page, "the link can be cut: the repair is offered"
    editor.post(f"{url}repair/", {"confirm": "yes"})
    assert not type(target)._base_manager.filter(pk=target.pk).exists()
    referrer = kind.model._base_manager.get(pk=referrer.pk)
    assert linked(referrer, lookup) is None, "the link is cut"
    response = recover_in_admin(editor, target)
    assert escape(str(referrer)) in response.content.decode().split("links restored")[1][:3000]
    referrer = kind.model._base_manager.get(pk=referrer.pk)
    assert linked(referrer, lookup) == target, "recovering restores the link"


@pytest.mark.parametrize(
    ("kind", "name", "lookup"),
    [
        pytest.param(kind, name, lookup, id=f"{kind.name}-{lookup}")
        for kind in kinds_registry.kinds()
        for name, lookup in guarded_references(kind)
    ],
)
def test_every_declared_reference_is_guarded_from_the_registry_alone(
    kind, name, lookup, seeded, monkeypatch
):
    """No app writes a guard of its own: the guards read from Kind.refers_to alone refuse
    deleting what is referred to (and what that lives in), naming the referrer under one
    heading per reference."""
    monkeypatch.setattr(deletion, "_guards", defaultdict(list))
    monkeypatch.setattr(deletion, "_guarded", [])
    for each in kinds_registry.kinds():
        deletion.guard_references(each)
    referrer = kind.model._default_manager.filter(**{f"{lookup}__isnull": False}).order_by("pk")
    referrer = referrer.first()
    assert referrer is not None, f"the seed has no {kind} linking to a {name} ({lookup})"
    target = kinds_registry.referenced_model(name)._base_manager.get(
        pk=kind.model._base_manager.filter(pk=referrer.pk, **{f"{lookup}__isnull": False})
        .values_list(lookup, flat=True)
        .first()
    )
    reached = [target]
    within = getattr(kinds_registry.kinds_by_name().get(name), "within", None)
    if within:  # an article's law: deleting it deletes the article
        reached.append(getattr(target, within))
    for obj in reached:
        blocked = blocking_guards(type(obj), [obj])
        assert any(referrer in blockers for _guard, blockers in blocked), f"{obj!r}: {referrer!r}"
        reasons = [str(guard.reason) for guard, _blockers in blocked]
        assert len(reasons) == len(set(reasons)), f"{obj!r}: a reference is listed twice"
        with pytest.raises(ProtectedError), transaction.atomic():
            obj.delete()


@pytest.mark.parametrize(("kind", "name", "lookup"), cuttable_references())
def test_a_link_a_repair_cut_from_a_pending_draft_comes_back_on_recover(kind, name, lookup, seeded):
    """The draft is as it was before the cut: its link and the editor's drafted change."""
    editor = client_for("editor", EDITORS)
    referrer = kind.public_queryset().filter(**{f"{lookup}__isnull": False}).order_by("pk")
    referrer = referrer.first()
    assert referrer is not None, f"the seed has no public {kind} linking to a {name} ({lookup})"
    target = linked(referrer, lookup)
    column = registry.column(registry.translated_fields(kind.model)[0], "en")
    save(editor, referrer, **{column: "Drafted 4720"})
    assert draft_of(referrer) is not None
    editor.post(f"{admin_base(target)}{target.pk}/delete/repair/", {"confirm": "yes"})
    assert not type(target)._base_manager.filter(pk=target.pk).exists()
    with draft_applied(referrer):
        assert linked(kind.model._base_manager.get(pk=referrer.pk), lookup) is None, "cut"
    response = recover_in_admin(editor, target)
    assert escape(str(referrer)) in response.content.decode().split("links restored")[1][:3000]
    with draft_applied(referrer) as draft:
        assert draft is not None, "the draft is still pending"
        drafted = kind.model._base_manager.get(pk=referrer.pk)
        assert linked(drafted, lookup) == target, "the link is back in the draft"
        assert getattr(drafted, column) == "Drafted 4720", "with the editor's drafted change"
    assert editor.get(change_url(referrer)).status_code == 200, "the draft opens"


def test_delete_and_repair_cuts_the_link_in_a_pending_draft_too(seeded):
    editor = client_for("editor", EDITORS)
    task = Task.objects.filter(point__isnull=False, is_published=True).order_by("pk").first()
    save(editor, task, **{registry.column("reason", "en"): "Drafted reason 4713"})
    assert draft_of(task) is not None
    comparison = task.point.comparison
    editor.post(f"/en/admin/cards/comparison/{comparison.pk}/delete/repair/", {"confirm": "yes"})
    page = editor.get(change_url(task))
    assert page.status_code == 200, "the draft still opens"
    with draft_applied(task):
        drafted = Task.objects.get(pk=task.pk)
        assert drafted.point_id is None and drafted.reason_en == "Drafted reason 4713"


def content_admins():
    params = []
    for model in apps.get_models():
        try:
            model_admin = admin.site.get_model_admin(model)
        except NotRegistered:
            continue
        if isinstance(model_admin, ContentAdmin):
            params.append(pytest.param(model, id=model._meta.label))
    return params


def slug_models():
    return [p for p in content_admins() if keeps_old_slugs(p.values[0])]


@pytest.mark.parametrize("model", slug_models())
def test_a_rename_in_the_admin_is_recorded_and_its_old_slug_refused_to_others(model, seeded):
    assert {m.values[0] for m in slug_models()} >= {
        Task,
        Question,
        apps.get_model("questions.Topic"),
    }
    editor = client_for("editor", EDITORS)
    obj, *others = model._default_manager.order_by("pk")[:2]
    old_slug = obj.slug
    save(editor, obj, slug=f"{old_slug}-renamed")
    if getattr(obj, "is_published", False):
        publish(editor, obj)
    assert model._default_manager.get(pk=obj.pk).slug == f"{old_slug}-renamed"
    assert OldSlug.objects.of_model(model).filter(slug=old_slug, object_id=obj.pk).exists()
    for other in others:  # the seed has one comparison only
        url = change_url(other)
        response = editor.post(url, {**form_data(editor.get(url)), "slug": old_slug})
        assert response.status_code == 200 and "Choose another slug" in response.content.decode()


def test_a_renamed_topics_old_address_redirects_in_every_language(seeded, client):
    topic = apps.get_model("questions.Topic").objects.get(slug="old-age")
    save(client_for("editor", EDITORS), topic, slug="old-age-renamed")
    for lang in registry.languages():
        with translation.override(lang):
            old = f"/{lang}/questions/topics/old-age/"
            response = client.get(old)
            assert response.status_code == 301, old
            assert response["Location"] == f"/{lang}/questions/topics/old-age-renamed/"


@pytest.mark.parametrize("model", content_admins())
def test_every_content_admin_refuses_a_stale_form(model, seeded):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the seed has no {model._meta.label}"
    column = registry.column(registry.translated_fields(model)[0], "en")
    bob = client_for("bob", EDITORS)
    stale = form_data(bob.get(change_url(obj)))
    save(client_for("alice", EDITORS), obj, **{column: "Alice's change 4714"})
    stale[column] = "Bob's change 4714"
    refused = bob.post(change_url(obj), stale)
    assert refused.status_code == 200
    assert "alice changed this since you opened it" in refused.content.decode()
    if not getattr(obj, "is_published", False):
        assert getattr(model._default_manager.get(pk=obj.pk), column) == "Alice's change 4714"


def test_the_question_delete_page_names_its_link_rows_by_their_fields(seeded):
    editor = client_for("editor", EDITORS)
    questions = Question.objects.filter(topics__isnull=False).distinct()
    question = next(q for q in questions.order_by("pk") if not blocking_guards(Question, [q]))
    for lang, words in (("en", "Topics: “"), ("zh-hans", "主题：“")):
        page = editor.get(f"/{lang}/admin/questions/question/{question.pk}/delete/")
        text = page.content.decode()
        assert "object (" not in text and "关系" not in text and "relationship" not in text
        assert words in text


@pytest.mark.parametrize("model", content_admins())
@pytest.mark.parametrize("both_changed", [False, True], ids=["theirs-kept", "side-by-side"])
def test_every_content_admin_merges_a_stale_form_saved_again(model, both_changed, seeded):
    """Saved again after the refusal: a field only the other editor changed keeps their
    value; one both changed is shown side by side (theirs, yours) to choose from."""
    obj = model._default_manager.order_by("pk").first()
    field = registry.translated_fields(model)[0]
    theirs, mine = registry.column(field, "en"), registry.column(field, registry.SOURCE_LANGUAGE)
    if both_changed:
        mine = theirs
    url = change_url(obj)
    bob = client_for("bob", EDITORS)
    stale = form_data(bob.get(url))
    save(client_for("alice", EDITORS), obj, **{theirs: "Alice 4715"})
    stale[mine] = "鲍勃 4715"
    refused = bob.post(url, stale)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "alice changed this since you opened it" in text
    again = form_data(refused)
    if both_changed:
        assert "Theirs (saved meanwhile)" in text and "Alice 4715" in text, "side by side"
        assert again[mine] == "鲍勃 4715", "the field shows their input"
        again[f"_merge_{theirs}"] = "theirs"
    response = bob.post(url, again)
    assert response.status_code == 302, "saved again, it is merged, not refused again"
    with draft_applied(obj):
        values = model._default_manager.filter(pk=obj.pk).values(theirs, mine).get()
    assert values == {theirs: "Alice 4715", mine: "Alice 4715" if both_changed else "鲍勃 4715"}


@pytest.mark.parametrize("model", slug_models())
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_model_validation_refuses_another_objects_old_slug(model, lang, seeded):
    """Every path, not only the admin's form (the API, commands, a form of its own):
    full_clean() refuses another object's recorded old slug, in the user's language."""
    obj = model._default_manager.order_by("pk").first()
    # The old slug of another object, deleted (it stays reserved: it can be recovered).
    OldSlug.objects.record(model(pk=obj.pk + 10**6, slug="elsewhere"), "an-old-slug-4716")
    obj.slug = "an-old-slug-4716"
    with translation.override(lang):
        with pytest.raises(ValidationError) as refused:
            obj.full_clean()
        message = " ".join(refused.value.message_dict["slug"])
    words = "Choose another slug" if lang == "en" else "请换一个网址标识"
    assert "an-old-slug-4716" in message and words in message, message
    OldSlug.objects.record(obj, "an-old-slug-4716")  # its own old slug is its own
    obj.full_clean()


def test_every_model_that_keeps_old_slugs_validates_them():
    """A content model whose renames are recorded also refuses them in validation: system
    check publishing.E002."""
    from publishing.redirects import check_old_slugs_validated

    assert check_old_slugs_validated() == []


@pytest.mark.parametrize("kind", [pytest.param(k, id=k.name) for k in kinds_registry.kinds()])
def test_an_object_with_no_history_deleted_in_the_admin_can_be_recovered(kind, seeded):
    """Seed objects (and those an import or a script made) have no recorded version: the
    delete itself records one, so the editor can always recover what they deleted."""
    editor = client_for("editor", EDITORS)
    obj = next(deletable(kind), None)
    assert obj is not None, f"{kind}: the seed has no {kind} an editor can delete"
    Version.objects.get_for_object(obj).delete()  # as the seed, an import or a script left it
    delete_in_admin(editor, obj)
    recover_in_admin(editor, obj)
    assert type(obj)._base_manager.filter(pk=obj.pk).exists()


def test_a_topic_with_no_history_deleted_through_delete_selected_can_be_recovered(seeded):
    editor = client_for("editor", EDITORS)
    topic = Topic.objects.create(slug="unused-topic-4711", name_en="Unused", name_zh_hans="未用")
    editor.post(
        "/en/admin/questions/topic/",
        {"action": "delete_selected", "_selected_action": [topic.pk], "post": "yes"},
    )
    assert not Topic.objects.filter(pk=topic.pk).exists()
    recover_in_admin(editor, topic)
    assert Topic.objects.get(pk=topic.pk).name_en == "Unused"


def drafted(obj, change):
    """Keep `change(obj)`, made on the live rows and rolled back, as obj's pending draft."""
    with transaction.atomic():
        change(obj)
        versions = snapshot(obj)
        transaction.set_rollback(True)
    save_draft(obj, versions, user=None)
    assert draft_of(obj) is not None


def unused_article(question):
    cited = question.legal_basis.values("pk")
    return Article.objects.filter(is_published=True).exclude(pk__in=cited).order_by("pk").first()


def test_an_article_only_a_pending_draft_cites_is_not_deleted(seeded):
    """Deleting it would leave the draft unopenable (“the stored version no longer fits”):
    the delete page names the draft's object instead, and nothing is deleted."""
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    article = unused_article(question)
    assert not blocking_guards(Article, [article])
    drafted(question, lambda q: QuestionLegalBasis.objects.create(question=q, article=article))
    url = f"/en/admin/legislation/article/{article.pk}/delete/"
    page = editor.get(url).content.decode()
    assert "pending drafts link to it" in page and escape(str(question)) in page
    assert f"{url}repair/" not in page, "a cited article's row cannot be cut"
    editor.post(url, {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()
    assert editor.get(change_url(question)).status_code == 200, "the draft still opens"


def test_a_topic_only_a_pending_draft_adds_is_deleted_by_repair_cutting_the_draft(seeded):
    editor = client_for("editor", EDITORS)
    question = Question.objects.filter(is_published=True).order_by("pk").first()
    topic = Topic.objects.exclude(questions=question).order_by("pk").first()
    topic.questions.clear()
    drafted(question, lambda q: q.topics.add(topic))
    url = f"/en/admin/questions/topic/{topic.pk}/delete/"
    page = editor.get(url).content.decode()
    assert "pending drafts link to it" in page and escape(str(question)) in page
    editor.post(url, {"post": "yes"})
    assert Topic.objects.filter(pk=topic.pk).exists(), "not deleted without the repair"
    assert f"{url}repair/" in page
    editor.post(f"{url}repair/", {"confirm": "yes"})
    assert not Topic.objects.filter(pk=topic.pk).exists()
    assert editor.get(change_url(question)).status_code == 200, "the draft still opens"
    assert draft_of(question) is not None, "the draft is kept, without the topic"


def references_through_parts():
    """(kind, lookup) of every cuttable reference to a row another kind holds as its part (a
    guide task's link to a comparison's point): a draft of that kind may delete the row."""
    params = []
    for kind in kinds_registry.kinds():
        for name, lookup in guarded_references(kind):
            first = lookup.split("__")[0]
            part = kind.model._meta.get_field(first).related_model
            referenced = kinds_registry.kinds_by_name().get(name)
            if _cuttable(kind.model, lookup) and referenced and part in referenced.parts:
                params.append(pytest.param(kind, lookup, id=f"{kind.name}-{lookup}"))
    return params


@pytest.mark.parametrize("confirmed", [True, False], ids=["confirmed", "linked-since"])
@pytest.mark.parametrize(("kind", "lookup"), references_through_parts())
def test_a_scheduled_draft_deleting_a_linked_part_applies_only_with_a_confirmed_cut(
    kind, lookup, confirmed, seeded
):
    """At its time, a scheduled draft that deletes a row other content links to applies with
    the cut confirmed on the Publish page; a link made after it was scheduled (nobody
    confirmed cutting it) keeps it from applying: nothing is cut, and Scheduled changes lists
    it with why and the referrer."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    from publishing import services
    from tests.factories import make_draft

    assert references_through_parts(), "the guide's tasks link to comparison points"
    editor = client_for("editor", EDITORS)
    first = lookup.split("__")[0]
    referrer = kind.public_queryset().filter(**{f"{first}__isnull": False}).order_by("pk")
    referrer = referrer.first()
    part, holder = getattr(referrer, first), linked(referrer, lookup)
    linking = kind.model._base_manager.filter(**{first: part})
    linking = list(linking.values_list("pk", flat=True))
    when = (timezone.now() + timedelta(minutes=2)).replace(microsecond=0)
    kind.model._base_manager.filter(pk__in=linking).update(**{first: None})

    def change():
        type(part)._base_manager.filter(pk=part.pk).delete()
        type(holder)._base_manager.filter(pk=holder.pk).update(publish_at=when)

    make_draft(holder, change)
    if confirmed:
        kind.model._base_manager.filter(pk__in=linking).update(**{first: part.pk})
    url = f"{admin_base(holder)}{holder.pk}/publish/"
    page = editor.get(url)
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    assert editor.post(url, {**data, "confirm_cut": "yes"}).status_code == 302
    assert services.draft_of(holder).apply_at == when, "scheduled"
    if not confirmed:
        kind.model._base_manager.filter(pk__in=linking).update(**{first: part.pk})
    with mock.patch("django.utils.timezone.now", return_value=when + timedelta(seconds=1)):
        services.apply_due()
    still = kind.model._base_manager.get(pk=referrer.pk)
    listing = editor.get("/en/admin/publishing/scheduledchange/").content.decode()
    if confirmed:
        assert services.draft_of(holder) is None, "applied at its time"
        assert not type(part)._base_manager.filter(pk=part.pk).exists()
        assert getattr(still, f"{first}_id") is None, "with the confirmed cut"
        assert "Not applied" not in listing
    else:
        assert services.draft_of(holder) is not None, "kept"
        assert type(part)._base_manager.filter(pk=part.pk).exists(), "not applied"
        assert getattr(still, f"{first}_id") == part.pk, "nothing cut unconfirmed"
        assert "Not applied at its time" in listing and escape(str(still)) in listing

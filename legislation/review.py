"""Legal basis under review: which published content quotes a wording of an article that has
changed since the content was last reviewed, and the editor's "mark reviewed".

Who cites articles is read from the registry, never listed here: every kind whose `refers_to`
names the article kind (a comparison's legal basis, a guide task's article, any kind added
later) is covered, through the lookup it declares.

What is stored (legislation.CitationReview): for an object and an article it cites, the
article's text in every language as the object was last checked against. No row means "the
text it was written against is today's". Only a change of the source language's text (the
authoritative one) is an amendment; a translation's change alone flags nothing. So a row is
written just before a cited article's source text changes (wording_changing(): called by
the article's pre_save and by the importer, whose bulk writes send no signal) and when an
editor marks the object reviewed. A re-import of the same text changes nothing and flags
nothing; two amendments before a review show the change from the reviewed wording to
today's.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from publishing import registry, services
from publishing.content import tags_changed
from publishing.dependencies import list_tag, model_tag, tag
from publishing.fragments import kept
from publishing.models import RevisionKind
from publishing.text import normalise_text
from publishing.versioning import owner
from translations.registry import SOURCE_LANGUAGE, column, languages

from .models import Article, CitationReview


def citing_kinds():
    """[(kind, lookup from the kind to the articles it cites)], from the registry."""
    cited = {kind.name for kind in registry.kinds() if kind.model is Article}
    return [
        (kind, lookup)
        for kind in registry.kinds()
        for name, lookup in kind.refers_to
        if name in cited
    ]


def cites_articles(model):
    return any(kind.model is model for kind, _lookup in citing_kinds())


def wording(article):
    """{language code: the article's text}, as editors see it (line ends, outer spaces)."""
    return {
        code: normalise_text(getattr(article, column("text", code)) or "") for code in languages()
    }


def changed_languages(old, new):
    """The languages whose text differs between two wordings. A translation that did not
    exist before is no new wording (a translator caught up), a changed or removed one is."""
    return [code for code in languages() if old.get(code) and old.get(code) != new.get(code)]


def amended(old, new):
    """True when the source language's wording differs (changed_languages()): that text is
    authoritative. A changed translation is no amendment of the statute: it flags nothing
    (the list still shows it beside the change of a real one)."""
    return SOURCE_LANGUAGE in changed_languages(old, new)


def citers(article_ids):
    """{article id: [(content type id, object id)]}: every object citing each article."""
    found = {pk: {} for pk in article_ids}  # dicts keep order and drop repeats
    for kind, lookup in citing_kinds():
        content_type = ContentType.objects.get_for_model(kind.model)
        rows = kind.model._default_manager.filter(**{f"{lookup}__in": article_ids})
        for pk, article_id in rows.values_list("pk", lookup).distinct():
            # A many-to-many lookup may list its other articles; an object may cite one
            # article through two lookups (a question's legal basis and its quotation).
            if article_id in found:
                found[article_id][(content_type.pk, pk)] = None
    return {article_id: list(objects) for article_id, objects in found.items()}


def wording_changing(articles, *, on=None):
    """Call before writing `articles` (instances carrying their new text): for every object
    citing one whose text changes, keep the wording it was written against (where no review
    is stored yet) and note the change as of `on` (default today); a text changed back to the
    reviewed wording clears the note."""
    articles = [a for a in articles if a.pk is not None]
    if not articles:
        return
    texts = [column("text", code) for code in languages()]
    stored = Article.objects.filter(pk__in=[a.pk for a in articles]).only(*texts)
    stored = {a.pk: wording(a) for a in stored}
    changed = {
        a.pk: wording(a) for a in articles if a.pk in stored and amended(stored[a.pk], wording(a))
    }
    if not changed:
        return
    on = on or timezone.localdate()
    reviews = {
        (r.content_type_id, r.object_id, r.article_id): r
        for r in CitationReview.objects.filter(article__in=changed)
    }
    new, updated = [], []
    for article_id, objects in citers(list(changed)).items():
        for content_type_id, object_id in objects:
            review = reviews.get((content_type_id, object_id, article_id))
            if review is None:
                new.append(
                    CitationReview(
                        content_type_id=content_type_id,
                        object_id=object_id,
                        article_id=article_id,
                        reviewed_text=stored[article_id],
                        amended_on=on,
                    )
                )
            else:
                differs = amended(review.reviewed_text, changed[article_id])
                review.amended_on = on if differs else None
                updated.append(review)
    CitationReview.objects.bulk_create(new)
    CitationReview.objects.bulk_update(updated, ["amended_on"])
    notices_changed([*new, *updated])


def notices_changed(reviews):
    """The notices of the objects `reviews` are of change: the pages and lists showing those
    objects (their cache tags, publishing.dependencies) and flagged_ids(), once the
    transaction commits (bulk writes of notes send no signal)."""
    if not reviews:
        return
    found = {model_tag(CitationReview)}
    for review in reviews:
        model = ContentType.objects.get_for_id(review.content_type_id).model_class()
        kind = registry.for_model(model)
        if kind is None:  # not a kind: who shows it is not known
            tags_changed(None)
            return
        found |= {tag(kind, review.object_id), list_tag(kind)}
    tags_changed(found)


def on_article_pre_save(sender, instance, update_fields=None, **kwargs):
    """pre_save of Article: an editor's change, a published draft, a revert, a PO import."""
    if update_fields is not None and not any(f.startswith("text") for f in update_fields):
        return
    wording_changing([instance])


def changed_citations(queryset=None):
    """The stored reviews whose article's source-language wording differs today from the
    reviewed one (amended()), of objects that still cite it: [review] with .changes,
    [(language code, reviewed text, text today)] of the languages that differ."""
    queryset = CitationReview.objects.all() if queryset is None else queryset
    reviews = list(
        queryset.filter(amended_on__isnull=False).select_related("article__law", "content_type")
    )
    if not reviews:
        return []
    still = set()
    for kind, lookup in citing_kinds():
        content_type = ContentType.objects.get_for_model(kind.model)
        ids = [r.object_id for r in reviews if r.content_type_id == content_type.pk]
        if ids:
            rows = kind.model._default_manager.filter(pk__in=ids, **{f"{lookup}__isnull": False})
            still.update((content_type.pk, pk, a) for pk, a in rows.values_list("pk", lookup))
    found = []
    for review in reviews:
        if (review.content_type_id, review.object_id, review.article_id) not in still:
            continue
        current = wording(review.article)
        if not amended(review.reviewed_text, current):
            continue
        review.changes = [
            (code, review.reviewed_text[code], current[code])
            for code in changed_languages(review.reviewed_text, current)
        ]
        found.append(review)
    return found


def flagged_ids(model):
    """Ids of `model`'s objects noted as citing an amended article, kept under the notes' own
    cache tag (a note's save or delete bumps it, notices_changed() their bulk writes), so a
    page whose object is not among them (nearly every page) asks the database nothing."""
    content_type = ContentType.objects.get_for_model(model)  # Django keeps these in memory
    return kept(
        "legal-basis-flagged",
        content_type.pk,
        lambda: frozenset(
            CitationReview.objects.filter(
                content_type=content_type, amended_on__isnull=False
            ).values_list("object_id", flat=True)
        ),
        tags=[model_tag(CitationReview)],
    )


def changes_for(objects):
    """{object: [review]} of the given objects (of one model) whose cited wording changed:
    one query when none did, which is nearly always."""
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    by_pk = {obj.pk: obj for obj in objects}
    queryset = CitationReview.objects.filter(content_type=content_type, object_id__in=by_pk)
    found = {}
    for review in changed_citations(queryset):
        found.setdefault(by_pk[review.object_id], []).append(review)
    return found


@transaction.atomic
def mark_reviewed(reviews, *, user):
    """The editor has checked the objects of `reviews` against today's wordings: remember
    them as reviewed, and record it in each object's history. Returns the objects."""
    now = timezone.now()
    objects = {}
    for review in reviews:
        review.reviewed_text = wording(review.article)
        review.reviewed_at = now
        review.amended_on = None
        citing = review.citing
        if citing is not None:
            objects.setdefault((review.content_type_id, review.object_id), citing)
    CitationReview.objects.bulk_update(reviews, ["reviewed_text", "reviewed_at", "amended_on"])
    notices_changed(reviews)  # the public notice goes
    for citing in objects.values():
        services.record(owner(citing) or citing, user=user, kind=RevisionKind.Kind.REVIEWED)
    return list(objects.values())


def forget_citer(sender, instance, **kwargs):
    """post_delete: the reviews of a deleted object of a citing kind go with it."""
    if not cites_articles(sender):
        return
    content_type = ContentType.objects.get_for_model(sender)
    CitationReview.objects.filter(content_type=content_type, object_id=instance.pk).delete()

"""The change feed: events recorded from model signals of public content.

Four kinds of object are public, each named by its public identifier: card types, comparisons,
laws and articles. A save of one compares its state before and after (identifier, and from
when it is public: selectors.*_public_since) and records "published", "changed" or
"withdrawn"; a delete of a public one records "withdrawn". Saves of the rows an answer shows
(a comparison's points and texts, a law's chapters and sections, an article's older
wordings, the objects an answer quotes) record
"changed" for every public object whose answer they alter. Publish and unpublish are saves of
the live objects. An article is public while its law is too, so a law that is published,
withdrawn or renamed records the same for each of its articles.

Events are written in the same transaction as the content. Consecutive "changed" events of
one object collapse into the latest one (moved to the time of the last edit), so an admin
save of a comparison with twenty rows is one event, not twenty.
"""

from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.urls import reverse
from django.utils import timezone

from cards.models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText
from legislation.models import Article, ArticleWording, Chapter, Law, LawVersion, Section

from . import selectors
from .models import Change


@dataclass(frozen=True)
class PublicKind:
    name: str  # the "type" of the feed
    model: type
    public: object  # () -> queryset of what visitors see now
    public_since: object  # (instance) -> datetime or None
    key_fields: tuple  # lookups whose values, joined by "/", identify an object publicly
    url_name: str
    url_kwargs: tuple

    def key(self, instance):
        values = []
        for lookup in self.key_fields:
            value = instance
            for part in lookup.split("__"):
                value = getattr(value, part)
            values.append(str(value))
        return "/".join(values)

    def keys(self, queryset):
        return ["/".join(map(str, row)) for row in queryset.values_list(*self.key_fields)]

    def api_path(self, key):
        return reverse(
            self.url_name, kwargs=dict(zip(self.url_kwargs, key.split("/"), strict=True))
        )


CARD_TYPE = PublicKind(
    "card-type", CardType, selectors.card_types, selectors.card_type_public_since,
    ("slug",), "api:card-type", ("slug",),
)  # fmt: skip
COMPARISON = PublicKind(
    "comparison", Comparison, selectors.comparisons, selectors.comparison_public_since,
    ("slug",), "api:comparison", ("slug",),
)  # fmt: skip
LAW = PublicKind(
    "law", Law, selectors.laws, selectors.law_public_since, ("slug",), "api:law", ("slug",)
)
ARTICLE = PublicKind(
    "article", Article, selectors.articles, selectors.article_public_since,
    ("law__slug", "number"), "api:article", ("slug", "number"),
)  # fmt: skip
KINDS = {kind.name: kind for kind in (CARD_TYPE, COMPARISON, LAW, ARTICLE)}
BY_MODEL = {kind.model: kind for kind in KINDS.values()}


def affected(instance):
    """[(kind, queryset)] of the public objects whose answers show `instance`, other than
    `instance` itself. Only ids are read, so this also works while a cascade deletes."""
    comparisons, card_types, laws, articles = [], [], [], []
    match instance:
        case CardType():
            comparisons.append({"card_types": instance.pk})
        case Comparison():
            card_types.append({"comparisons": instance.pk})
        case Law():
            articles.append({"law": instance.pk})
            comparisons.append({"legal_basis__law": instance.pk})
        case Article():
            comparisons.append({"legal_basis": instance.pk})
        case ComparisonPoint():
            comparisons.append({"pk": instance.comparison_id})
        case PointText():
            comparisons.append({"points": instance.point_id})
        case ComparedCard():
            comparisons.append({"pk": instance.comparison_id})
            card_types.append({"pk": instance.card_type_id})
        case Chapter():
            laws.append({"pk": instance.law_id})
            articles.append({"chapter": instance.pk})
        case Section():
            laws.append({"pk": instance.law_id})
            articles.append({"section": instance.pk})
        case ArticleWording():  # an older wording: the article's dated answers
            articles.append({"pk": instance.article_id})
        case LawVersion():
            articles.append({"wordings__version": instance.pk})
    return [
        (kind, kind.public().filter(**lookup).distinct())
        for kind, lookups in (
            (COMPARISON, comparisons),
            (CARD_TYPE, card_types),
            (LAW, laws),
            (ARTICLE, articles),
        )
        for lookup in lookups
    ]


def record(kind, key, event, when=None):
    now = timezone.now()
    when = when or now
    if event == Change.Kind.CHANGED:
        latest = (
            Change.objects.visible(now)
            .filter(object_type=kind.name, object_key=key)
            .order_by("happened_at", "pk")
            .last()
        )
        if latest is not None and latest.kind == Change.Kind.CHANGED:
            latest.happened_at = when
            latest.save(update_fields=["happened_at"])
            return
    Change.objects.create(object_type=kind.name, object_key=key, kind=event, happened_at=when)


def is_public_at(window, moment):
    return window is not None and window[0] <= moment and (window[1] is None or window[1] > moment)


def record_transition(kind, before, after):
    """Events for one object whose (key, public window) went from `before` to `after`; either
    is None when the object did not or does not exist. A window that opens or closes later
    records its event for that time: the feed shows it once the time has come."""
    now = timezone.now()
    old_key, old_window = before or (None, None)
    new_key, new_window = after or (None, None)
    if before is not None:  # what was scheduled for the object is superseded by this write
        pending = Change.objects.filter(object_type=kind.name, happened_at__gt=now)
        pending.filter(object_key__in={old_key, new_key} - {None}).delete()
    was_public = is_public_at(old_window, now)
    if was_public and (old_key != new_key or not is_public_at(new_window, now)):
        record(kind, old_key, Change.Kind.WITHDRAWN, now)
        was_public = False
    if new_window is None or (new_window[1] is not None and new_window[1] <= now):
        return
    since, until = new_window
    if since > now:
        record(kind, new_key, Change.Kind.PUBLISHED, since)
    else:
        record(kind, new_key, Change.Kind.CHANGED if was_public else Change.Kind.PUBLISHED, now)
    if until is not None:
        record(kind, new_key, Change.Kind.WITHDRAWN, until)


def touch(instance, skip=None):
    for kind, queryset in affected(instance):
        if kind is not skip:
            record_changed(kind, queryset)


def record_law_transition(law, before, after):
    """Events for the articles of `law` whose identifier or public window moved with the
    law's (before and after: the law's (key, window)). True when there were any."""
    moved = False
    for article in law.articles.all():
        article.law = law
        old = (f"{before[0]}/{article.number}", selectors.article_public_since(article, before[1]))
        new = (f"{after[0]}/{article.number}", selectors.article_public_since(article, after[1]))
        if old != new:
            record_transition(ARTICLE, old, new)
            moved = True
    return moved


def record_changed(kind, queryset):
    """record(kind, key, CHANGED) for every key at once: two or three queries however many
    objects a write touches (saving a law touches all its articles)."""
    keys = set(kind.keys(queryset))
    if not keys:
        return
    now = timezone.now()
    latest = {}
    visible = Change.objects.visible(now).filter(object_type=kind.name, object_key__in=keys)
    for change in visible.order_by("happened_at", "pk"):
        latest[change.object_key] = change  # the last one per key wins
    changed = {key for key, change in latest.items() if change.kind == Change.Kind.CHANGED}
    if changed:
        Change.objects.filter(pk__in=[latest[key].pk for key in changed]).update(happened_at=now)
    Change.objects.bulk_create(
        Change(object_type=kind.name, object_key=key, kind=Change.Kind.CHANGED, happened_at=now)
        for key in sorted(keys - changed)
    )


def _state(kind, instance):
    return (kind.key(instance), kind.public_since(instance))


def _handles(kind, raw):
    """Raw saves come from fixtures and from publishing a draft (django-reversion writes the
    draft's rows raw). Handle them where the public identifier needs no related row (all but
    articles, whose identifier names their law, which a fixture may not have loaded yet)."""
    return not raw or kind is None or kind.key_fields == ("slug",)


def _before_save(sender, instance, raw=False, **kwargs):
    kind = BY_MODEL.get(sender)
    if kind is None or not _handles(kind, raw):
        return
    old = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._public_state_before = _state(kind, old) if old else None


def _after_save(sender, instance, created=False, raw=False, **kwargs):
    kind = BY_MODEL.get(sender)
    if not _handles(kind, raw):
        return
    skip = None
    if kind is not None:
        before = getattr(instance, "_public_state_before", None)
        after = _state(kind, instance)
        record_transition(kind, before, after)
        if created:  # nothing refers to a new object yet
            return
        if kind is LAW and before != after and record_law_transition(instance, before, after):
            skip = ARTICLE  # their events are recorded: no "changed" on top
    touch(instance, skip)


def _before_delete(sender, instance, **kwargs):
    # Read now: a cascade may delete the related rows before post_delete.
    kind = BY_MODEL.get(sender)
    if kind is not None:
        instance._public_state_before = _state(kind, instance)
    touch(instance)


def _after_delete(sender, instance, **kwargs):
    kind = BY_MODEL.get(sender)
    if kind is not None:
        record_transition(kind, getattr(instance, "_public_state_before", None), None)


def _legal_basis_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # comparison.legal_basis.add(…)
        citing = {"pk": instance.pk}
    elif pk_set is None:  # article.comparisons.clear()
        citing = {"legal_basis": instance.pk}
    else:
        citing = {"pk__in": pk_set}
    record_changed(COMPARISON, COMPARISON.public().filter(**citing))


def connect_signals():
    senders = [*BY_MODEL, ComparisonPoint, PointText, ComparedCard, Chapter, Section]
    senders += [LawVersion, ArticleWording]
    for sender in senders:
        uid = f"api-changes-{sender._meta.label}"
        pre_save.connect(_before_save, sender=sender, dispatch_uid=uid)
        post_save.connect(_after_save, sender=sender, dispatch_uid=uid)
        pre_delete.connect(_before_delete, sender=sender, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=sender, dispatch_uid=uid)
    m2m_changed.connect(
        _legal_basis_changed,
        sender=Comparison.legal_basis.through,
        dispatch_uid="api-changes-basis",
    )

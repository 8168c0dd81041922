"""Seed loader for card types and comparisons (cards/fixtures/seed.json).

A comparison is reconciled as one unit with its compared cards, points, texts and legal
basis: an editor's change anywhere in it keeps the whole comparison as the editor left it.
With overwrite, it is updated in place (same ids, so links and history stay): seeded fields
and rows take the seed's values, rows an editor added are kept and listed, and the result is
recorded in the history as a "seed update".
"""

import copy
import json
from pathlib import Path

from django.utils import timezone

from legislation.models import Article
from publishing.models import RevisionKind
from publishing.services import draft_of, record
from publishing.versioning import snapshot
from translations.seeding import (
    SeedError,
    as_date,
    language_suffixes,
    superseded,
    translated,
    upsert,
)
from translations.tracking import record_translations

from .models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CARD_FIELDS = ("name", "short_name", "summary", "issuer", "eligibility", "main_uses")


def load_cards(report, *, overwrite=False, path=FIXTURES / "seed.json"):
    data = json.loads(path.read_text(encoding="utf-8"))
    tally = report.tally(CardType)
    for position, card in enumerate(data["card_types"], start=1):
        values = {"position": position, "is_published": True}
        earlier = {}
        for name in CARD_FIELDS:
            values.update(translated(name, card.get(name)))
            earlier.update(superseded(name, card.get(name)))
        updated = tally.updated
        obj, created = upsert(
            report, CardType, {"slug": card["slug"]}, values, overwrite=overwrite, earlier=earlier
        )
        if created and obj.last_published_at is None:
            obj.last_published_at = timezone.now()
            obj.save(update_fields=["last_published_at"])
        if created or tally.updated > updated:
            record(obj, user=None, kind=RevisionKind.Kind.SEED)
    for comparison in data["comparisons"]:
        load_comparison(report, comparison, overwrite=overwrite)


def load_comparison(report, data, *, overwrite=False):
    tally = report.tally(Comparison)
    existing = Comparison.objects.filter(slug=data["slug"]).first()
    if existing is not None:
        stored, wanted = comparison_as_seed(existing), normalised(data)
        if stored == wanted:
            tally.unchanged += 1
            return existing
        if not overwrite and _brought_up_to_date(stored, data) != wanted:
            tally.kept.append(f"{Comparison._meta.verbose_name}: {existing}")
            return existing
    before = snapshot(existing) if existing is not None else None
    comparison = existing or Comparison(slug=data["slug"])
    comparison.is_published = data.get("is_published", False)
    comparison.published_on = as_date(data["published_on"])
    for name in ("title", "introduction", "note"):
        for field, value in translated(name, data.get(name)).items():
            setattr(comparison, field, value)
    if comparison.is_published and comparison.last_published_at is None:
        comparison.last_published_at = timezone.now()
    comparison.save()
    cards = {card.slug: card for card in CardType.objects.filter(slug__in=data["card_types"])}
    kept = _sync_compared(comparison, data, cards) + _sync_points(comparison, data, cards)
    articles = legal_basis_articles(data)
    kept += [str(a) for a in comparison.legal_basis.exclude(pk__in=[a.pk for a in articles])]
    comparison.legal_basis.add(*articles)  # an article an editor added stays
    if existing is None:
        tally.created += 1
    else:
        tally.updated += 1
        if draft_of(comparison) is not None:
            tally.kept.append(
                f"{Comparison._meta.verbose_name}: {comparison} has an editor's draft made "
                "before this update: publishing it as it is would undo the seed's changes"
            )
        if kept:
            names = "; ".join(kept)
            tally.kept.append(
                f"{Comparison._meta.verbose_name}: {comparison} (editor rows kept: {names})"
            )
    texts = PointText.objects.filter(point__comparison=comparison)
    # The seed's translations were made from its source texts: up to date.
    record_translations([comparison, *comparison.points.all(), *texts])
    record(comparison, user=None, kind=RevisionKind.Kind.SEED, before=before)
    return comparison


def _sync_compared(comparison, data, cards):
    """Compared card types in the seed's order; returns the names of rows kept from editors."""
    rows = {row.card_type_id: row for row in comparison.compared.all()}
    for position, slug in enumerate(data["card_types"], start=1):
        if slug not in cards:
            raise SeedError(f"Comparison {data['slug']!r} compares unknown card type {slug!r}.")
        row = rows.pop(cards[slug].pk, None) or ComparedCard(
            comparison=comparison, card_type=cards[slug]
        )
        row.position = position
        row.save()
    return [str(row) for row in rows.values()]


def _sync_points(comparison, data, cards):
    """Points matched by their Chinese aspect label, updated in place; returns the names of
    points that only an editor added (kept, after the seeded ones)."""
    points = {point.aspect_zh_hans: point for point in comparison.points.all()}
    position = 0
    for position, point_data in enumerate(data["points"], start=1):
        aspect = (point_data["aspect"] or {}).get("zh_hans", "")
        point = points.pop(aspect, None) or ComparisonPoint(comparison=comparison)
        point.position = position
        for name in ("aspect", "heading"):
            for field, value in translated(name, point_data[name]).items():
                setattr(point, field, value)
        point.save()
        texts = {text.card_type_id: text for text in point.texts.all()}
        for slug, values in point_data["texts"].items():
            text = texts.get(cards[slug].pk) or PointText(point=point, card_type=cards[slug])
            for field, value in translated("text", values).items():
                setattr(text, field, value)
            text.save()
    for extra in points.values():
        position += 1
        extra.position = position  # after the seeded points, in their order
        extra.save(update_fields=["position"])
    return [str(point) for point in points.values()]


def legal_basis_articles(data):
    articles = []
    for ref in data.get("legal_basis", []):
        article = Article.objects.filter(law__slug=ref["law"], number=ref["article"]).first()
        if article is None:
            raise SeedError(f"Comparison {data['slug']!r} cites missing article {ref}.")
        articles.append(article)
    return articles


def normalised(data):
    """The seed entry with defaults filled in, for comparing with comparison_as_seed()."""
    strip = _strip_translations
    return {
        "slug": data["slug"],
        "title": strip(data["title"]),
        "introduction": strip(data.get("introduction")),
        "note": strip(data.get("note")),
        "is_published": data.get("is_published", False),
        "published_on": data["published_on"],
        "card_types": list(data["card_types"]),
        "legal_basis": sorted((ref["law"], ref["article"]) for ref in data.get("legal_basis", [])),
        "points": [
            {
                "aspect": strip(point["aspect"]),
                "heading": strip(point["heading"]),
                "texts": {slug: strip(texts) for slug, texts in point["texts"].items()},
            }
            for point in data["points"]
        ],
    }


def comparison_as_seed(comparison):
    """A stored comparison in the shape of a seed entry (see normalised())."""
    value = _translations_of
    return {
        "slug": comparison.slug,
        "title": value(comparison, "title"),
        "introduction": value(comparison, "introduction"),
        "note": value(comparison, "note"),
        "is_published": comparison.is_published,
        "published_on": comparison.published_on.isoformat(),
        "card_types": [c.card_type.slug for c in comparison.compared.select_related("card_type")],
        "legal_basis": sorted(comparison.legal_basis.values_list("law__slug", "number")),
        "points": [
            {
                "aspect": value(point, "aspect"),
                "heading": value(point, "heading"),
                "texts": {
                    text.card_type.slug: value(text, "text")
                    for text in point.texts.select_related("card_type")
                },
            }
            for point in comparison.points.all()
        ],
    }


def _brought_up_to_date(stored, data):
    """`stored` (from comparison_as_seed()) with every value that still holds one of the
    seed's earlier wordings ("was") replaced by the seed's current one: if that equals the
    seed, the comparison differs only by the seed's own corrections, not by an editor's."""
    stored = copy.deepcopy(stored)

    def refresh(values, seed):
        seed = seed or {}
        for suffix in language_suffixes():
            earlier = {old.get(suffix) or "" for old in seed.get("was", ()) if suffix in old}
            if values[suffix] in earlier:
                values[suffix] = seed.get(suffix) or ""

    for name in ("title", "introduction", "note"):
        refresh(stored[name], data.get(name))
    for point, seed_point in zip(stored["points"], data["points"], strict=False):
        refresh(point["aspect"], seed_point["aspect"])
        refresh(point["heading"], seed_point["heading"])
        for slug, texts in point["texts"].items():
            if slug in seed_point["texts"]:
                refresh(texts, seed_point["texts"][slug])
    return stored


def _strip_translations(values):
    values = values or {}
    return {suffix: values.get(suffix) or "" for suffix in language_suffixes()}


def _translations_of(obj, name):
    return {suffix: getattr(obj, f"{name}_{suffix}") or "" for suffix in language_suffixes()}

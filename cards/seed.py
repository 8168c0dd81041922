"""Seed loader for card types and comparisons (cards/fixtures/seed.json).

A comparison is reconciled as one unit with its compared cards, points, texts and legal
basis: an editor's change anywhere in it keeps the whole comparison as the editor left it.
"""

import json
from pathlib import Path

from legislation.models import Article
from translations.seeding import LANGUAGE_SUFFIXES, SeedError, as_date, translated, upsert
from translations.tracking import record_translations

from .models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CARD_FIELDS = ("name", "short_name", "summary", "issuer", "eligibility", "main_uses")


def load_cards(report, *, overwrite=False, path=FIXTURES / "seed.json"):
    data = json.loads(path.read_text(encoding="utf-8"))
    for position, card in enumerate(data["card_types"]):
        values = {"position": position}
        for name in CARD_FIELDS:
            values.update(translated(name, card.get(name)))
        upsert(report, CardType, {"slug": card["slug"]}, values, overwrite=overwrite)
    for comparison in data["comparisons"]:
        load_comparison(report, comparison, overwrite=overwrite)


def load_comparison(report, data, *, overwrite=False):
    tally = report.tally(Comparison)
    existing = Comparison.objects.filter(slug=data["slug"]).first()
    if existing is not None:
        if comparison_as_seed(existing) == normalised(data):
            tally.unchanged += 1
            return existing
        if not overwrite:
            tally.kept.append(f"{Comparison._meta.verbose_name}: {existing}")
            return existing
        existing.delete()  # replaced whole, children included, inside the caller's transaction
    comparison = Comparison.objects.create(
        slug=data["slug"],
        is_published=data.get("is_published", False),
        published_on=as_date(data["published_on"]),
        **translated("title", data["title"]),
        **translated("introduction", data.get("introduction")),
    )
    cards = {card.slug: card for card in CardType.objects.filter(slug__in=data["card_types"])}
    for position, slug in enumerate(data["card_types"]):
        if slug not in cards:
            raise SeedError(f"Comparison {data['slug']!r} compares unknown card type {slug!r}.")
        ComparedCard.objects.create(comparison=comparison, card_type=cards[slug], position=position)
    for position, point_data in enumerate(data["points"]):
        point = ComparisonPoint.objects.create(
            comparison=comparison,
            position=position,
            **translated("aspect", point_data["aspect"]),
            **translated("heading", point_data["heading"]),
        )
        texts = PointText.objects.bulk_create(
            PointText(point=point, card_type=cards[slug], **translated("text", texts))
            for slug, texts in point_data["texts"].items()
        )
        record_translations([comparison, point, *texts])  # bulk_create sends no signals
    comparison.legal_basis.set(legal_basis_articles(data))
    if existing is None:
        tally.created += 1
    else:
        tally.updated += 1
    return comparison


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


def _strip_translations(values):
    values = values or {}
    return {suffix: values.get(suffix) or "" for suffix in LANGUAGE_SUFFIXES}


def _translations_of(obj, name):
    return {suffix: getattr(obj, f"{name}_{suffix}") or "" for suffix in LANGUAGE_SUFFIXES}

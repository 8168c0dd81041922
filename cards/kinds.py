"""The content kinds of this app (publishing.registry), registered from its AppConfig.ready()."""

from legislation.models import Article, Law
from publishing.registry import Kind

from .models import CardType, ComparedCard, Comparison, ComparisonPoint, LegalBasis, PointText

CARD_TYPE = Kind(
    name="card-type",
    model=CardType,
    page="cards:card",
    api="api:card-type",
    api_list="api:card-type-list",
    search_fields=("name", "short_name", "summary", "issuer", "eligibility", "main_uses"),
    search_group="cards",
    search_title_fields=("name", "short_name"),
    sitemap="cards",
    # A comparison lists the card types it compares (ComparedCard names one of them).
    shows=((Comparison, "comparisons", "pk"), (ComparedCard, "pk", "card_type_id")),
)

COMPARISON = Kind(
    name="comparison",
    model=Comparison,
    page="cards:comparison",
    api="api:comparison",
    api_list="api:comparison-list",
    embed="embed:point",
    share_image="findability:comparison-share-image",
    search_fields=("title", "introduction"),
    search_group="comparisons",
    search_sources=("search.engine.Source", "search.engine.PointSource"),  # and its points
    sitemap="comparisons",
    feed=("-updated_at",),
    dates=("published_on", "updated_at"),
    description=("introduction", "title"),
    follow=("compared", "citations", "points"),
    parts={ComparedCard: (), LegalBasis: (), ComparisonPoint: ("texts",), PointText: ()},
    shows=(
        (CardType, "card_types", "pk"),
        (ComparedCard, "compared", "pk"),
        (LegalBasis, "citations", "pk"),
        (ComparisonPoint, "points", "pk"),
        (PointText, "points", "point_id"),
        (Law, "legal_basis__law", "pk"),
        (Article, "legal_basis", "pk"),
    ),
    refers_to=(("card-type", "card_types"), ("article", "legal_basis")),
)

KINDS = (CARD_TYPE, COMPARISON)

"""The content kinds of this app (publishing.registry), registered from its AppConfig.ready()."""

from legislation.models import Article, Law
from publishing.registry import Endpoint, Kind

from .models import CardType, ComparedCard, Comparison, ComparisonPoint, LegalBasis, PointText

CARD_TYPE = Kind(
    name="card-type",
    model=CardType,
    page="cards:card",
    api_endpoints=(
        Endpoint(
            "card-types/",
            "api.serializers.CardTypeSerializer",
            "Card types",
            "cards",
            many=True,
            selector="api.selectors.card_types_with_comparisons",
            root="card_types",
        ),
        Endpoint(
            "card-types/<slug:slug>/",
            "api.serializers.CardTypeSerializer",
            "A card type",
            "cards",
            selector="api.selectors.card_types_with_comparisons",
            old_slugs="card-type",
        ),
    ),
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
    api_endpoints=(
        Endpoint(
            "comparisons/",
            "api.serializers.ComparisonSerializer",
            "Published comparisons",
            "comparisons",
            many=True,
            selector="api.selectors.comparisons_with_card_types",
            root="comparisons",
        ),
        Endpoint(
            "comparisons/<slug:slug>/",
            "api.serializers.ComparisonDetailSerializer",
            "A comparison with its points, texts per card and legal basis",
            "comparisons",
            selector="api.selectors.comparisons_with_content",
            old_slugs="comparison",
        ),
    ),
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

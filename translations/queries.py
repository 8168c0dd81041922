"""The translation status in SQL, for admin filters and list columns: the same rules as
translations.tracking.statuses(), read from the columns and the stored digests."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery

from . import conversion, registry
from .models import TranslationState


def _blank(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_q(model, language):
    """Objects with a source text but no translation in `language` in some field."""
    q = Q(pk__in=[])
    for field in registry.translated_fields(model):
        source, target = (
            registry.column(field, registry.SOURCE_LANGUAGE),
            registry.column(field, language),
        )
        q |= ~_blank(source) & _blank(target)
    return q


def outdated_q(model, language):
    """Objects with a translation in `language` made from an older source text."""
    ct = ContentType.objects.get_for_model(model)
    current = TranslationState.objects.filter(
        content_type=ct,
        object_id=OuterRef("object_id"),
        field=OuterRef("field"),
        language=registry.SOURCE_LANGUAGE,
    ).values("source_digest")[:1]
    stale = (
        TranslationState.objects.filter(
            content_type=ct, object_id=OuterRef("pk"), language=language
        )
        .annotate(current=Subquery(current))
        .exclude(source_digest=F("current"))
    )
    # A field emptied since (without signals) is missing, not outdated.
    return Q(Exists(stale)) & ~missing_q(model, language)


def machine_q(model, language):
    """Objects with a translation in `language` converted by machine that no translator has
    edited or reviewed since (tracking.is_unreviewed: a translator's save or review stores the
    state as not machine-made), as the dashboard and `translation_status` count them."""
    if not conversion.is_converted(language):
        return Q(pk__in=[])
    ct = ContentType.objects.get_for_model(model)
    machine = TranslationState.objects.filter(
        content_type=ct, object_id=OuterRef("pk"), language=language, machine=True
    )
    return Q(Exists(machine)) & ~missing_q(model, language)


def with_parts(model, parts, build, language):
    """`build(model, language)` for the object itself or any of its parts (see
    ContentAdmin.translation_parts)."""
    q = build(model, language)
    for part, lookup in parts:
        q |= Q(
            Exists(
                part._default_manager.filter(**{lookup: OuterRef("pk")}).filter(
                    build(part, language)
                )
            )
        )
    return q


def annotate_status(queryset, parts=()):
    """Adds `<annotation>` booleans per target language (see annotation())."""
    model = queryset.model
    values = {}
    for language in registry.target_languages():
        for kind, build in (
            ("missing", missing_q),
            ("machine", machine_q),
            ("outdated", outdated_q),
        ):
            values[annotation(kind, language)] = ExpressionWrapper(
                with_parts(model, parts, build, language), output_field=BooleanField()
            )
    return queryset.annotate(**values)


def annotation(kind, language):
    return f"translation_{kind}_{registry.column('', language).lstrip('_')}"

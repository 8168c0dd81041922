"""Serializer fields of the API: translated text that says when it is a fallback, and
absolute links."""

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from publishing.origin import absolute_url
from publishing.text import is_web_url
from translations.registry import (
    SOURCE_LANGUAGE,
    is_translated,
    source_text,
    translated_fields,
    translation_text,
)
from translations.tracking import is_missing


class TranslatedTextSerializer(serializers.Serializer):
    """The OpenAPI shape of every translated text."""

    value = serializers.CharField(help_text="The text; empty when no language has one.")
    language = serializers.CharField(help_text="The language the text is in.")
    fallback = serializers.BooleanField(
        help_text="True when the requested language has no text and this is the source "
        "language's instead: mark it (e.g. with a lang attribute) as the site does."
    )


def translated_text(obj, field, language=None):
    """{"value", "language", "fallback"} of one translated field in `language` (the active
    one by default): the source text, marked, where the translation is missing, by the same
    rule as the site's pages (translations.tracking.is_missing)."""
    language = language or get_language()
    if is_missing(obj, field, language):
        return {"value": source_text(obj, field), "language": SOURCE_LANGUAGE, "fallback": True}
    return {
        "value": translation_text(obj, field, language),
        "language": language,
        "fallback": False,
    }


@extend_schema_field(TranslatedTextSerializer)
class TranslatedTextField(serializers.Field):
    def __init__(self, field, source="*", **kwargs):
        self.model_field = field
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, obj):
        return translated_text(obj, self.model_field)


@extend_schema_field(TranslatedTextSerializer)
class DerivedTextField(serializers.Field):
    """Text made from other fields (an article's citation): a fallback when any translated
    field it is made of falls back, in the source language then."""

    def __init__(self, method, depends_on, **kwargs):
        self.method = method
        self.depends_on = depends_on  # (attribute path to the object, translated field)
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        language = get_language()
        fallback = False
        for path, field in self.depends_on:
            target = obj
            for part in filter(None, path.split(".")):
                target = getattr(target, part)
            fallback = fallback or translated_text(target, field, language)["fallback"]
        value = self.method(obj)
        return {
            "value": value,
            "language": SOURCE_LANGUAGE if fallback else language,
            "fallback": fallback,
        }


class TranslatedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose translated fields (read from the modeltranslation registry)
    become TranslatedTextFields."""

    def build_field(self, field_name, info, model_class, nested_depth):
        translated = translated_fields(model_class) if is_translated(model_class) else ()
        if field_name in translated:
            return TranslatedTextField, {"field": field_name}
        return super().build_field(field_name, info, model_class, nested_depth)


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """An absolute URL made by `path(obj)`: an API address or a page of the site (in the
    active language, so in the language of the answer)."""

    def __init__(self, path, **kwargs):
        self.path = path
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        path = self.path(obj)
        if path is None:  # an optional link (e.g. a point of a comparison no longer public)
            return None
        # From the canonical origin, not the Host the client sent (publishing.origin).
        return absolute_url(path)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PublicLinkField(LinkField):
    """A link to another object, null while the one public rule hides it (unpublished, not yet
    due, expired): no channel links to a page that answers 404; its name stays, as text."""

    def to_representation(self, obj):
        if not obj.is_public():
            return None
        return super().to_representation(obj)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class WebURLField(serializers.Field):
    """A stored link, given out only when it is a web address (http or https): a
    `javascript:` or `data:` link written by any path (an import, a script) is null, as the
    pages leave it out (the `web_url` filter)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value.strip() if value and is_web_url(value) else None

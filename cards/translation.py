"""Translated content fields (modeltranslation). Slugs, dates and positions are shared."""

from modeltranslation.translator import TranslationOptions, register

from translations.registry import SOURCE_LANGUAGE

from .models import CardType, Comparison, ComparisonPoint, PointText


@register(CardType)
class CardTypeTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "summary", "issuer", "eligibility", "main_uses")
    required_languages = {SOURCE_LANGUAGE: ("name", "summary")}


@register(Comparison)
class ComparisonTranslationOptions(TranslationOptions):
    fields = ("title", "introduction", "note")
    required_languages = {SOURCE_LANGUAGE: ("title",)}


@register(ComparisonPoint)
class ComparisonPointTranslationOptions(TranslationOptions):
    fields = ("aspect", "heading")
    required_languages = {SOURCE_LANGUAGE: ("aspect", "heading")}


@register(PointText)
class PointTextTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = {SOURCE_LANGUAGE: ("text",)}

"""Translated content fields (modeltranslation). Slugs, dates and positions are shared."""

from modeltranslation.translator import TranslationOptions, register

from .models import CardType, Comparison, ComparisonPoint, PointText


@register(CardType)
class CardTypeTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "summary", "issuer", "eligibility", "main_uses")
    required_languages = {"zh-hans": ("name", "summary")}


@register(Comparison)
class ComparisonTranslationOptions(TranslationOptions):
    fields = ("title", "introduction", "note")
    required_languages = {"zh-hans": ("title",)}


@register(ComparisonPoint)
class ComparisonPointTranslationOptions(TranslationOptions):
    fields = ("aspect", "heading")
    required_languages = {"zh-hans": ("aspect", "heading")}


@register(PointText)
class PointTextTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = {"zh-hans": ("text",)}

"""Translated content fields (modeltranslation). The Chinese text is the authoritative one.
`statute_fields` hold the statute's own words: a script conversion changes their characters
only, never their vocabulary (translations.conversion)."""

from modeltranslation.translator import TranslationOptions, register

from translations.registry import SOURCE_LANGUAGE

from .models import Article, ArticleWording, Chapter, Law, Section


@register(Law)
class LawTranslationOptions(TranslationOptions):
    fields = ("title", "short_title", "issuing_body", "summary", "history")
    statute_fields = ("title", "short_title", "issuing_body", "history")
    required_languages = {SOURCE_LANGUAGE: ("title", "short_title")}


@register(Chapter)
class ChapterTranslationOptions(TranslationOptions):
    fields = ("title",)
    statute_fields = fields
    required_languages = {SOURCE_LANGUAGE: ("title",)}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("text",)
    statute_fields = fields
    required_languages = {SOURCE_LANGUAGE: ("text",)}


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title",)
    statute_fields = fields
    required_languages = {SOURCE_LANGUAGE: ("title",)}


@register(ArticleWording)
class ArticleWordingTranslationOptions(TranslationOptions):
    fields = ("text",)
    statute_fields = fields
    required_languages = {SOURCE_LANGUAGE: ("text",)}

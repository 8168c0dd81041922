"""Translated content fields (modeltranslation). The Chinese text is the authoritative one."""

from modeltranslation.translator import TranslationOptions, register

from translations.registry import SOURCE_LANGUAGE

from .models import Article, ArticleWording, Chapter, Law, Section


@register(Law)
class LawTranslationOptions(TranslationOptions):
    fields = ("title", "short_title", "issuing_body", "summary", "history")
    required_languages = {SOURCE_LANGUAGE: ("title", "short_title")}


@register(Chapter)
class ChapterTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = {SOURCE_LANGUAGE: ("title",)}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = {SOURCE_LANGUAGE: ("text",)}


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = {SOURCE_LANGUAGE: ("title",)}


@register(ArticleWording)
class ArticleWordingTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = {SOURCE_LANGUAGE: ("text",)}

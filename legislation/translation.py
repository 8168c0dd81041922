"""Translated content fields (modeltranslation). The Chinese text is the authoritative one."""

from modeltranslation.translator import TranslationOptions, register

from .models import Article, ArticleWording, Chapter, Law, Section


@register(Law)
class LawTranslationOptions(TranslationOptions):
    fields = ("title", "short_title", "issuing_body", "summary", "history")
    required_languages = {"zh-hans": ("title", "short_title")}


@register(Chapter)
class ChapterTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = {"zh-hans": ("title",)}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = {"zh-hans": ("text",)}


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = {"zh-hans": ("title",)}


@register(ArticleWording)
class ArticleWordingTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = {"zh-hans": ("text",)}

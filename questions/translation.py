"""Translated content fields (modeltranslation). Slugs, dates, positions and references are
shared."""

from modeltranslation.translator import TranslationOptions, register

from translations.registry import SOURCE_LANGUAGE

from .models import Question, QuestionBlock, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = {SOURCE_LANGUAGE: ("name",)}


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("question", "short_answer")
    required_languages = {SOURCE_LANGUAGE: ("question", "short_answer")}


@register(QuestionBlock)
class QuestionBlockTranslationOptions(TranslationOptions):
    fields = ("text",)

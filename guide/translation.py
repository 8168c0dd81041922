"""Translated content fields (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from translations.registry import SOURCE_LANGUAGE

from .models import Task


@register(Task)
class TaskTranslationOptions(TranslationOptions):
    fields = ("question", "reason")
    required_languages = {SOURCE_LANGUAGE: ("question", "reason")}

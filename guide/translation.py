"""Translated content fields (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Task


@register(Task)
class TaskTranslationOptions(TranslationOptions):
    fields = ("question", "reason")
    required_languages = {"zh-hans": ("question", "reason")}

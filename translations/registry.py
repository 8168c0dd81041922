"""What is translated, read from modeltranslation's registry: no field or language names are
written anywhere else. Adding a language to LANGUAGES (plus a migration) adds it everywhere."""

from django.conf import settings
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

# The language every translation is made from (settings.MODELTRANSLATION_DEFAULT_LANGUAGE).
SOURCE_LANGUAGE = mt_settings.DEFAULT_LANGUAGE


def languages():
    """Every content language, the source first as in settings.LANGUAGES (read when asked)."""
    return list(mt_settings.AVAILABLE_LANGUAGES)


def target_languages():
    """The languages translated into, in the order of settings.LANGUAGES."""
    return [code for code in mt_settings.AVAILABLE_LANGUAGES if code != SOURCE_LANGUAGE]


def language_name(code):
    """The language's name in the reader's language (settings.LANGUAGES): 简体中文 / 英语 in
    the Chinese admin, Simplified Chinese / English in the English one."""
    return str(dict(settings.LANGUAGES).get(code, code))


def written_language_name(code):
    """A translation's language, where Chinese names the written language (「英文译文」, not
    「英语译文」): settings.WRITTEN_LANGUAGE_NAMES, else language_name()."""
    name = getattr(settings, "WRITTEN_LANGUAGE_NAMES", {}).get(code)
    return str(name) if name else language_name(code)


def translated_models():
    """Concrete models with translated fields, in a stable order (app label, model name)."""
    models = translator.get_registered_models(abstract=False)
    return sorted(models, key=lambda model: model._meta.label_lower)


def translated_fields(model):
    """The names of `model`'s translated fields, in declaration order."""
    return list(translator.get_options_for_model(model).local_fields)


def is_statute_field(model, field):
    """True for a field that holds a statute's own words (a TranslationOptions' optional
    `statute_fields`): converted character by character only (translations.conversion)."""
    options = translator.get_options_for_model(model)
    return field in getattr(options, "statute_fields", ())


def is_translated(model):
    return model in translator.get_registered_models(abstract=False)


def column(field, language):
    """title, en → title_en."""
    return build_localized_fieldname(field, language)


def columns(field):
    """title → (title_zh_hans, title_en): one column per language, the source first (e.g. an
    admin list's columns)."""
    return tuple(column(field, language) for language in languages())


def source_column(field):
    """title → title_zh_hans: the column in the source language."""
    return column(field, SOURCE_LANGUAGE)


def all_columns(model):
    """{column name: (field, language)} for every translated field and language."""
    return {
        column(field, language): (field, language)
        for field in translated_fields(model)
        for language in mt_settings.AVAILABLE_LANGUAGES
    }


def source_text(obj, field):
    return getattr(obj, column(field, SOURCE_LANGUAGE), None) or ""


def translation_text(obj, field, language):
    return getattr(obj, column(field, language), None) or ""

"""Machine conversion between the scripts of Chinese (OpenCC): the source text converted into
a language of settings.MACHINE_CONVERSION is stored as its translation, marked
machine-converted until a translator reviews it (translations.tracking), and search folds
queries and text into one script (fold()).

Statute fields (a TranslationOptions' `statute_fields`) are converted character by character
only: a law's words are not swapped for regional vocabulary. Other text uses the language's
editorial profile, a setting.
"""

from functools import cache

from django.conf import settings

from . import registry


@cache
def _converter(config):
    import opencc  # a compiled extension: loaded when first needed, not at import time

    return opencc.OpenCC(config)


def converted_languages():
    """The target languages filled by conversion, in the order of settings.LANGUAGES."""
    conversions = getattr(settings, "MACHINE_CONVERSION", {})
    return [code for code in registry.target_languages() if code in conversions]


def is_converted(language):
    return language in converted_languages()


def profile(model, field, language):
    """The OpenCC configuration that converts `model.field` into `language`."""
    profiles = settings.MACHINE_CONVERSION[language]
    return profiles["statute" if registry.is_statute_field(model, field) else "editorial"]


def convert(text, config, phrases=None):
    """`text` converted with the OpenCC configuration `config`. `phrases` ({source: target})
    are written as given wherever they occur: the corrections for phrases OpenCC gets wrong
    (发卡, a card's issuing, is not 髮卡, a hair clip). Each is held in a private-use
    character while OpenCC runs, which it leaves alone."""
    if not text:
        return text or ""
    held = {}
    for n, (source, target) in enumerate(sorted((phrases or {}).items(), key=lambda p: -len(p[0]))):
        if source in text:
            mark = chr(0xE000 + n)
            text = text.replace(source, mark)
            held[mark] = target
    converted = _converter(config).convert(text)
    for mark, target in held.items():
        converted = converted.replace(mark, target)
    return converted


def phrases(language):
    """The corrections of `language` (settings.MACHINE_CONVERSION[language]["phrases"])."""
    return settings.MACHINE_CONVERSION[language].get("phrases", {})


def converted_text(obj, field, language):
    """`obj.field`'s source text converted into `language`."""
    return convert(
        registry.source_text(obj, field), profile(type(obj), field, language), phrases(language)
    )


def in_script(text, language):
    """Text the site writes itself in the source's script (a label such as 第二条) as
    `language` writes it: converted character by character where `language` is a converted
    one (第二條), unchanged otherwise."""
    if not is_converted(language):
        return text
    return convert(text, settings.MACHINE_CONVERSION[language]["statute"], phrases(language))


def fold(text):
    """`text` in the one script search compares (settings.SEARCH_FOLD_CONVERSION: Simplified).
    Each character is folded on its own, so the result has the same length and positions in
    it are positions in `text` (highlighting relies on it)."""
    if not text:
        return text or ""
    folded = convert(text, settings.SEARCH_FOLD_CONVERSION)
    if len(folded) == len(text):
        return folded
    converter = _converter(settings.SEARCH_FOLD_CONVERSION)
    return "".join(single if len(single := converter.convert(char)) == 1 else char for char in text)


def script_variants(text):
    """`text` as typed, folded (Simplified) and in each converted language's characters:
    養老 → (養老, 养老), so a search matches the source's columns and the converted ones."""
    folded = fold(text)
    converted = (in_script(folded, language) for language in converted_languages())
    return tuple(dict.fromkeys((text, folded, *converted)))

"""Statute paragraphs with stable anchors (#article-4-2) and linked cross-references."""

from django import template
from django.utils.html import conditional_escape
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from legislation.diffing import word_diff
from legislation.numbering import article_range_label
from translations.i18n import SOURCE_LANGUAGE

register = template.Library()


@register.simple_tag
def statute_paragraphs(article, linker=None, field=None):
    """[(anchor or None, html)] for each paragraph of `article` (its active-language text, or
    `field`, e.g. "text_zh_hans"). Item lines （一）… have no anchor of their own."""
    from legislation.models import number_paragraphs, split_paragraphs

    text = getattr(article, field) if field else article.text
    paragraphs = number_paragraphs(split_paragraphs(text), article.number)
    return [
        (
            anchor,
            linker.render(paragraph, article.number, number)
            if linker
            else conditional_escape(paragraph),
        )
        for number, anchor, paragraph in paragraphs
    ]


@register.simple_tag
def paragraph_pairs(article, linker=None):
    """[(Chinese html, English html or None)] paragraph by paragraph, for the parallel view."""
    chinese = statute_paragraphs(article, linker, "text_zh_hans")
    english = statute_paragraphs(article, linker, "text_en") if article.text_en else []
    pairs = []
    for i, (anchor, html) in enumerate(chinese):
        pairs.append((anchor, html, english[i][1] if i < len(english) else None))
    pairs += [(None, None, html) for _anchor, html in english[len(chinese) :]]
    return pairs


@register.simple_tag
def wording_diff(old, new):
    """{"lang": code of the language shown, "paragraphs": [html]}: the change from one wording
    to the next, <del>/<ins> marked, in the page's language when both wordings have it, else in
    the Chinese original."""
    language = get_language()
    field = build_localized_fieldname("text", language)
    if language == SOURCE_LANGUAGE or not (getattr(old, field, "") and getattr(new, field, "")):
        language, field = SOURCE_LANGUAGE, build_localized_fieldname("text", SOURCE_LANGUAGE)
    return {"lang": language, "paragraphs": word_diff(getattr(old, field), getattr(new, field))}


@register.simple_tag
def article_range(items):
    """第一条至第九条 / Articles 1–9 for a list of articles, or of (section, articles) groups."""
    articles = [a for item in items for a in (item[1] if isinstance(item, tuple) else [item])]
    if not articles:
        return ""
    return article_range_label(articles[0].number, articles[-1].number, get_language())

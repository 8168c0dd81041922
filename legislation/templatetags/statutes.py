"""Statute paragraphs with stable anchors (#article-4-2) and linked cross-references."""

from django import template
from django.db.models import Model
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from legislation import review
from legislation.diffing import word_diff
from legislation.numbering import article_range_label
from publishing import diff
from translations.conversion import in_script
from translations.i18n import SOURCE_LANGUAGE, is_fallback
from translations.registry import column, target_languages
from translations.typography import list_separator

register = template.Library()


@register.simple_tag
def statute_paragraphs(article, linker=None, language=None):
    """[(anchor or None, html)] for each paragraph of `article` (its active-language text, or
    its text in `language`). Item lines （一）… have no anchor of their own."""
    from legislation.models import number_paragraphs, split_paragraphs

    text = (getattr(article, column("text", language)) or "") if language else article.text
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
def article_text(article, linker=None, anchors=False, memo=None):
    """The paragraphs (款) of one statute article in a <div class="statute-text">, marked with
    the source language's lang when a page in another language falls back to the original;
    with a linker, cross-references become links; with anchors, each 款 gets its stable id
    (article-4-2). Built here rather than in an included template: the law page shows a
    hundred articles, and an include per article cost a third of its render. `memo`
    (legislation.rendering.article_bodies) keeps the result for the current content version.
    Callers add {% translation_note article "text" %} outside any quotation."""
    fallback = is_fallback(article, "text")
    key = (article.number, article.text, fallback, bool(anchors))
    if memo is not None and key in memo:
        return memo[key]
    lang = f' lang="{SOURCE_LANGUAGE}"' if fallback else ""
    parts = [f'<div class="statute-text"{lang}>']
    for anchor, html in statute_paragraphs(article, linker):
        ident = f' id="{escape(anchor)}"' if anchors and anchor else ""
        parts.append(f"<p{ident}>{conditional_escape(html)}</p>")
    parts.append("</div>")
    html = mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped above
    return memo.remember(key, html) if memo is not None else html


@register.simple_tag
def paragraph_pairs(article, linker=None):
    """The parallel view, paragraph by paragraph: {"source", "target": language codes, "rows":
    [(anchor, source html, target html or None)]}. The target is the page's language, or the
    first translation on a page in the source language."""
    current = get_language()
    target = current if current != SOURCE_LANGUAGE else target_languages()[0]
    original = statute_paragraphs(article, linker, SOURCE_LANGUAGE)
    translated = (
        statute_paragraphs(article, linker, target)
        if getattr(article, column("text", target))
        else []
    )
    rows = []
    for i, (anchor, html) in enumerate(original):
        rows.append((anchor, html, translated[i][1] if i < len(translated) else None))
    rows += [(None, None, html) for _anchor, html in translated[len(original) :]]
    return {"source": SOURCE_LANGUAGE, "target": target, "rows": rows}


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
    language = get_language()
    return in_script(
        article_range_label(articles[0].number, articles[-1].number, language), language
    )


@register.simple_tag
def citation(article, paragraph=None):
    """article.citation (of its paragraph `paragraph`, 款, when given: 第七十四条第四款 /
    Article 74(4)), with the law's title alone marked with the source language's lang where it
    falls back (the words around it are the page's language)."""
    law = article.law
    if not is_fallback(law, "title"):
        return article.citation_of(paragraph)
    title = format_html('<span lang="{}">{}</span>', SOURCE_LANGUAGE, law.cited_title())
    return article.cited_with(title, paragraph)


@register.simple_tag
def citations(items):
    """citation() of each item's article (an article or what has one, a question's
    citation, of the paragraph it names if it does), with the language's list separator."""
    cited = [(getattr(item, "article", item), getattr(item, "paragraph", None)) for item in items]
    return format_html_join(list_separator(), "{}", ((citation(a, p),) for a, p in cited))


@register.simple_tag
def changed_words(old, new):
    """The import preview's new value with the words removed and added marked, whole: a
    change at the end of a long text must be seen (publishing.diff.word_diff)."""
    return diff.word_diff("" if old is None else str(old), "" if new is None else str(new))


@register.simple_tag
def legal_basis_notices(objects):
    """{object id: [review]} of `objects` (one object or a list of one kind) whose cited
    articles were amended since they were last reviewed (legislation.review); one query."""
    objects = [objects] if isinstance(objects, Model) else list(objects)
    return {obj.pk: reviews for obj, reviews in review.changes_for(objects).items()}


@register.inclusion_tag("includes/legal_basis_notice.html")
def legal_basis_notice(notices, obj):
    """The notice of `obj` among legal_basis_notices(), or nothing (a list of objects)."""
    return {"reviews": notices.get(obj.pk, ())}


@register.inclusion_tag("includes/legal_basis_notice.html")
def page_legal_basis_notice(obj):
    """base.html, for the page's `object`: the notice of any kind that cites articles (a
    comparison, a question…), nothing and no query for the others, nor for an object that
    is not flagged once the flags are kept."""
    if not isinstance(obj, Model) or not review.cites_articles(type(obj)):
        return {"reviews": ()}
    if obj.pk not in review.flagged_ids(type(obj)):
        return {"reviews": ()}
    return {"reviews": review.changes_for([obj]).get(obj, ())}

"""make_* builders for tests; defaults are set with setdefault so callers can override any."""

import datetime
import itertools

from cards.models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText
from legislation.models import Article, Chapter, Law

_counter = itertools.count(1)


def make_card_type(**fields):
    n = next(_counter)
    fields.setdefault("slug", f"card-{n}")
    fields.setdefault("name_zh_hans", f"卡{n}")
    fields.setdefault("name_en", f"Card {n}")
    fields.setdefault("summary_zh_hans", f"第{n}种卡。")
    fields.setdefault("summary_en", f"Card number {n}.")
    fields.setdefault("is_published", True)
    return CardType.objects.create(**fields)


def make_law(*, chapters=1, articles=5, **fields):
    """A law with `articles` articles spread over `chapters` chapters."""
    n = next(_counter)
    fields.setdefault("slug", f"law-{n}")
    fields.setdefault("title_zh_hans", f"测试法{n}")
    fields.setdefault("title_en", f"Test Law {n}")
    fields.setdefault("short_title_zh_hans", f"测试法{n}")
    fields.setdefault("short_title_en", f"Test Law {n}")
    fields.setdefault("adopted_on", datetime.date(2010, 10, 28))
    fields.setdefault("effective_on", datetime.date(2011, 7, 1))
    law = Law.objects.create(**fields)
    chapter_objs = [
        Chapter.objects.create(law=law, number=i, title_zh_hans=f"章{i}", title_en=f"Chapter {i}")
        for i in range(1, chapters + 1)
    ]
    Article.objects.bulk_create(
        Article(
            law=law,
            number=i,
            chapter=chapter_objs[(i - 1) * chapters // articles] if chapters else None,
            text_zh_hans=f"第{i}条的第一款。\n\n第二款。",
            text_en=f"Paragraph one of article {i}.\n\nParagraph two.",
        )
        for i in range(1, articles + 1)
    )
    return law


def make_comparison(*, card_types=None, points=5, cite=(), **fields):
    """A published comparison of `card_types` (two new ones by default) with `points` points,
    each with a text per card, citing the articles in `cite`."""
    n = next(_counter)
    fields.setdefault("slug", f"comparison-{n}")
    fields.setdefault("title_zh_hans", f"比较{n}")
    fields.setdefault("title_en", f"Comparison {n}")
    fields.setdefault("is_published", True)
    fields.setdefault("published_on", datetime.date(2020, 1, 1))
    comparison = Comparison.objects.create(**fields)
    card_types = card_types or [make_card_type(), make_card_type()]
    for position, card in enumerate(card_types, start=1):
        ComparedCard.objects.create(comparison=comparison, card_type=card, position=position)
    for position in range(1, points + 1):
        point = ComparisonPoint.objects.create(
            comparison=comparison,
            position=position,
            aspect_zh_hans=f"方面{position}",
            aspect_en=f"Aspect {position}",
            heading_zh_hans=f"标题{position}",
            heading_en=f"Heading {position}",
        )
        PointText.objects.bulk_create(
            PointText(point=point, card_type=card, text_zh_hans="文字", text_en="Text")
            for card in card_types
        )
    comparison.legal_basis.set(cite)
    return comparison

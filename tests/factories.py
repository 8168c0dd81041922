"""make_* builders for tests; defaults are set with setdefault so callers can override any."""

import datetime
import itertools
import xml.etree.ElementTree as ET

from cards.models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText
from legislation.models import Article, ArticleWording, Chapter, Law, LawVersion, Section
from publishing import services
from publishing.versioning import snapshot

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
    """A law with `articles` articles spread over `chapters` chapters, published like the
    law (published by default)."""
    n = next(_counter)
    fields.setdefault("slug", f"law-{n}")
    fields.setdefault("title_zh_hans", f"测试法{n}")
    fields.setdefault("title_en", f"Test Law {n}")
    fields.setdefault("short_title_zh_hans", f"测试法{n}")
    fields.setdefault("short_title_en", f"Test Law {n}")
    fields.setdefault("adopted_on", datetime.date(2010, 10, 28))
    fields.setdefault("effective_on", datetime.date(2011, 7, 1))
    fields.setdefault("is_published", True)
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
            is_published=law.is_published,
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


def add_sections_and_versions(law):
    """Give `law` what a real statute has: two sections in its first chapter, cross-references
    in every article, an adoption and an amendment that rewords article 3."""
    chapter = law.chapters.order_by("number").first()
    articles = list(law.articles.order_by("number"))
    sections = [
        Section.objects.create(law=law, chapter=chapter, number=i, title_zh_hans=f"节{i}")
        for i in (1, 2)
    ]
    in_chapter = [a for a in articles if a.chapter_id == chapter.pk]
    for i, article in enumerate(in_chapter):
        article.section = sections[0] if i < len(in_chapter) // 2 else sections[1]
        article.text_zh_hans = "依照本法第一条、第二条至第三条规定。\n\n前款和《测试法》第一条。"
        article.text_en = "In accordance with Article 1 of this Law.\n\nThe preceding paragraph."
    Article.objects.bulk_update(in_chapter, ["section", "text_zh_hans", "text_en"])
    adopted = LawVersion.objects.create(
        law=law,
        kind=LawVersion.ADOPTED,
        enacted_on=datetime.date(2010, 10, 28),
        effective_on=datetime.date(2011, 7, 1),
    )
    amended = LawVersion.objects.create(
        law=law, enacted_on=datetime.date(2018, 12, 29), effective_on=datetime.date(2018, 12, 29)
    )
    ArticleWording.objects.bulk_create(
        ArticleWording(article=a, version=adopted, text_zh_hans=f"旧{a.number}。") for a in articles
    )
    ArticleWording.objects.create(article=articles[2], version=amended, text_zh_hans="新。")
    return law


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_files(client):
    """The XML of every sitemap file that /sitemap.xml (an index) lists, pages included."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    files = []
    for loc in ET.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP_NS):
        response = client.get(loc.text.removeprefix("http://testserver"))
        assert response.status_code == 200, loc.text
        files.append(response.content.decode())
    return files


def make_draft(obj, change, user=None):
    """An editor's pending draft of live `obj`: `change()` applied, then kept as the draft."""
    with services.draft_applied(obj):
        change()
        versions = snapshot(obj)
    services.save_draft(obj, versions, user=user)

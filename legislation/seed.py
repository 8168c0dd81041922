"""Seed loader for laws: metadata from JSON, the Chinese text from the shipped statute file."""

import json
from pathlib import Path

from translations.seeding import as_date, translated, upsert

from .models import Article, Chapter, Law
from .parsing import parse_law_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_laws(report, *, overwrite=False, fixtures=FIXTURES):
    for path in sorted(fixtures.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        parsed = parse_law_text((fixtures / data["text_file"]).read_text(encoding="utf-8"))
        load_law(report, data, parsed, overwrite=overwrite)


def load_law(report, data, parsed, *, overwrite=False):
    history = dict(data.get("history") or {}, zh_hans="\n".join(parsed.history))
    law, _ = upsert(
        report,
        Law,
        {"slug": data["slug"]},
        {
            **translated("title", dict(data["title"], zh_hans=parsed.title)),
            **translated("short_title", data["short_title"]),
            **translated("issuing_body", data.get("issuing_body")),
            **translated("summary", data.get("summary")),
            **translated("history", history),
            "adopted_on": as_date(data["adopted_on"]),
            "effective_on": as_date(data["effective_on"]),
            "amended_on": as_date(data.get("amended_on")),
            "source_url": data.get("source_url", ""),
        },
        overwrite=overwrite,
    )
    english_chapters = data.get("chapters", {})
    chapters = {}
    for chapter in parsed.chapters:
        en = english_chapters.get(str(chapter.number), {}).get("en", "")
        chapters[chapter.number], _ = upsert(
            report,
            Chapter,
            {"law": law, "number": chapter.number},
            translated("title", {"zh_hans": chapter.title, "en": en}),
            overwrite=overwrite,
        )
    english_articles = data.get("articles", {})
    for article in parsed.articles:
        en = english_articles.get(str(article.number), {}).get("en", "")
        upsert(
            report,
            Article,
            {"law": law, "number": article.number},
            {
                "chapter": chapters.get(article.chapter_number),
                **translated("text", {"zh_hans": article.text, "en": en}),
            },
            overwrite=overwrite,
        )
    return law

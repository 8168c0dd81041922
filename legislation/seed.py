"""Seed loader for laws (legislation/seed/*.json): each law's metadata from its JSON file, its
texts through the import service, oldest version first, then the English text when shipped.

An import that would change rows of a law that was already there (an editor's edit since) is
skipped and listed as kept, unless `overwrite` is set, as for the other seed content.
"""

import json
from pathlib import Path

from translations.i18n import SOURCE_LANGUAGE
from translations.seeding import SeedError, as_date, translated, upsert

from .importer import CREATED, LawImportError, import_law
from .models import Article, Chapter, Law, Section
from .parsing import ParseError, parse_law_text

SEED = Path(__file__).resolve().parent / "seed"


def load_laws(report, *, overwrite=False, seed=None):
    seed = seed or SEED
    for path in sorted(seed.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            load_law(report, data, seed, overwrite=overwrite)
        except (LawImportError, ParseError) as error:
            raise SeedError(f"{path.name}: a text was refused: {error}") from error


def load_law(report, data, seed, *, overwrite=False):
    # Versions oldest first, the last one today's text; or just today's text, undated.
    versions = data.get("versions") or [{"text_file": data["text_file"]}]
    texts = [(seed / v["text_file"]).read_text(encoding="utf-8") for v in versions]
    chinese = parse_law_text(texts[-1])
    english_path = seed / data.get("english_file", "-")
    english_text = english_path.read_text(encoding="utf-8") if english_path.is_file() else None
    english = parse_law_text(english_text, "en") if english_text else None

    existed = Law.objects.filter(slug=data["slug"]).exists()
    title = dict(data["title"], zh_hans=chinese.title)
    history = dict(data.get("history") or {}, zh_hans="\n".join(chinese.history))
    if english:
        title["en"], history["en"] = english.title, "\n".join(english.history)
    law, _ = upsert(
        report,
        Law,
        {"slug": data["slug"]},
        {
            **translated("title", title),
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
    # Today's text first, so that every article exists before older wordings are recorded.
    _import(report, texts[-1], law, SOURCE_LANGUAGE, existed=existed, overwrite=overwrite)
    for version, text in zip(versions, texts, strict=True):
        if "enacted_on" not in version:
            continue
        _import(
            report,
            text,
            law,
            SOURCE_LANGUAGE,
            existed=existed,
            overwrite=overwrite,
            version_date=as_date(version.get("enacted_on")),
            effective_on=as_date(version.get("effective_on")),
        )
    if english_text:
        _import(report, english_text, law, "en", existed=existed, overwrite=overwrite)
    _english_headings(report, law, data, english, overwrite=overwrite)
    return law


def _import(report, text, law, language, *, existed, overwrite, **options):
    options.update(slug=law.slug, language=language)
    if existed and not overwrite:
        preview = import_law(text, dry_run=True, **options)
        edited = [c for c in preview.changes if c.action != CREATED]
        if edited:
            for change in edited:
                report.tally(change.model).kept.append(f"{law.slug}: {change.label} ({language})")
            return
    result = import_law(text, **options)
    for model in (Chapter, Section, Article):
        tally = report.tally(model)
        changes = [c for c in result.changes if c.model is model]
        created = sum(c.action == CREATED for c in changes)
        tally.created += created
        tally.updated += len(changes) - created
    parsed = parse_law_text(text, language)
    for model, rows in (
        (Chapter, parsed.chapters),
        (Section, parsed.sections),
        (Article, parsed.articles),
    ):
        changed = sum(c.model is model for c in result.changes)
        report.tally(model).unchanged += max(len(rows) - changed, 0)


def _english_headings(report, law, data, english, *, overwrite):
    """English chapter and section titles from the JSON, where the English text has none yet
    (a translation in progress); the English text wins once it covers them."""
    in_file = {c.number for c in english.chapters} if english else set()
    for number, titles in data.get("chapters", {}).items():
        if int(number) in in_file:
            continue
        chapter = Chapter.objects.filter(law=law, number=int(number)).first()
        if chapter is not None:
            upsert(
                report,
                Chapter,
                {"pk": chapter.pk},
                {"title_en": titles["en"]},
                overwrite=overwrite or not chapter.title_en,
            )
    in_file = {(s.chapter_number, s.number) for s in english.sections} if english else set()
    for key, titles in data.get("sections", {}).items():
        chapter_number, number = map(int, key.split("."))
        if (chapter_number, number) in in_file:
            continue
        section = Section.objects.filter(
            law=law, chapter__number=chapter_number, number=number
        ).first()
        if section is not None:
            upsert(
                report,
                Section,
                {"pk": section.pk},
                {"title_en": titles["en"]},
                overwrite=overwrite or not section.title_en,
            )

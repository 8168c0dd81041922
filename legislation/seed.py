"""Seed loader for laws (legislation/seed/*.json): each law's metadata from its JSON file, its
texts through the import service, oldest version first, then the English text when shipped.

An import that would change rows of a law that was already there (an editor's edit since) is
skipped and listed as kept, unless `overwrite` is set, as for the other seed content. A law
created from the seed is published, with its articles; an update of one that was there is
recorded in the history of each law and article it changes as a "seed update".
"""

import json
from pathlib import Path

from django.utils import timezone

from publishing.models import RevisionKind
from translations.i18n import SOURCE_LANGUAGE
from translations.seeding import SeedError, as_date, superseded, translated, upsert

from .importer import CREATED, UPDATED, Change, LawImportError, describe, import_law
from .models import Article, ArticleWording, Chapter, Law, LawVersion, Section
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
        title["en"] = english.title
        if english.history:  # else the notes' English from the JSON
            history["en"] = "\n".join(english.history)
    law, created = upsert(
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
        earlier=superseded("summary", data.get("summary")),
    )
    if created:  # shipped content is public; its articles, created next, are published with it
        law.is_published = True
        law.last_published_at = timezone.now()
        law.save(update_fields=["is_published", "last_published_at"])
    # Today's text first, so that every article exists before older wordings are recorded.
    imports = [(texts[-1], SOURCE_LANGUAGE, {})]
    imports += [
        (
            text,
            SOURCE_LANGUAGE,
            {
                "version_date": as_date(version["enacted_on"]),
                "effective_on": as_date(version.get("effective_on")),
            },
        )
        for version, text in zip(versions, texts, strict=True)
        if "enacted_on" in version
    ]
    if english_text:
        # The English translates today's text, so it is also the English of the wordings in
        # force at the latest version (older wordings that differ stay untranslated).
        latest = imports[-1][2] if len(imports) > 1 else {}
        imports.append((english_text, "en", latest))
    changes = []
    for text, language, options in imports:
        changes += _import(report, text, law, language, existed, overwrite, **options)
    changes += _english_headings(report, law, data, english, overwrite=overwrite)
    _tally(report, law, changes)
    return law


def _import(report, text, law, language, existed, overwrite, **options):
    """Import one text. Into a law that was already there, only what is missing or empty is
    filled in: a value that differs from the seed (edited since?) is kept and listed, unless
    overwriting. Returns the changes made."""
    result = import_law(
        text,
        slug=law.slug,
        language=language,
        keep_edited=existed and not overwrite,
        history=RevisionKind.Kind.SEED if existed else None,
        **options,
    )
    for change in result.kept:
        fields = f", {', '.join(change.fields)}" if change.fields else ""
        report.tally(change.model).kept.append(f"{law.slug}: {change.label} ({language}{fields})")
    return result.changes


def _tally(report, law, changes):
    """Count each row of the law once, however many of the imports touched it."""
    counts = {
        Chapter: law.chapters.count(),
        Section: law.sections.count(),
        Article: law.articles.count(),
        LawVersion: law.versions.count(),
        ArticleWording: ArticleWording.objects.filter(article__law=law).count(),
    }
    for model, total in counts.items():
        tally = report.tally(model)
        touched = {c.label for c in changes if c.model is model}
        created = {c.label for c in changes if c.model is model and c.action == CREATED}
        tally.created += len(created)
        tally.updated += len(touched - created)
        tally.unchanged += max(total - len(touched), 0)


def _english_headings(report, law, data, english, *, overwrite):
    """English chapter and section titles from the JSON, where the English text has none yet
    (a translation in progress); the English text wins once it covers them."""
    changes = []
    in_file = {c.number for c in english.chapters} if english else set()
    for chapter in law.chapters.all():
        titles = data.get("chapters", {}).get(str(chapter.number))
        if titles and chapter.number not in in_file:
            changes += _set_english_title(report, chapter, titles["en"], overwrite)
    in_file = {(s.chapter_number, s.number) for s in english.sections} if english else set()
    for section in law.sections.select_related("chapter"):
        key = (section.chapter.number, section.number)
        titles = data.get("sections", {}).get("{}.{}".format(*key))
        if titles and key not in in_file:
            changes += _set_english_title(report, section, titles["en"], overwrite)
    return changes


def _set_english_title(report, obj, title, overwrite):
    if (obj.title_en or "") == title:
        return []
    if obj.title_en and not overwrite:
        report.tally(type(obj)).kept.append(f"{obj._meta.verbose_name}: {obj} (title_en)")
        return []
    obj.title_en = title
    obj.save(update_fields=["title_en"])
    return [Change(UPDATED, type(obj), describe(obj), ["title_en"])]

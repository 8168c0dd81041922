"""Seed loader for laws (legislation/seed/*.json): each law's metadata from its JSON file, its
texts through the import service, oldest version first, then the English text when shipped
(today's, then a version's own "english_file" for the wordings an amendment replaced). A
version listed without a text_file is recorded as a legal fact only: the amendment's date and
the day it came into force, the wording before it not being shipped.

An import that would change rows of a law that was already there (an editor's edit since) is
skipped and listed as kept, unless `overwrite` is set, as for the other seed content. A law
created from the seed is published, with its articles; an update of one that was there is
recorded in the history of each law and article it changes as a "seed update". A value the
seed shipped earlier and lists under "was" ({"en": …, "was": [{"en": …}]}) is the old seed, not
an editor's work: it takes the corrected value without `overwrite`.
"""

import json
from pathlib import Path

from django.utils import timezone

from publishing import services
from publishing.models import RevisionKind
from translations.i18n import SOURCE_LANGUAGE
from translations.seeding import SeedError, as_date, superseded, translated, upsert
from translations.tracking import record_translations, statuses

from .importer import CREATED, UPDATED, Change, LawImportError, describe, import_law, owner
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
    # Versions with a text oldest first, the last one today's text; or just today's text, undated.
    listed = data.get("versions", [])
    versions = [v for v in listed if "text_file" in v] or [{"text_file": data["text_file"]}]
    texts = [(seed / v["text_file"]).read_text(encoding="utf-8") for v in versions]
    chinese = parse_law_text(texts[-1])
    english_path = seed / data.get("english_file", "-")
    english_text = english_path.read_text(encoding="utf-8") if english_path.is_file() else None
    english = parse_law_text(english_text, "en") if english_text else None

    law = Law.objects.filter(slug=data["slug"]).first()
    existed = law is not None
    title = dict(data["title"], zh_hans=chinese.title)
    history = dict(data.get("history") or {}, zh_hans="\n".join(chinese.history))
    if english:
        title["en"] = english.title
        if english.history:  # else the notes' English from the JSON
            history["en"] = "\n".join(english.history)
    # Before the imports, so that they find the corrected values and report no kept edits.
    changes = _renew_shipped(law, data, history) if existed else []
    renewed = any(change.model is Law for change in changes)
    tally, unchanged = report.tally(Law), report.tally(Law).unchanged
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
    if renewed and tally.unchanged > unchanged:  # upsert() found the renewed law unchanged
        tally.unchanged, tally.updated = unchanged, tally.updated + 1
    if created:  # shipped content is public; its articles, created next, are published with it
        law.is_published = True
        law.last_published_at = timezone.now()
        law.save(update_fields=["is_published", "last_published_at"])
    # Today's text first, so that every article exists before older wordings are recorded.
    imports = [(texts[-1], SOURCE_LANGUAGE, {})]
    imports += [
        (text, SOURCE_LANGUAGE, _dated(version))
        for version, text in zip(versions, texts, strict=True)
        if "enacted_on" in version
    ]
    if english_text:
        # The English translates today's text, so it is also the English of the wordings in
        # force at the latest version; an older version's own English then gives the wordings
        # it had before an amendment replaced them (its other articles read as today's).
        latest = imports[-1][2] if len(imports) > 1 else {}
        imports.append((english_text, "en", latest))
        imports += [
            ((seed / v["english_file"]).read_text(encoding="utf-8"), "en", _dated(v))
            for v in versions[:-1]
            if "english_file" in v
        ]
    for text, language, options in imports:
        changes += _import(report, text, law, language, existed, overwrite, **options)
    changes += _english_headings(report, law, data, english, overwrite=overwrite)
    changes += _record_versions(law, [v for v in listed if "text_file" not in v])
    _tally(report, law, changes)
    return law


def _dated(version):
    return {
        "version_date": as_date(version["enacted_on"]),
        "effective_on": as_date(version.get("effective_on")),
    }


def _record_versions(law, versions):
    """Versions shipped without their text: when an amendment was made and came into force
    (the page says so, and dates from then on show today's text). Without the wording before
    it, what it changed is not recorded. One already there is kept as it is."""
    changes = []
    for data in versions:
        version, created = LawVersion.objects.get_or_create(
            law=law,
            enacted_on=as_date(data["enacted_on"]),
            defaults={
                "effective_on": as_date(data["effective_on"]),
                "kind": data.get("kind", LawVersion.AMENDED),
            },
        )
        if created:
            changes.append(Change(CREATED, LawVersion, describe(version)))
    return changes


def _renew_shipped(law, data, history):
    """Correct what the seed shipped earlier in the law, its chapters and its sections; the
    law's history records it as a seed update."""
    changes = _renew(law, {"history": history, "summary": data.get("summary")})
    for chapter in law.chapters.all():
        changes += _renew(chapter, {"title": data.get("chapters", {}).get(str(chapter.number))})
    for section in law.sections.select_related("chapter"):
        key = f"{section.chapter.number}.{section.number}"
        changes += _renew(section, {"title": data.get("sections", {}).get(key)})
    if changes:
        services.record(law, user=None, kind=RevisionKind.Kind.SEED)
    return changes


def _renew(obj, values):
    """Fields of `obj` still holding a value the seed shipped earlier ({"title": {"en": …,
    "was": [{"en": …}]}}) take the seed's current one: a correction of the seed reaches a
    database loaded before it, while an editor's change (any other value) is kept. The
    translations the seed ships with a renewed source are recorded as made from it, unless
    the object had an outdated translation already (that one stays outdated)."""
    renewed = {}
    for name, wanted in values.items():
        for old in (wanted or {}).get("was", ()):
            for suffix, text in old.items():
                column = f"{name}_{suffix}"
                if wanted.get(suffix, text) != text and (getattr(obj, column) or "") == text:
                    renewed[column] = wanted[suffix]
    if not renewed:
        return []
    outdated = any(status.is_outdated for status in statuses([obj]))  # before the change
    for column, value in renewed.items():
        setattr(obj, column, value)
    fields = list(renewed)
    obj.save(update_fields=fields)
    if not outdated:
        record_translations([obj])
    return [Change(UPDATED, type(obj), describe(obj), fields, owner(obj))]


def _import(report, text, law, language, existed, overwrite, **options):
    """Import one text. Into a law that was already there, only what is missing or empty is
    filled in: a value that differs from the seed (edited since?) is kept and listed, unless
    overwriting. Returns the changes made."""
    result = import_law(
        text,
        slug=law.slug,
        language=language,
        keep_edited=existed and not overwrite,
        rename=True,  # the seed's title is the law's title
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

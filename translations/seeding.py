"""Loading the shipped seed content without clobbering editors' work.

Each seeded object is created when missing. When it exists and differs from the seed, it is
kept as it is (an editor changed it) unless `overwrite` is set. So the loader can run on every
deploy: it adds what is new and never duplicates or silently reverts anything.

A corrected seed reaches databases loaded from an earlier one: a translated seed value may list
its earlier wordings under "was" ({"zh_hans": …, "en": …, "was": [{…}]}). A stored value that
still equals an earlier wording is the old seed, not an editor's work, so it is updated without
--overwrite; any other difference is an edit and is kept.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from . import registry
from .conversion import converted_languages
from .glossary import converted_term
from .models import GlossaryTerm
from .tracking import record_translations

GLOSSARY = Path(__file__).resolve().parent / "seed" / "glossary.tsv"


def language_suffixes():
    """How each language the seed carries is named in seed files and column names: zh-hans →
    zh_hans. Not a language filled by machine conversion (zh-hant): its text is converted
    from the source's (translations.tracking), and that is no editor's change."""
    converted = converted_languages()
    return [
        registry.column("", code).removeprefix("_")
        for code in registry.languages()
        if code not in converted
    ]


class SeedError(Exception):
    """The seed data itself is inconsistent (for example it cites an article that is missing)."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list = field(default_factory=list)  # str() of objects that differ and were kept


@dataclass
class Report:
    tallies: dict = field(default_factory=dict)

    def tally(self, model):
        return self.tallies.setdefault(model._meta.verbose_name_plural, Tally())

    @property
    def kept(self):
        return [name for tally in self.tallies.values() for name in tally.kept]


def translated(name, values):
    """{"title": {"zh_hans": "…", "en": "…"}} → {"title_zh_hans": "…", "title_en": "…"}."""
    values = values or {}
    return {f"{name}_{suffix}": values.get(suffix, "") for suffix in language_suffixes()}


def superseded(name, values):
    """The earlier seed wordings of a translated value, per column: {"title_en": {"…"}}.
    A "was" entry for a column the seed once left empty lists "" (for example a new field)."""
    earlier = {}
    for old in (values or {}).get("was", ()):
        for suffix in language_suffixes():
            if suffix in old:
                earlier.setdefault(f"{name}_{suffix}", set()).add(old[suffix] or "")
    return earlier


def is_superseded(current, earlier):
    """True if `current` is one of the seed's earlier values (so not an editor's change)."""
    if isinstance(current, str) or current is None:
        return (current or "") in earlier
    return current in earlier


def as_date(value):
    return datetime.date.fromisoformat(value) if value else None


def _same(current, wanted):
    # Empty translation columns may be NULL in the database and "" in the seed.
    if isinstance(wanted, str) or wanted is None:
        return (current or "") == (wanted or "")
    return current == wanted


def upsert(report, model, lookup, values, *, overwrite, earlier=None):
    """Create `model` at `lookup` with `values`, or reconcile an existing row. Returns
    (obj, created_or_replaced): the caller rewrites children only when that is True.
    `earlier` maps a field to the seed's earlier values (see superseded()): a field still
    holding one of them takes the seed's value even without `overwrite`."""
    tally = report.tally(model)
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        record_translations([obj])  # the seed's translations were made from its source
        tally.created += 1
        return obj, True
    earlier = earlier or {}
    differs = [name for name, wanted in values.items() if not _same(getattr(obj, name), wanted)]
    edited = [n for n in differs if not is_superseded(getattr(obj, n), earlier.get(n, ()))]
    writes = differs if overwrite else [n for n in differs if n not in edited]
    if not differs:
        tally.unchanged += 1
    if writes:
        for name in writes:
            setattr(obj, name, values[name])
        obj.save()
        if overwrite or not edited:  # both languages now come from the seed
            record_translations([obj])
        tally.updated += 1
    if edited and not overwrite:
        tally.kept.append(f"{model._meta.verbose_name}: {obj} ({', '.join(edited)})")
    return obj, False


def load_glossary(report, *, overwrite=False, path=GLOSSARY):
    """Glossary terms from a TSV file with a header: the source term first, then one column
    per target language (named by its code, e.g. "en"), then an optional "note". A language
    made by conversion that has no column gets each term converted (glossary.converted_term)."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))
    header, rows = rows[0], rows[1:]
    columns = {name: index for index, name in enumerate(header)}
    note = columns.get("note")
    for number, row in enumerate(rows, start=2):
        if not row or not row[0].strip():
            continue
        source = row[0].strip()
        for language in registry.target_languages():
            if language in columns:
                target = row[columns[language]].strip() if columns[language] < len(row) else ""
            elif language in converted_languages():
                target = converted_term(source, language)
            else:
                continue
            if not target:
                raise SeedError(f"{path.name} line {number}: no {language} for {row[0]!r}.")
            upsert(
                report,
                GlossaryTerm,
                {"source": source, "language": language},
                {"target": target, "note": row[note].strip() if note is not None else ""},
                overwrite=overwrite,
            )

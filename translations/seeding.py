"""Loading the shipped seed content without clobbering editors' work.

Each seeded object is created when missing. When it exists and differs from the seed, it is
kept as it is (an editor changed it) unless `overwrite` is set. So the loader can run on every
deploy: it adds what is new and never duplicates or silently reverts anything.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from . import registry
from .models import GlossaryTerm
from .tracking import record_translations

GLOSSARY = Path(__file__).resolve().parent / "seed" / "glossary.tsv"


def language_suffixes():
    """How each language is named in seed files and column names: zh-hans → zh_hans."""
    return [registry.column("", code).removeprefix("_") for code in registry.languages()]


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


def as_date(value):
    return datetime.date.fromisoformat(value) if value else None


def _same(current, wanted):
    # Empty translation columns may be NULL in the database and "" in the seed.
    if isinstance(wanted, str) or wanted is None:
        return (current or "") == (wanted or "")
    return current == wanted


def upsert(report, model, lookup, values, *, overwrite):
    """Create `model` at `lookup` with `values`, or reconcile an existing row. Returns
    (obj, created_or_replaced): the caller rewrites children only when that is True."""
    tally = report.tally(model)
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        record_translations([obj])  # the seed's translations were made from its source
        tally.created += 1
        return obj, True
    differs = [name for name, wanted in values.items() if not _same(getattr(obj, name), wanted)]
    if not differs:
        tally.unchanged += 1
    elif overwrite:
        for name in differs:
            setattr(obj, name, values[name])
        obj.save()
        record_translations([obj])
        tally.updated += 1
    else:
        tally.kept.append(f"{model._meta.verbose_name}: {obj} ({', '.join(differs)})")
    return obj, False


def load_glossary(report, *, overwrite=False, path=GLOSSARY):
    """Glossary terms from a TSV file with a header: the source term first, then one column
    per target language (named by its code, e.g. "en"), then an optional "note"."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))
    header, rows = rows[0], rows[1:]
    columns = {name: index for index, name in enumerate(header)}
    note = columns.get("note")
    for number, row in enumerate(rows, start=2):
        if not row or not row[0].strip():
            continue
        for language in registry.target_languages():
            if language not in columns:
                continue
            target = row[columns[language]].strip() if columns[language] < len(row) else ""
            if not target:
                raise SeedError(f"{path.name} line {number}: no {language} for {row[0]!r}.")
            upsert(
                report,
                GlossaryTerm,
                {"source": row[0].strip(), "language": language},
                {"target": target, "note": row[note].strip() if note is not None else ""},
                overwrite=overwrite,
            )

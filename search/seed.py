"""Seed loader for the search synonyms (search/synonyms.json), taken from the glossary."""

import json
from pathlib import Path

from translations.seeding import upsert

from .models import Synonym

SYNONYMS = Path(__file__).resolve().parent / "synonyms.json"


def load_synonyms(report, *, overwrite=False, path=SYNONYMS):
    for entry in json.loads(path.read_text(encoding="utf-8"))["synonyms"]:
        values = {"expansions": "\n".join(entry["expansions"])}
        upsert(report, Synonym, {"term": entry["term"]}, values, overwrite=overwrite)

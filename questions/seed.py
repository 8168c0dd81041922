"""Seed loader for the questions (questions/seed/questions.json): topics, then questions with
their blocks, legal basis and related pages, both languages, published.

A question missing from the database is created with all its rows. One that exists is left as
it is (an editor may have changed it: it is listed as kept) unless `overwrite`, which rewrites
it in place from the seed (same id) and records a "seed update" in its history.
"""

import json
from pathlib import Path

from django.utils import timezone

from cards.models import Comparison
from legislation.models import Article
from publishing.models import RevisionKind
from publishing.services import record
from publishing.versioning import snapshot
from translations.seeding import SeedError, as_date, translated, upsert
from translations.tracking import record_translations

from .models import Question, QuestionBlock, QuestionLegalBasis, Topic

SEED = Path(__file__).resolve().parent / "seed" / "questions.json"


def load_questions(report, *, overwrite=False, path=SEED):
    data = json.loads(path.read_text(encoding="utf-8"))
    for position, topic in enumerate(data["topics"], start=1):
        values = {"position": position, **translated("name", topic["name"])}
        upsert(report, Topic, {"slug": topic["slug"]}, values, overwrite=overwrite)
    loaded = [
        (entry, *_load_question(report, entry, overwrite=overwrite)) for entry in data["questions"]
    ]
    for entry, question, before in loaded:
        if question is not None:  # created or rewritten: its links to the others (all loaded)
            question.related_questions.set(_related(Question, entry, "related_questions"))
            question.related_comparisons.set(_related(Comparison, entry, "related_comparisons"))
            record(question, user=None, kind=RevisionKind.Kind.SEED, before=before)


def _load_question(report, entry, *, overwrite):
    """(the question, its snapshot before) when created or rewritten; (None, None) when an
    existing one is left as it is."""
    tally = report.tally(Question)
    existing = Question.objects.filter(slug=entry["slug"]).first()
    if existing is not None and not overwrite:
        tally.unchanged += 1
        return None, None
    before = snapshot(existing) if existing is not None else None
    question = existing or Question(slug=entry["slug"])
    question.is_published = entry.get("is_published", True)
    question.published_on = as_date(entry["published_on"])
    for name in ("question", "short_answer"):
        for field, value in translated(name, entry[name]).items():
            setattr(question, field, value)
    if question.is_published and question.last_published_at is None:
        question.last_published_at = timezone.now()
    question.save()
    question.topics.set(Topic.objects.filter(slug__in=entry.get("topics", ())))
    question.blocks.all().delete()
    blocks = []
    for position, block in enumerate(entry.get("blocks", ()), start=1):
        row = QuestionBlock(
            question=question,
            position=position,
            type=block["type"],
            article=_article(entry, block["article"]) if "article" in block else None,
            paragraph=block.get("paragraph"),
            **translated("text", block.get("text")),
        )
        row.full_clean(exclude=["question"])
        row.save()
        blocks.append(row)
    question.citations.all().delete()
    for ref in entry.get("legal_basis", ()):
        citation = QuestionLegalBasis(
            question=question, article=_article(entry, ref), paragraph=ref.get("paragraph")
        )
        citation.full_clean(exclude=["question"])
        citation.save()
    if existing is None:
        tally.created += 1
    else:
        tally.updated += 1
    record_translations([question, *blocks])  # the seed's translations match their source
    return question, before


def _article(entry, ref):
    article = Article.objects.with_law().filter(law__slug=ref["law"], number=ref["number"]).first()
    if article is None:
        raise SeedError(f"Question {entry['slug']!r} cites missing article {ref}.")
    return article


def _related(model, entry, key):
    slugs = entry.get(key, ())
    found = list(model.objects.filter(slug__in=slugs))
    if len(found) != len(slugs):
        raise SeedError(f"Question {entry['slug']!r}: some of {key} {slugs} are missing.")
    return found

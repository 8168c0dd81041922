"""Seed loader for the task guide (guide/tasks.json), both languages, published."""

import json
from pathlib import Path

from django.utils import timezone

from cards.models import CardType, ComparisonPoint
from legislation.models import Article
from publishing.models import RevisionKind
from publishing.services import record
from translations.seeding import SeedError, as_date, superseded, translated, upsert

from .models import Task

TASKS = Path(__file__).resolve().parent / "tasks.json"


def load_tasks(report, *, overwrite=False, path=TASKS):
    for position, data in enumerate(json.loads(path.read_text(encoding="utf-8"))["tasks"]):
        values = {
            "card": _get(CardType, data["slug"], slug=data["card"]),
            "point": _point(data),
            "article": _article(data),
            "position": position,
            "is_published": data.get("is_published", True),
            "published_on": as_date(data["published_on"]),
            **translated("question", data["question"]),
            **translated("reason", data["reason"]),
        }
        earlier = superseded("reason", data["reason"])
        if "article_was" in data:  # an article the seed once cited
            earlier["article"] = [
                _article({"slug": data["slug"], "article": ref}) for ref in data["article_was"]
            ]
        tally = report.tally(Task)
        updated = tally.updated
        task, created = upsert(
            report, Task, {"slug": data["slug"]}, values, overwrite=overwrite, earlier=earlier
        )
        if created and task.is_published and task.last_published_at is None:
            task.last_published_at = timezone.now()
            task.save(update_fields=["last_published_at"])
        if created or tally.updated > updated:  # the history says what the seed changed
            record(task, user=None, kind=RevisionKind.Kind.SEED)


def _point(data):
    ref = data.get("point")
    if not ref:
        return None
    return _get(
        ComparisonPoint, data["slug"], comparison__slug=ref["comparison"], position=ref["position"]
    )


def _article(data):
    ref = data.get("article")
    if not ref:
        return None
    return _get(Article, data["slug"], law__slug=ref["law"], number=ref["number"])


def _get(model, task, **lookup):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise SeedError(f"Task {task!r} refers to a missing {model._meta.verbose_name}: {lookup}")
    return obj

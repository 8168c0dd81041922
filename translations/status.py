"""Reports on the state of translations: the dashboard, `translation_status` and the
export read them. Everything is computed from translations.tracking.statuses()."""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst

from . import registry
from .glossary import mismatches, terms_by_language
from .tracking import MACHINE, MISSING, OUTDATED, UP_TO_DATE, _states, statuses

# A CJK character counts as a word, as translation agencies count Chinese; other scripts by
# runs of letters and digits.
WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+")


def word_count(text):
    return len(WORD.findall(text or ""))


@dataclass
class Tally:
    fields: int = 0
    words: int = 0
    up_to_date: int = 0
    outdated: int = 0
    missing: int = 0
    machine: int = 0  # machine-converted, awaiting a translator's review
    words_done: int = 0
    words_machine: int = 0

    def add(self, item):
        words = word_count(item.source)
        self.fields += 1
        self.words += words
        if item.status == UP_TO_DATE:
            self.up_to_date += 1
            self.words_done += words
        elif item.status == OUTDATED:
            self.outdated += 1
        elif item.status == MACHINE:
            self.machine += 1
            self.words_machine += words
        else:
            self.missing += 1

    @property
    def percent(self):
        """Up-to-date share of the words (an empty tally is complete)."""
        return 100.0 if not self.words else 100.0 * self.words_done / self.words

    @property
    def percent_readable(self):
        """Share of the words visitors read in the language: up to date or machine-converted
        (shown with its notice), as opposed to missing or outdated."""
        done = self.words_done + self.words_machine
        return 100.0 if not self.words else 100.0 * done / self.words


@dataclass
class WorkItem:
    """A field that needs work in one language, with its terminology warnings."""

    status: object  # tracking.FieldStatus
    warnings: list = field(default_factory=list)

    source_language = registry.SOURCE_LANGUAGE

    @property
    def model(self):
        return type(self.status.obj)

    @property
    def model_label(self):
        return self.model._meta.verbose_name

    @property
    def object_label(self):
        return str(self.status.obj)

    @property
    def field_label(self):
        """The field as its form labels it ("Text", not the verbose name "text")."""
        return capfirst(self.model._meta.get_field(self.status.field).verbose_name)

    @property
    def language_name(self):
        return registry.language_name(self.status.language)

    @property
    def context(self):
        """The field's name in a PO file and in the dashboard's accept button."""
        item = self.status
        return f"{item.obj._meta.label_lower}:{item.obj.pk}:{item.field}"


@dataclass
class Report:
    languages: list
    by_language: dict  # {language: Tally}
    by_model: dict  # {(model, language): Tally}
    work: list  # WorkItem, missing first, then outdated, then machine-converted
    warnings: list  # WorkItem of up-to-date fields that break the glossary


def objects_of(model):
    # select_related(): str() of an object often names its parent (an article its law).
    return model._default_manager.select_related().order_by("pk")


def build_report(languages=None, models=None):
    """The whole picture; one query per model (plus its states) and one for the glossary."""
    languages = languages or registry.target_languages()
    models = models or registry.translated_models()
    glossary = terms_by_language()
    by_language = {language: Tally() for language in languages}
    by_model = {}
    work, warnings = [], []
    for model in models:
        objects = list(objects_of(model))
        for item in statuses(objects, languages, _states(objects)):
            by_language[item.language].add(item)
            by_model.setdefault((model, item.language), Tally()).add(item)
            found = mismatches(item.source, item.translation, glossary.get(item.language, []))
            if item.status != UP_TO_DATE:
                work.append(WorkItem(item, found))
            elif found:
                warnings.append(WorkItem(item, found))
    order = {MISSING: 0, OUTDATED: 1, MACHINE: 2}
    work.sort(key=lambda entry: order[entry.status.status])
    return Report(languages, by_language, by_model, work, warnings)


def model_label(model):
    return str(model._meta.verbose_name_plural)


def content_type_id(model):
    return ContentType.objects.get_for_model(model).pk

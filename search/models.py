"""Synonyms editors maintain for the site search, such as 社保 → 社会保险, 社会保障卡."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .query import normalise


class SynonymQuerySet(models.QuerySet):
    def expansions_for(self, terms):
        """{term: [expansions]} for the given normalised terms, in one query."""
        return {s.term: s.expansion_list for s in self.filter(term__in=set(terms))}


class Synonym(models.Model):
    term = models.CharField(
        _("abbreviation or word"),
        max_length=50,
        unique=True,
        help_text=_("What visitors type, such as 社保. Matched whole, ignoring case."),
    )
    expansions = models.TextField(
        _("also search for"),
        help_text=_("One word or phrase per line, such as 社会保险 and 社会保障卡."),
    )

    objects = SynonymQuerySet.as_manager()

    class Meta:
        ordering = ("term",)
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return f"{self.term} → {', '.join(self.expansion_list)}"

    def save(self, *args, **kwargs):
        # Stored as the search box normalises what visitors type, so lookups are exact.
        self.term = normalise(self.term)
        self.expansions = "\n".join(self.expansion_list)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.term = normalise(self.term)  # before the uniqueness check, which follows clean()
        if not self.term:
            raise ValidationError({"term": _("Enter a word.")})
        if not self.expansion_list:
            raise ValidationError({"expansions": _("Enter at least one other word.")})

    @property
    def expansion_list(self):
        lines = (normalise(line) for line in self.expansions.splitlines())
        return [line for line in dict.fromkeys(lines) if line and line != self.term]

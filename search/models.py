"""Synonyms editors maintain for the site search, such as 社保 → 社会保险, 社会保障卡."""

import re

from django.conf import settings
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


class LawSearchQuerySet(models.QuerySet):
    def resolve(self, name):
        """The law a visitor's name for it means (劳动合同法, 《中华人民共和国劳动合同法》,
        "Labour Contract Law", an editor's alias), or None. Titles and short titles in every
        language and the aliases are compared as law_key() makes them."""
        from legislation.models import Law

        key = law_key(name)
        if not key:
            return None
        laws = Law.objects.published()
        for law in laws:
            names = [
                getattr(law, column) or ""
                for field in ("title", "short_title")
                for column in _columns(field)
            ]
            if key in {law_key(n) for n in names if n}:
                return law
        for setting in self.filter(law__in=laws).select_related("law"):
            if key in {law_key(alias) for alias in setting.alias_list}:
                return setting.law
        return None


class LawSearch(models.Model):
    """What editors set for a law in the site search: other names visitors use for it
    (社保法, "Social Insurance Act") and a weight that ranks its results among other laws'."""

    law = models.OneToOneField(
        "legislation.Law",
        on_delete=models.CASCADE,
        related_name="search",
        verbose_name=_("law"),
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("One a line: names visitors may use for the law, such as 社保法."),
    )
    weight = models.IntegerField(
        _("weight"),
        default=0,
        help_text=_("Results of laws with a higher weight are listed first."),
    )

    objects = LawSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("law in search")
        verbose_name_plural = _("laws in search")

    def __str__(self):
        return str(self.law)

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def clean(self):
        """An alias must be a plausible name of this law alone: not an article reference
        (第…条 would make 社保法第二条 ambiguous), not one character, no markup; and not a
        name or alias of another law (the search could reach only one of them)."""
        errors = []
        for alias in self.alias_list:
            if ALIAS_REFERENCE_RE.search(alias) or len(law_key(alias)) < 2:
                errors.append(_("“%(alias)s” is not a law's name.") % {"alias": alias})
            elif ALIAS_MARKUP_RE.search(alias):
                errors.append(
                    _("“%(alias)s” contains characters a law's name does not have (%(chars)s).")
                    % {
                        "alias": alias,
                        "chars": " ".join(sorted(set(ALIAS_MARKUP_RE.findall(alias)))),
                    }
                )
            elif (other := LawSearch.objects.resolve(alias)) is not None and (
                other.pk != self.law_id
            ):
                errors.append(
                    _("“%(alias)s” already names another law: %(law)s.")
                    % {"alias": alias, "law": other}
                )
        if errors:
            raise ValidationError({"aliases": errors})


# 第十条, Article 10: an article reference, not a law's name.
ALIAS_REFERENCE_RE = re.compile(r"第.*条|\bart(?:icle|\.)\s*\d", re.IGNORECASE)
ALIAS_MARKUP_RE = re.compile(r"[<>&{}\[\]|*#`\\]")


def _columns(field):
    from modeltranslation.utils import build_localized_fieldname

    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]


def law_key(name):
    """A law's name as compared: no 《》, no "中华人民共和国" or "of the People's Republic of
    China", no leading "the", no spaces or apostrophes, lower case; Labour and Labor alike."""
    key = normalise(name).strip('《》<>"“”')
    key = key.removeprefix("中华人民共和国").removeprefix("the ")
    key = key.removesuffix(" of the people's republic of china").removesuffix(" of china")
    return re.sub(r"[\s'’]", "", key).replace("labor", "labour")

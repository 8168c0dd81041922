"""Translation bookkeeping kept beside the content (the content apps' tables stay as they are).

TranslationState remembers, per object, field and language, the digest of the source text a
translation was made from; comparing it with the current source says whether the translation
is up to date or outdated (see translations.tracking). The source language's own row holds the
digest of the current source and when it last changed.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .registry import language_name, target_languages


def target_language_choices():
    return [(code, language_name(code)) for code in target_languages()]


# The two roles' groups (translations.roles gives them their permissions), and their names
# in the reader's language: group names are data, stored once in English.
EDITORS = "Editors"
TRANSLATORS = "Translators"
GROUP_LABELS = {EDITORS: _("Editors"), TRANSLATORS: _("Translators")}


class TranslationState(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=15)
    # The source row: digest of the current source. A translation's row: digest of the source
    # it was made from, and of the translation itself (to notice edits made without signals).
    source_digest = models.CharField(_("source digest"), max_length=64)
    text_digest = models.CharField(_("text digest"), max_length=64)
    # A translation's source text, for the "previous source" of an outdated PO entry.
    source_text = models.TextField(_("source text"), blank=True)
    # A translation made by machine conversion (translations.conversion) that no translator
    # has edited or reviewed yet: converted again whenever the source changes.
    machine = models.BooleanField(_("machine-converted"), default=False)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("translation status")
        verbose_name_plural = _("translation status")
        constraints = [
            models.UniqueConstraint(
                fields=("content_type", "object_id", "field", "language"),
                name="translation_state_unique",
            ),
        ]

    def __str__(self):
        """「条文 12：正文（English）」: what it is the status of, in the admin's language."""
        from .typography import in_language, labelled

        model = self.content_type.model_class()
        if model is None:
            return f"{self.content_type_id}:{self.object_id} {self.field} [{self.language}]"
        field = capfirst(model._meta.get_field(self.field).verbose_name)
        return labelled(
            f"{model._meta.verbose_name} {self.object_id}", in_language(field, self.language)
        )


def validate_languages(value):
    unknown = set(value or []) - set(target_languages())
    if unknown:
        raise ValidationError(
            _("Unknown target language: %(codes)s"), params={"codes": ", ".join(sorted(unknown))}
        )


class TranslatorProfile(models.Model):
    """The target languages of a member of the Translators group."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="translator_profile",
        verbose_name=_("user"),
    )
    languages = models.JSONField(
        _("target languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("The languages this translator may edit."),
    )

    class Meta:
        verbose_name = _("translator profile")
        verbose_name_plural = _("translator profiles")

    def __str__(self):
        return str(self.user)


class GlossaryTerm(models.Model):
    """An agreed rendering: wherever `source` occurs in a source text, its translation into
    `language` should contain `target`."""

    source = models.CharField(_("source term"), max_length=100)
    language = models.CharField(_("language"), max_length=15, choices=target_language_choices)
    target = models.CharField(_("agreed translation"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ("language", "source")
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                fields=("source", "language"),
                name="glossary_term_unique",
                violation_error_message=_("This term already has a rendering in this language."),
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"


class Role(Group):
    """The auth groups as the admin shows them: a role's name in the admin's language (group
    names are data, stored in English: Editors, Translators)."""

    class Meta:
        proxy = True
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return str(role_label(self))


def role_label(group):
    """A group's name in the current language where it is one of the roles."""
    return GROUP_LABELS.get(group.name, group.name)


_PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    """A permission in the admin's language: 「卡种与对比 | 卡种 | 可以修改卡种」 (Django stores
    "Can change card type" in English when it creates it)."""
    content_type = permission.content_type
    model = content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or action not in _PERMISSION_ACTIONS:
        return str(permission)
    name = _PERMISSION_ACTIONS[action] % {"model": model._meta.verbose_name}
    return f"{content_type} | {name}"

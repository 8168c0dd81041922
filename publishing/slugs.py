"""Slugs from Chinese titles (pinyin), so an editor who writes only Chinese can create any
object: 市民卡和社保卡的区别 → shi-min-ka-he-she-bao-ka-de-qu-bie."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from pypinyin import lazy_pinyin

from .models import OldSlug

SLUG_HELP = _("Leave it empty to make one from the Chinese title (in pinyin).")


def pinyin_slug(text, max_length=100):
    return slugify(" ".join(lazy_pinyin(text or "")))[:max_length].strip("-")


def unique_slug(model, base, exclude_pk=None, max_length=100):
    """`base`, or `base-2`, `base-3`… whichever no other row of `model` has, now or as an
    old slug (publishing.redirects)."""
    taken = set(
        model._default_manager.exclude(pk=exclude_pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    old = OldSlug.objects.of_model(model).filter(slug__startswith=base)
    if exclude_pk is not None:
        old = old.exclude(object_id=exclude_pk)
    taken.update(old.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


class PinyinSlugMixin:
    """For a model form with a `slug` field: an empty slug is made from the source language's
    column of `slug_source` (modeltranslation's default language, the one the pinyin is for)."""

    slug_source = "title"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug"):
            column = build_localized_fieldname(self.slug_source, mt_settings.DEFAULT_LANGUAGE)
            source = cleaned_data.get(column)
            base = pinyin_slug(source)
            if base:
                model = self._meta.model
                cleaned_data["slug"] = unique_slug(model, base, exclude_pk=self.instance.pk)
            elif "slug" not in self.errors:
                self.add_error("slug", self.fields["slug"].error_messages["required"])
        return cleaned_data

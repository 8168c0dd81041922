"""Admin forms for comparisons: the compared card types and the points with their texts.

Django admin has no nested inlines, so a comparison point's per-card texts (PointText rows) are
edited in place: ComparisonPointForm gets two extra fields per card type (the text in
Simplified Chinese and in English, added in __init__ from its `text_card_types` argument) and
saves them after the point itself.

Which card types need a text is only known once the "compared card types" inline of the same
POST is validated (an editor may add a card type and its texts in one save), so
ComparisonPointFormSet is given that sibling formset (ComparisonAdmin.get_formset_kwargs).
Only public Django APIs: form and formset keyword arguments, and the documented save_m2m.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from publishing.admin import VersionedForm
from publishing.slugs import PinyinSlugMixin
from publishing.text import PlainTextField
from translations.registry import languages  # the source language first

from .models import PointText

SOURCE_LANGUAGE = mt_settings.DEFAULT_LANGUAGE

MISSING_SOURCE_TEXT = _("This card type is compared: enter its text in Simplified Chinese.")
TRANSLATION_WITHOUT_SOURCE = _(
    "Enter the Simplified Chinese text too: the English text is a translation of it."
)
DUPLICATE_CARD_TYPE = _("“%(card_type)s” is chosen more than once. Compare each card type once.")
TOO_FEW_CARD_TYPES = _("A comparison needs at least two card types.")


def text_field_name(card_type, language):
    """card_3_text_zh_hans: the form field for card type 3's text in that language."""
    return build_localized_fieldname(f"card_{card_type.pk}_text", language)


def text_field_names(card_types):
    return [text_field_name(card, lang) for card in card_types for lang in languages()]


def _text_formfield(card_type, language):
    names = dict(settings.LANGUAGES)
    # The css classes are the ones modeltranslation gives its own fields, so its tab script
    # groups the two languages of a card's text into one tabbed widget like any other field.
    css = ["vLargeTextField", "mt", f"mt-field-cardtext{card_type.pk}-{language.replace('-', '_')}"]
    if language == SOURCE_LANGUAGE:
        css.append("mt-default")
    return PlainTextField(
        label=gettext("%(card_type)s · %(language)s")
        % {"card_type": card_type.name, "language": names.get(language, language)},
        required=False,  # required or not depends on the compared card types of the same POST
        max_length=PointText._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40, "class": " ".join(css)}),
    )


class CardTypeForm(PinyinSlugMixin, VersionedForm):
    slug_source = "name"


class ComparisonForm(PinyinSlugMixin, VersionedForm):
    slug_source = "title"


class ComparisonPointForm(forms.ModelForm):
    """A comparison point with its texts for each of `text_card_types`, in that order."""

    def __init__(self, *args, text_card_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.text_card_types = tuple(text_card_types)
        for card in self.text_card_types:
            for lang in languages():
                self.fields[text_field_name(card, lang)] = _text_formfield(card, lang)
        if self.instance.pk and self.text_card_types:
            texts = {text.card_type_id: text for text in self.instance.texts.all()}
            for card in self.text_card_types:
                for lang in languages():
                    value = getattr(texts.get(card.pk), build_localized_fieldname("text", lang), "")
                    self.initial.setdefault(text_field_name(card, lang), value or "")

    def translated_parts(self):
        """(text, {(field, language): form field name}) for each stored text on this form, so
        that the notes beside a field (outdated, glossary) reach the texts too."""
        if not self.instance.pk:
            return
        texts = {text.card_type_id: text for text in self.instance.texts.all()}
        for card in self.text_card_types:
            if card.pk in texts:
                names = {("text", lang): text_field_name(card, lang) for lang in languages()}
                yield texts[card.pk], names

    def merge_values(self, versions):
        """{text field name: stored text} of this point in `versions` (a revision's versions):
        what a stale form's merge compares the posted texts with (publishing.merge)."""
        stored = {}
        for version in versions.values():
            if version._model is PointText:
                values = version.field_dict
                if values.get("point_id") == self.instance.pk:
                    stored[values.get("card_type_id")] = values
        return {
            text_field_name(card, lang): (
                stored.get(card.pk, {}).get(build_localized_fieldname("text", lang)) or ""
            )
            for card in self.text_card_types
            for lang in languages()
        }

    def clean(self):
        cleaned_data = super().clean()
        for card in self.text_card_types:
            source = text_field_name(card, SOURCE_LANGUAGE)
            translated = any(
                cleaned_data.get(text_field_name(card, lang))
                for lang in languages()
                if lang != SOURCE_LANGUAGE
            )
            if translated and not cleaned_data.get(source) and source not in self.errors:
                self.add_error(source, TRANSLATION_WITHOUT_SOURCE)
        return cleaned_data

    def require_texts_for(self, card_types):
        """Called by the formset once the compared card types of the POST are known."""
        offered = {card.pk for card in self.text_card_types}
        for card in card_types:
            source = text_field_name(card, SOURCE_LANGUAGE)
            missing = card.pk in offered and not self.cleaned_data.get(source)
            if missing and source not in self.errors:
                self.add_error(source, MISSING_SOURCE_TEXT)

    def save(self, commit=True):
        point = super().save(commit=commit)
        if commit:
            self.save_texts()
        else:  # the documented hook: the caller saves the point, then calls save_m2m()
            save_m2m = self.save_m2m

            def save_m2m_and_texts():
                save_m2m()
                self.save_texts()

            self.save_m2m = save_m2m_and_texts
        return point

    def save_texts(self):
        point = self.instance
        existing = {text.card_type_id: text for text in PointText.objects.filter(point=point)}
        for card in self.text_card_types:
            values = {
                build_localized_fieldname("text", lang): (
                    self.cleaned_data.get(text_field_name(card, lang)) or ""
                )
                for lang in languages()
            }
            text = existing.get(card.pk)
            if not any(values.values()):
                if text is not None:
                    text.delete()  # the editor cleared both languages
                continue
            if text is None:
                PointText.objects.create(point=point, card_type=card, **values)
            elif any((getattr(text, name) or "") != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(text, name, value)
                text.save()


class AppendingPositionFormSet(BaseInlineFormSet):
    """New rows default to a position after the existing ones instead of 0 (the top).

    Equal positions are allowed: the models order by (position, pk), so rows with the same
    position keep the order in which they were created and the order is always stable."""

    def next_position(self):
        """Positions count from 1, as editors do."""
        positions = [obj.position for obj in self.get_queryset()]
        return max(positions, default=0) + 1

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None or index >= self.initial_form_count():
            offset = 0 if index is None else index - self.initial_form_count()
            kwargs["initial"] = {
                **kwargs.get("initial", {}),
                "position": self.next_position() + offset,
            }
        return kwargs

    def live_forms(self):
        """The forms that will be saved: not deleted, and not blank extra rows."""
        self.errors  # noqa: B018  (runs full_clean once; a no-op afterwards)
        for index, form in enumerate(self.forms):
            if self.can_delete and form.cleaned_data.get(DELETION_FIELD_NAME, False):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            yield form


class ComparedCardFormSet(AppendingPositionFormSet):
    def chosen_card_types(self):
        """The card types of this POST, in the order of the rows (valid choices only)."""
        return [
            form.cleaned_data["card_type"]
            for form in self.live_forms()
            if form.cleaned_data.get("card_type") is not None
        ]

    def clean(self):
        chosen = self.chosen_card_types()
        errors, seen, reported = [], set(), set()
        for card in chosen:
            if card.pk in seen and card.pk not in reported:
                reported.add(card.pk)
                errors.append(
                    ValidationError(
                        DUPLICATE_CARD_TYPE, code="duplicate", params={"card_type": card}
                    )
                )
            seen.add(card.pk)
        if len(seen) < 2 and not reported:
            errors.append(ValidationError(TOO_FEW_CARD_TYPES, code="too_few"))
        if errors:
            raise ValidationError(errors)
        super().clean()  # Django's generic uniqueness check; ours above has a clearer message


class ComparisonPointFormSet(AppendingPositionFormSet):
    def __init__(self, *args, compared_formset=None, **kwargs):
        # The ComparedCardFormSet of the same POST (ComparisonAdmin.get_formset_kwargs()).
        self.compared_formset = compared_formset
        super().__init__(*args, **kwargs)

    def required_card_types(self):
        if self.compared_formset is not None:
            return self.compared_formset.chosen_card_types()
        return self.instance.compared_card_types() if self.instance.pk else []

    def clean(self):
        super().clean()
        card_types = self.required_card_types()
        for form in self.live_forms():
            form.require_texts_for(card_types)

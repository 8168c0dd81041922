"""Admin forms: a law and an article (versioned: no lost updates), and the law import form (a
file or, on confirmation, the same text, and its options)."""

from django import forms
from django.conf import settings
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from publishing.admin import VersionedForm
from publishing.slugs import PinyinSlugMixin


class LawForm(PinyinSlugMixin, VersionedForm):
    slug_source = "short_title"


class ArticleForm(VersionedForm):
    pass


class LawImportForm(forms.Form):
    file = forms.FileField(
        label=_("Text file"),
        required=False,
        help_text=_("The law's full text as published, UTF-8: title, notes, headings, articles."),
    )
    # Carries the uploaded text from the preview to the confirmation.
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    law = forms.SlugField(
        label=_("Law (slug)"),
        max_length=100,
        validators=[validate_slug],
        help_text=_("An existing law's slug, or a new one for a new law (Chinese text only)."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    version_date = forms.DateField(
        label=_("Version date"),
        required=False,
        help_text=_(
            "Optional: record the text as the wording adopted or amended on this date (YYYY-MM-DD)."
        ),
    )
    effective_on = forms.DateField(
        label=_("In force from"),
        required=False,
        help_text=_(
            "When the law (or, with a version date, that version) came into force; default: "
            "the date the text names (本法自…起施行), else the adoption or version date."
        ),
    )
    rename = forms.BooleanField(
        label=_("Rename the law"),
        required=False,
        help_text=_("Only when the law is being renamed: take the file's title line as its title."),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > settings.LAW_IMPORT_MAX_BYTES:
                raise forms.ValidationError(_("The file is too large for a law's text."))
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if not data.get("text"):
            raise forms.ValidationError(_("Choose a text file to import."))
        return data

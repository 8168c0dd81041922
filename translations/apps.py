from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The shared floor of the project: language helpers, fallback marking and the helpers
    that the content apps (cards, legislation) share. It imports no content app."""

    name = "translations"
    verbose_name = _("Translations")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindabilityConfig(AppConfig):
    """What search engines and link previews read: JSON-LD, Open Graph and Twitter tags, share
    images and Atom feeds. Sits beside cards: it imports cards and legislation, reads other
    pages' objects from their template context, and nothing below imports it."""

    name = "findability"
    verbose_name = _("Findability")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "cards"
    verbose_name = _("Cards and comparisons")

    def ready(self):
        # After modeltranslation's ready() (it is listed first): history reads the
        # per-language columns (see publishing.versioning).
        from publishing import registry

        from .kinds import KINDS

        for kind in KINDS:
            registry.register(kind)

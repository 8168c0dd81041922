from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "cards"
    verbose_name = _("Cards and comparisons")

    def ready(self):
        from .integrity import register_guards

        register_guards()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open-data API (/api/v1/) and the embeddable cards (/<lang>/embed/…). A feature app
    beside cards: it imports cards, legislation and the floor apps; none of them imports it."""

    name = "api"
    verbose_name = _("Open data")

    def ready(self):
        from . import changes

        changes.connect_signals()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    """ "Which card do I need?": everyday tasks, each answered with the card to bring, why, and
    the comparison point and statute article that say so. Sits beside cards."""

    name = "guide"
    verbose_name = _("Task guide")

    def ready(self):
        from publishing import registry

        from .kinds import KINDS

        for kind in KINDS:
            registry.register(kind)

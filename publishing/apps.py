from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What decides what visitors see, shared by the content apps: the content version that
    keys every cache of public pages and API answers. It imports no content app."""

    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from . import content

        content.connect_signals()

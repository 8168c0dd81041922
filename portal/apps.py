from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package is an app too, for its home page and commands. It is the roof:
    it imports the content apps, and nothing imports it (but the settings and URLconf)."""

    name = "portal"
    verbose_name = _("Portal")

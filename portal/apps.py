from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package is an app too, for its template tags, home page and commands."""

    name = "portal"
    verbose_name = _("Portal")

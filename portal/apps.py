from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from publishing import origin


class PortalConfig(AppConfig):
    """The project package is an app too, for its home page and commands. It is the roof:
    it imports the content apps, and nothing imports it (but the settings and URLconf)."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        checks.register(origin.check_site_url, checks.Tags.security, deploy=True)

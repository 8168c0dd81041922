from axes import apps as axes_apps
from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from publishing import content, origin

from . import cache


class PortalConfig(AppConfig):
    """The project package is an app too, for its home page and commands. It is the roof:
    it imports the content apps, and nothing imports it (but the settings and URLconf)."""

    default = True  # apps.py also holds AxesConfig
    name = "portal"
    verbose_name = _("Sign-in security")  # its only models: the sign-in records (models.py)

    def ready(self):
        checks.register(origin.check_site_url, checks.Tags.security, deploy=True)
        # Writes made while Redis was away could not bump the content version.
        cache.on_recovery.append(content.bump)


class AxesConfig(axes_apps.AppConfig):
    """django-axes with a name in the admin's language (it has none: "Axes")."""

    verbose_name = _("Sign-in security")

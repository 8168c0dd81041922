from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What decides what visitors see, shared by the content apps: the content version that
    keys every cache of public pages and API answers, old slugs and their redirects, deletion
    guards, and the rules for editors' text and links. It imports no content app."""

    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from . import content, m2m, redirects, text

        content.connect_signals()
        text.connect_signals()
        redirects.connect_signals(self.apps.get_models())
        m2m.name_link_rows()

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The shared floor of the project: language helpers, fallback marking, translation
    status, roles, glossary and PO exchange, used by the content apps (cards, legislation).
    It imports no content app."""

    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from . import roles, tracking

        tracking.connect_signals()
        post_migrate.connect(roles.on_post_migrate, sender=self, dispatch_uid="translations-roles")
        from django.contrib.auth import get_user_model

        m2m_changed.connect(
            roles.make_role_members_staff,
            sender=get_user_model().groups.through,
            dispatch_uid="translations-role-members-staff",
        )

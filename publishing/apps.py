from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What decides what visitors see, shared by the content apps: the content version that
    keys every cache of public pages and API answers, publication state and scheduling,
    drafts, history (django-reversion) and their admin, old slugs and their redirects,
    deletion guards, and the rules for editors' text and links. It imports no content app."""

    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from django.db.models.signals import post_delete

        from . import content, deletion, registry, text, versioning
        from .redirects import reserve_deleted_slug
        from .services import drop_draft_of_deleted

        registry.on_register(versioning.register_kind)
        registry.on_register(deletion.guard_references)
        content.connect_signals()
        text.connect_signals()
        post_delete.connect(drop_draft_of_deleted, dispatch_uid="publishing-drop-draft")
        post_delete.connect(reserve_deleted_slug, dispatch_uid="publishing-reserve-slug")

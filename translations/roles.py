"""The two roles of the content admin, as auth groups with their permissions.

Editors: everything in the public content apps and the glossary, in every language.
Translators: view and change the translated models, view the glossary; which fields they may
change is decided per user by their target languages (TranslatorProfile), enforced by
translations.adminparts.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from publishing.registry import content_models

from . import registry
from .models import EDITORS, GROUP_LABELS, TRANSLATORS  # noqa: F401 - the roles' names


def _permissions(models, actions):
    codenames = [f"{action}_{model._meta.model_name}" for model in models for action in actions]
    cts = ContentType.objects.get_for_models(*models).values()
    return Permission.objects.filter(content_type__in=cts, codename__in=codenames)


def setup_roles():
    """Create or update both groups (idempotent). Returns {group name: permission count}."""
    from .models import GlossaryTerm, TranslationState

    content = content_models()
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        [
            *_permissions([*content, GlossaryTerm], ("add", "change", "delete", "view")),
            *_permissions([TranslationState], ("view",)),  # the dashboard
        ]
    )
    translators, _created = Group.objects.get_or_create(name=TRANSLATORS)
    translated = [model for model in registry.translated_models() if model in content]
    translators.permissions.set(
        [
            *_permissions(translated, ("view", "change")),
            *_permissions([GlossaryTerm, TranslationState], ("view",)),
        ]
    )
    return {group.name: group.permissions.count() for group in (editors, translators)}


def is_translator(user):
    """A member of Translators who is not also an editor or superuser: limited to their
    languages."""
    if not user.is_authenticated or user.is_superuser:
        return False
    names = {group.name for group in user.groups.all()}
    return TRANSLATORS in names and EDITORS not in names


def user_languages(user):
    """The target languages `user` may edit: all for editors and superusers, the profile's
    for translators."""
    if not is_translator(user):
        return registry.target_languages()
    profile = getattr(user, "translator_profile", None)
    allowed = set(profile.languages) if profile else set()
    return [code for code in registry.target_languages() if code in allowed]


def make_role_members_staff(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed of User.groups: whoever joins Editors or Translators becomes staff, or
    they could not sign in to the admin their role is for. Leaving a group changes nothing
    (a user may be staff for another reason)."""
    if action != "post_add" or not pk_set:
        return
    User = get_user_model()
    if reverse:  # group.user_set.add(user, …)
        if instance.name in GROUP_LABELS:
            User.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
    elif not instance.is_staff and Group.objects.filter(pk__in=pk_set, name__in=GROUP_LABELS):
        instance.is_staff = True
        instance.save(update_fields=["is_staff"])


def on_post_migrate(sender, using="default", **kwargs):
    """After `migrate`: create every app's permissions first (Django does it per app, in
    INSTALLED_APPS order, so the content apps' may not exist yet), then the groups; and
    start tracking the translation status of content that has never been tracked, and convert
    what a language filled by conversion lacks (a language just added)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .tracking import baseline, convert_missing

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    setup_roles()
    baseline()
    convert_missing()

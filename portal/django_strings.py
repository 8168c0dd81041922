"""Django's own strings that its zh_Hans catalogue leaves untranslated (Django 5.2).

Never imported: the module is here so that `make messages` copies these msgids into
locale/zh_Hans/LC_MESSAGES/django.po (it drops entries it cannot find in our sources), where
they get their Chinese. LOCALE_PATHS are searched before the apps' catalogues, so our
translation is served where Django's catalogue has none, and the admin is Chinese throughout.
The msgids must match Django's exactly, typographic apostrophes included. To find new gaps
after a Django upgrade, compare django/contrib/admin/locale/en/LC_MESSAGES/django.po with the
zh_Hans one (entries with an empty msgstr).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN = (
    # admin/app_list.html: the visually hidden headers of each app's model table
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # admin/login.html, change_form.html, auth/user/change_password.html, auth/user/add_form.html
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Error:"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    # registration/password_reset_email.html
    gettext_noop("In case you’ve forgotten, you are:"),
)

FORMS = (
    # django.forms.models: a choice that no longer exists (e.g. a forged admin POST)
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # django.contrib.auth.password_validation.MinimumLengthValidator
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)

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
    # django.forms.Form.label_suffix, after every form label (Django's zh_Hans has ":" → ":")
    gettext_noop(":"),
    # django.forms.models: a choice that no longer exists (e.g. a forged admin POST)
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # django.contrib.auth.password_validation.MinimumLengthValidator
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)

# Third-party apps the admin shows whose zh_Hans catalogues are missing or stale:
# django-axes 8.3 (none) and django-reversion 6.4 (its compiled catalogue lacks these).
AXES = (
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
)

REVERSION = (
    gettext_noop("Reversion"),
    gettext_noop("revision"),
    gettext_noop("revisions"),
    gettext_noop("version"),
    gettext_noop("versions"),
    gettext_noop("date created"),
    gettext_noop("comment"),
)

"""django-axes' sign-in records as the admin shows them: proxies whose names are in the
admin's language (axes writes "Access Log for chief @ …" in English in its __str__)."""

from axes import models as axes
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _when(moment):
    return date_format(localtime(moment), "DATETIME_FORMAT") if moment else ""


class AccessAttempt(axes.AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")

    def __str__(self):
        return gettext("Sign-in attempts by %(user)s, last at %(time)s") % {
            "user": self.username,
            "time": _when(self.attempt_time),
        }


class AccessFailureLog(axes.AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self):
        return gettext("Failed sign-in by %(user)s at %(time)s") % {
            "user": self.username,
            "time": _when(self.attempt_time),
        }


class AccessLog(axes.AccessLog):
    class Meta:
        proxy = True
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self):
        return gettext("Sign-in by %(user)s at %(time)s") % {
            "user": self.username,
            "time": _when(self.attempt_time),
        }

"""Site-wide admin configuration (the project's, not any one app's)."""

from axes import admin as axes_admin
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AccessAttempt, AccessFailureLog, AccessLog

admin.site.site_header = _("Social security inquiry: editors")
admin.site.site_title = _("Social security inquiry: editors")


# django-axes' records (AXES_ENABLE_ADMIN = False), through proxies named in the admin's
# language; the admin classes are axes' own.
@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("Status"))
    def status(self, obj):
        limit = settings.AXES_FAILURE_LIMIT
        if obj.failures_since_start < limit:
            return _("%(count)s attempts left") % {"count": limit - obj.failures_since_start}
        return _("Locked out")


admin.site.register(AccessLog, axes_admin.AccessLogAdmin)
admin.site.register(AccessFailureLog, axes_admin.AccessFailureLogAdmin)

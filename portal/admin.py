"""Site-wide admin configuration (the project's, not any one app's)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Social security inquiry: editors")
admin.site.site_title = _("Social security inquiry: editors")

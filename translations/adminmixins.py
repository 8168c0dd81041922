"""Admin pieces shared by the apps' admins."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR

# Primary keys are 64-bit; a longer run of digits cannot be one, and the databases answer it
# with an error rather than an empty result (SQLite: "Python int too large").
MAX_ID_DIGITS = 18


def as_id(value):
    """An integer id from a query-string value, or None when it cannot be one."""
    value = value or ""
    return int(value) if value.isdigit() and len(value) <= MAX_ID_DIGITS else None


def _too_long(value):
    """True for a string of digits, or a list or comma-separated string of them (many-to-many
    initial values), that cannot be an id."""
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list | tuple):
        return False
    return any(isinstance(part, str) and part.isdigit() and as_id(part) is None for part in parts)


class SafeQueryStringMixin:
    """Absurd values in an admin query string get the answer of any other bad value instead of
    a 500 (Django passes them on to the database or to datetime()):

    - on a changelist, a number too long for any id (?law__id__exact=99999999999999999999) or
      an overflowing date (?published_on__year=99999999999) redirects to the unfiltered list
      with ?e=1, as Django does for other bad filters;
    - on an add page, such a value given as an initial value (?law=9999…) is ignored."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {name: value for name, value in initial.items() if not _too_long(value)}

    def get_changelist_instance(self, request):
        for name, value in request.GET.items():
            if name != SEARCH_VAR and _too_long(value):
                raise IncorrectLookupParameters(f"{name} is out of range")
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

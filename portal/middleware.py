"""Request hygiene that the framework leaves to the project."""

from django.core.exceptions import BadRequest


def reject_nul_characters(get_response):
    """Answer 400 to a NUL character in the path or query string.

    Forms already refuse NUL, but query strings go straight into lookups such as the admin's
    search, and PostgreSQL rejects NUL in text with an error (a 500) where SQLite does not."""

    def middleware(request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            raise BadRequest("NUL character in the request")
        return get_response(request)

    return middleware

"""Request hygiene that the framework leaves to the project."""

from django.http import Http404, HttpResponseRedirect


def reject_nul_characters(get_response):
    """No page has a NUL character in its address: 404 for one in the path, and a redirect to
    the same page without its query string for one in the query.

    Forms already refuse NUL, but query strings go straight into lookups such as the admin's
    search, and PostgreSQL rejects NUL in text with an error (a 500) where SQLite does not.
    Placed after LocaleMiddleware, so the 404 page speaks the language of the URL."""

    def middleware(request):
        if "\x00" in request.path:
            raise Http404("NUL character in the path")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return HttpResponseRedirect(request.path)
        return get_response(request)

    return middleware

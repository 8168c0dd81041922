"""What the API answers before its views run."""

from django.utils import translation
from django.utils.translation import gettext as _

from .negotiation import accepted_language
from .problems import problem_response

API_PREFIX = "/api/"


def reject_nul_in_query(get_response):
    """A NUL character in the query of an API address is a 400 problem naming the
    parameter, in the caller's language (Accept-Language), not the redirect to the bare
    path that pages get (portal.middleware.reject_nul_characters): an API client needs to
    know that its request was refused, and the redirect would drop `lang`. Placed before
    that middleware."""

    def middleware(request):
        if request.path_info.startswith(API_PREFIX):
            bad = [name for name, value in request.GET.lists() if "\x00" in name + "".join(value)]
            if bad:
                language = accepted_language(request.headers.get("Accept-Language", ""))
                with translation.override(language):
                    message = _("A parameter may not contain a NUL character.")
                    errors = [{"parameter": name.replace("\x00", ""), "detail": message}
                              for name in bad]  # fmt: skip
                    response = problem_response(400, _("A parameter is invalid."), errors=errors)
                response["Content-Language"] = language
                return response
        return get_response(request)

    return middleware

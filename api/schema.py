"""OpenAPI: what every operation shares (the language, conditional GETs, the rate limit)."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .negotiation import LANGUAGE_CODES

HEADER = OpenApiParameter.HEADER
SHARED_PARAMETERS = [
    OpenApiParameter(
        "lang",
        str,
        enum=LANGUAGE_CODES,
        description="The language of the answer; else Accept-Language decides, else Chinese "
        '(the source). Text missing in English comes in Chinese, marked `"fallback": true`.',
    ),
    OpenApiParameter(
        "If-None-Match",
        str,
        HEADER,
        description="The ETag of an earlier answer: 304 with no body while it is unchanged.",
    ),
    OpenApiParameter("ETag", str, HEADER, response=[200, 304], description="Strong ETag."),
    OpenApiParameter("Last-Modified", str, HEADER, response=[200], description="HTTP date."),
    OpenApiParameter(
        "Content-Language", str, HEADER, response=[200], description="The answer's language."
    ),
    OpenApiParameter(
        "Retry-After", int, HEADER, response=[429, 503], description="Seconds until a retry."
    ),
    OpenApiParameter(
        "Allow", str, HEADER, response=[405], description="The methods answered: GET, HEAD."
    ),
]
# RFC 9457 problem details (api.problems).
PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "about:blank: the status says it all."},
        "title": {"type": "string", "description": "The status's phrase (Not Found)."},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, in the language asked."},
        "errors": {
            "type": "array",
            "description": "400: each invalid parameter and why.",
            "items": {
                "type": "object",
                "required": ["detail"],
                "properties": {"parameter": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
    },
}
PROBLEMS = {
    400: "A parameter is invalid (each one named in `errors`).",
    404: "No such published object.",
    405: "Only GET and HEAD are answered (see Allow).",
    406: "The Accept header names no type the API answers (application/json).",
    414: "The address is longer than the server accepts.",
    429: "Too many requests from this client (see Retry-After).",
    500: "An error of the server's own.",
    503: "Temporarily unavailable (see Retry-After).",
}


def responses(body):
    """The responses of a GET: the body, and the answers every endpoint can give; errors
    are `application/problem+json`."""
    return {
        200: body,
        304: OpenApiResponse(description="Not modified since the ETag sent."),
        **{
            (status, "application/problem+json"): OpenApiResponse(PROBLEM, description=text)
            for status, text in PROBLEMS.items()
        },
    }


class AutoSchema(BaseAutoSchema):
    def get_override_parameters(self):
        return [*SHARED_PARAMETERS, *super().get_override_parameters()]

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
        "Retry-After", int, HEADER, response=[429], description="Seconds until a retry."
    ),
]
ERROR = {"type": "object", "additionalProperties": True}


def responses(body):
    """The responses of a GET: the body, and the answers every endpoint can give."""
    return {
        200: body,
        304: OpenApiResponse(description="Not modified since the ETag sent."),
        400: OpenApiResponse(ERROR, description="A parameter is invalid (message per name)."),
        404: OpenApiResponse(ERROR, description="No such published object."),
        429: OpenApiResponse(ERROR, description="Too many requests from this client."),
    }


class AutoSchema(BaseAutoSchema):
    def get_override_parameters(self):
        return [*SHARED_PARAMETERS, *super().get_override_parameters()]

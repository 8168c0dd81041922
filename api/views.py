"""The endpoints: thin views over the selectors (what is public) and the serializers (what is
shown). PublicAPIView adds what every endpoint shares: the language and conditional GETs."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics, mixins, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from guide.models import Task
from publishing import dependencies, registry
from publishing.content import content_version
from publishing.origin import absolute_url

from . import conditional, problems, selectors
from .models import Change
from .negotiation import LANGUAGE_CODES, UnknownLanguage, accepted_language, requested_language
from .schema import responses
from .serializers import ArticleSerializer, ChangeSerializer, ChangesPageSerializer


class PublicAPIView(generics.GenericAPIView):
    """Answers in the requested language (Content-Language, Vary: Accept-Language), with a
    strong ETag and Last-Modified, and 304 to a consumer that has the answer already.
    GET and HEAD only: anything else is a 405 whose Allow lists just those."""

    http_method_names = ["get", "head"]
    # False for answers that change with the clock, not only with writes: their ETag is
    # then a hash of the body (the answer is computed, but not sent again).
    etag_from_content_version = True

    def dispatch(self, request, *args, **kwargs):
        self.language_error = None
        try:
            self.language = requested_language(request)
        except UnknownLanguage as error:
            self.language = accepted_language(request.headers.get("Accept-Language", ""))
            self.language_error = error
        with translation.override(self.language):
            response = super().dispatch(request, *args, **kwargs)
            if not getattr(response, "is_rendered", True):
                response.render()  # in this language, not the one active after the view
        response.headers["Content-Language"] = self.language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.language_error is not None:
            message = _("Unknown language “%(lang)s”: use one of %(codes)s.") % {
                "lang": self.language_error,
                "codes": ", ".join(LANGUAGE_CODES),
            }
            raise exceptions.ValidationError({"lang": [message]})

    def get_publication_dates(self):
        """For answers that depend on which publication dates today has reached: those dates
        (a values_list of one DateField). None: no such dates."""
        return None

    def validate_parameters(self):
        """Refuse invalid query parameters (400) before anything else: a conditional request
        for an invalid address must not get a 304."""
        if self.pagination_class is not None and isinstance(self, mixins.ListModelMixin):
            self.pagination_class.validate(self.request)

    def get(self, request, *args, **kwargs):
        self.validate_parameters()
        validators = None
        if self.etag_from_content_version:
            validators = conditional.validators(
                request, self.language, dates=self.get_publication_dates()
            )
        # `If-None-Match: *` asks whether the answer exists at all: only the answer can tell.
        if validators is not None and request.headers.get("If-None-Match") != "*":
            etag, last_modified, _untagged = validators
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                not_modified.headers["ETag"] = etag
                return not_modified
        with dependencies.recording() as seen:
            response = self.answer(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, no_cache=True)
            if self.etag_from_content_version:
                # What it shows: its next validators, and the keys a CDN purges it by.
                tags = dependencies.answer_tags(request, seen)
                conditional.remember_tags(request, self.language, tags)
                response.headers["Surrogate-Key"] = response.headers["xkey"] = " ".join(tags)
                validators = self.tagged_validators(request, validators)
            if validators is not None:
                etag, last_modified, _untagged = validators
                response.headers["ETag"] = etag
                response.headers["Last-Modified"] = http_date(last_modified)
                response = (
                    get_conditional_response(request, etag=etag, response=response) or response
                )
        return response

    def tagged_validators(self, request, validators):
        """The validators from the tags just remembered, the same as the next request's, if
        no write landed while the answer was rendered; else those it was rendered under."""
        if validators is None or validators[2] is None:
            return validators
        tagged = conditional.validators(request, self.language, dates=self.get_publication_dates())
        if tagged is None or tagged[2] is not None or content_version() != validators[2]:
            return validators
        return tagged

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Answers without a version ETag (clock-dependent, or no cache): hash the body.
        if response.status_code == 200 and not response.has_header("ETag"):
            response.render()
            set_response_etag(response)
            etag = response.headers["ETag"]
            response = get_conditional_response(request, etag=etag, response=response) or response
        return response

    def answer(self, request, *args, **kwargs):
        raise NotImplementedError


class PublicListView(mixins.ListModelMixin, PublicAPIView):
    def answer(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class PublicDetailView(mixins.RetrieveModelMixin, PublicAPIView):
    lookup_field = "slug"

    def answer(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


@extend_schema(
    summary="The endpoints of this API",
    responses=responses(OpenApiTypes.OBJECT),
)
class RootView(PublicAPIView):
    def answer(self, request, *args, **kwargs):
        def link(name, **kwargs):
            return absolute_url(reverse(name, kwargs=kwargs))

        # The kinds' endpoints that say so (publishing.registry Endpoint.root), then ours.
        listed = {
            endpoint.root: link(kind.endpoint_name(endpoint))
            for kind in registry.kinds()
            for endpoint in kind.api_endpoints
            if endpoint.root
        }
        return Response(
            {
                **listed,
                "changes": link("api:changes"),
                "openapi": link("api:openapi"),
                "docs": link("api:docs"),
            }
        )


DATE_PARAMETER = OpenApiParameter(
    "date",
    OpenApiTypes.DATE,
    description="The wording in force on this date (YYYY-MM-DD); today's when left out. "
    "Before the law took effect, or from its repeal on, there are no articles.",
)


class ArticleMixin:
    serializer_class = ArticleSerializer

    def validate_parameters(self):
        super().validate_parameters()
        self.get_date()

    def get_date(self):
        raw = self.request.query_params.get("date")
        if raw is None:
            return None
        try:
            return serializers.DateField(input_formats=["iso-8601"]).run_validation(raw)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({"date": error.detail}) from error

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "date": self.get_date()}

    def get_queryset(self):
        articles = selectors.articles(self.get_date())
        return articles.filter(law__slug=self.kwargs["slug"]).order_by("number")


# The article endpoints' own parameters; the rest is declared with the kind (legislation.kinds).
@extend_schema(parameters=[DATE_PARAMETER])
class ArticleListView(ArticleMixin, PublicListView):
    def list(self, request, *args, **kwargs):
        get_object_or_404(selectors.laws(), slug=self.kwargs["slug"])
        articles = selectors.in_force(self.get_queryset(), self.get_date())
        page = self.paginate_queryset(articles)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(
    parameters=[
        DATE_PARAMETER,
        OpenApiParameter("number", int, OpenApiParameter.PATH, description="1 to 9999."),
    ],
)
class ArticleDetailView(ArticleMixin, PublicDetailView):
    lookup_field = "number"

    def get_object(self):
        worded = selectors.in_force([super().get_object()], self.get_date())
        if not worded:  # the law did not contain it yet on that date
            raise exceptions.NotFound()
        return worded[0]


SINCE_PARAMETER = OpenApiParameter(
    "since",
    {
        "oneOf": [
            {"type": "string", "format": "date-time"},
            {"type": "string", "pattern": r"^c-?[0-9]{1,18}_[0-9]{1,18}$"},
            {"type": "string", "maxLength": 0},
        ]
    },
    description="An ISO 8601 time (2026-11-25T08:00:00Z; without a zone, in Beijing time), "
    "or the `cursor` of an earlier answer. Left out or empty: from the beginning.",
)


@extend_schema(
    summary="What was published, changed or withdrawn since a time",
    tags=["changes"],
    responses=responses(ChangesPageSerializer),
    parameters=[SINCE_PARAMETER],
)
class ChangesView(PublicAPIView):
    """Events in the order they happened; `next` pages on, `cursor` is where to continue the
    next time (store it, pass it as `since`)."""

    serializer_class = ChangeSerializer
    page_size = 100
    etag_from_content_version = False  # an event published for a later time appears then

    def answer(self, request, *args, **kwargs):
        since = request.query_params.get("since") or None  # `?since=`: from the beginning
        events = Change.objects.visible(timezone.now())
        if since is not None:
            try:
                events = events.after(Change.position(since))
            except ValueError as error:
                message = _("Give a time such as 2026-11-25T08:00:00Z, or a cursor from an answer.")
                raise exceptions.ValidationError({"since": [message]}) from error
        events = list(events.order_by("happened_at", "pk")[: self.page_size + 1])
        more = len(events) > self.page_size
        events = events[: self.page_size]
        cursor = events[-1].cursor if events else since
        next_url = absolute_url(f"{request.path}?{urlencode({'since': cursor})}") if more else None
        data = self.get_serializer(events, many=True).data
        return Response({"next": next_url, "cursor": cursor, "results": data})


@csrf_exempt  # as every API view: there is no session to protect
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a problem 404 to GET and HEAD, 405 to the rest."""
    with translation.override(accepted_language(request.headers.get("Accept-Language", ""))):
        if request.method not in ("GET", "HEAD"):
            return problems.problem_response(
                405,
                exceptions.MethodNotAllowed.default_detail.format(method=request.method),
                headers={"Allow": "GET, HEAD"},
            )
        return problems.problem_response(404, exceptions.NotFound.default_detail)


# The guide's list, declared with its kind (guide.kinds). No docstring: it would become the
# operation's description in the OpenAPI document.
class TaskListView(PublicListView):
    def get_publication_dates(self):
        # A task is public from its publication date on (no write happens then).
        return Task.objects.filter(is_published=True).values_list("published_on", flat=True)


class ProblemErrorsMixin:
    """For the schema and docs views (drf-spectacular's): GET and HEAD only, with an Allow
    that says so (no OPTIONS: the API answers none), and errors as problem details in JSON
    whatever renderer the page itself uses (the docs' is HTML)."""

    http_method_names = ["get", "head"]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = problems.CONTENT_TYPE
        return response


class SchemaView(ProblemErrorsMixin, SpectacularJSONAPIView):
    pass


class DocsView(ProblemErrorsMixin, SpectacularSwaggerSplitView):
    pass

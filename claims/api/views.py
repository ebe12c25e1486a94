"""The partner API's read endpoints. Thin: querysets come from `claims.selectors`, filtering
from `claims.api.filters`, JSON-LD from the one ClaimReview builder."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors
from claims.api import filters, representations
from claims.api.conditional import ConditionalResponseMixin
from claims.api.errors import GOOGLE_ERROR_SCHEMA, google_exception_handler
from claims.api.pagination import field_value, keyset_pagination
from claims.api.serializers import (
    CLAIM_REVIEW_SCHEMA,
    ClaimSerializer,
    FactCheckListItemSerializer,
    FactCheckSerializer,
    GoogleSearchParamsSerializer,
    GoogleSearchResponseSerializer,
    RatingSerializer,
    SpeakerSerializer,
    StaffClaimSerializer,
)
from claims.claimreview import review_site_matches
from claims.models import Rating, Verdict
from claims.search import search_verdicts
from partners.api.authentication import PartnerKeyAuthentication, QueryKeyAuthentication, is_staff
from partners.api.permissions import ExplainAuthenticationMixin, PartnerReadAccess
from partners.api.throttling import PartnerRateThrottle

ERRORS = {
    400: OpenApiResponse(description="A parameter could not be understood; the body names it."),
    401: OpenApiResponse(description="Missing, invalid, revoked or expired API key."),
    429: OpenApiResponse(description="Rate limit reached; retry after `Retry-After` seconds."),
}
NOT_FOUND = {404: OpenApiResponse(description="No such public object.")}

FactCheckPagination = keyset_pagination(
    ("published_at", ("published_at", "id")), ("updated_at", ("updated_at", "id")), default="-published_at"
)


class PartnerAPIView(ExplainAuthenticationMixin, ConditionalResponseMixin, generics.GenericAPIView):
    # The header first (its 401 challenge is the one sent); `?key=` for clients built like
    # Google's; staff use their admin session.
    authentication_classes = [PartnerKeyAuthentication, QueryKeyAuthentication, SessionAuthentication]
    permission_classes = [PartnerReadAccess]
    throttle_classes = [PartnerRateThrottle]

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        # `updated_since=` is a mistake (an unset variable in a script), not a request for
        # everything: refuse it rather than answer a full dump.
        # (`key` is the authenticators' business: an empty one is a malformed key, a 401.)
        empty = sorted({name for name, values in request.query_params.lists() if "" in values and name != "key"})
        if empty:
            raise serializers.ValidationError({name: ["Empty value: give one or leave the parameter out."] for name in empty})

    def page_of(self, queryset: QuerySet) -> list:
        """The requested page of `queryset` (these views always paginate), noting its
        Last-Modified."""
        page = self.paginate_queryset(queryset)
        assert page is not None  # a pagination_class is set
        self.page_last_modified(page)
        return page

    def page_last_modified(self, rows, field: str = "updated_at") -> None:
        stamps = [stamp for row in rows if (stamp := field_value(row, field))]
        self.last_modified = max(stamps) if stamps else None


# Fact-checks ---------------------------------------------------------------------------


@extend_schema(tags=["fact-checks"], responses={200: FactCheckListItemSerializer(many=True), **ERRORS})
class FactCheckList(PartnerAPIView):
    """Published and retracted fact-checks, newest first, each with its first few appearances
    (`appearance_count` says how many; the detail lists them all).

    For incremental sync, order by `updated_at` and pass `updated_since` (the greatest
    `updated_at` you stored, minus a few seconds); then follow `next` until it is null.
    """

    serializer_class = FactCheckListItemSerializer
    filterset_class = filters.FactCheckFilter
    pagination_class = FactCheckPagination

    def get_queryset(self):
        return selectors.public_verdict_keys()

    def get(self, request: Request) -> Response:
        # The page is picked and read in one query, as the `values()` rows the builder takes.
        page = self.page_of(representations.verdict_rows(self.filter_queryset(self.get_queryset())))
        rows = representations.build_fact_checks(page, appearance_limit=selectors.LIST_APPEARANCES)
        return self.get_paginated_response(rows)


FACT_CHECK_LOOKUP = OpenApiParameter(
    "id_or_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern=filters.SLUG_PATTERN,
    description="The fact-check's id, or its slug (as in its public URL). Digits are read as an id.",
)


class FactCheckObjectMixin:
    lookup_url_kwarg = "id_or_slug"

    def lookup(self, find) -> dict:
        """The public fact-check the URL names (by id or by slug) as `find` reads it, or 404."""
        row = find(self.kwargs["id_or_slug"])
        if row is None:
            raise Http404
        self.last_modified = representations.last_modified(row)
        return row


@extend_schema(tags=["fact-checks"], parameters=[FACT_CHECK_LOOKUP], responses={200: FactCheckSerializer, **ERRORS, **NOT_FOUND})
class FactCheckDetail(FactCheckObjectMixin, PartnerAPIView):
    """One published or retracted fact-check."""

    serializer_class = FactCheckSerializer
    honour_if_modified_since = True

    def get(self, request: Request, id_or_slug: str) -> Response:
        row = self.lookup(representations.public_fact_check_row)
        return Response(representations.build_fact_checks([row], appearance_limit=None)[0])


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class ClaimReviewRendering:
    """ClaimReview is JSON-LD: served as `application/ld+json` unless the caller asks for
    `application/json` (some JSON tooling knows no other type)."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]

    def finalize_response(self, request: Request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept",))
        return response


class Gone(exceptions.APIException):
    status_code = 410
    default_detail = "This fact-check was retracted; a retracted fact-check carries no ClaimReview."
    default_code = "retracted"


@extend_schema(
    tags=["claimreview"],
    parameters=[FACT_CHECK_LOOKUP],
    responses={
        200: OpenApiResponse(response=CLAIM_REVIEW_SCHEMA, description="schema.org ClaimReview"),
        **ERRORS,
        **NOT_FOUND,
        410: OpenApiResponse(description="Retracted: the fact-check (see its detail) no longer carries ClaimReview."),
    },
)
class FactCheckClaimReview(ClaimReviewRendering, FactCheckObjectMixin, PartnerAPIView):
    """One published fact-check as schema.org ClaimReview JSON-LD (the same markup as its
    public page). A retracted one answers 410 Gone."""

    serializer_class = serializers.Serializer
    honour_if_modified_since = True

    def get(self, request: Request, id_or_slug: str) -> Response:
        row = self.lookup(representations.public_claim_review_row)
        review = representations.claim_reviews([row])[0]
        if review is None:
            raise Gone
        return Response(review)


class ListSchema(AutoSchema):
    """For a list whose items are not a serializer (JSON-LD): drf-spectacular then cannot tell
    it is a list, and would leave out its filter and pagination parameters."""

    def _is_list_view(self, serializer=None) -> bool:
        return True


@extend_schema(
    tags=["claimreview"],
    responses={
        200: OpenApiResponse(response=CLAIM_REVIEW_SCHEMA, description="A page of ClaimReview objects."),
        **ERRORS,
        404: OpenApiResponse(description="Unknown `format` (use `json` or `jsonld`, or the Accept header)."),
    },
)
class ClaimReviewFeed(ClaimReviewRendering, PartnerAPIView):
    """All published fact-checks as ClaimReview JSON-LD, a page at a time.

    Takes the same filters and orderings as the fact-check list. Retracted fact-checks carry
    no ClaimReview and are left out: learn of retractions from `/fact-checks/?status=retracted`
    or the `factcheck.retracted` webhook.
    """

    serializer_class = serializers.Serializer
    filterset_class = filters.ClaimReviewFilter
    pagination_class = FactCheckPagination
    schema = ListSchema()

    def get_queryset(self):
        return selectors.public_verdict_keys().filter(status=Verdict.Status.PUBLISHED)

    def get(self, request: Request) -> Response:
        page = self.page_of(representations.claim_review_rows(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(representations.claim_reviews(page))


# Claims --------------------------------------------------------------------------------


ClaimPagination = keyset_pagination(
    ("updated_at", ("updated_at", "id")), ("created_at", ("created_at", "id")), default="-updated_at"
)


class ClaimQuerysetMixin:
    def get_queryset(self):
        return selectors.api_claims(public_only=not is_staff(self.request))

    def get_serializer_class(self):
        return StaffClaimSerializer if is_staff(self.request) else ClaimSerializer


@extend_schema(tags=["claims"], responses={200: ClaimSerializer(many=True), **ERRORS})
class ClaimList(ClaimQuerysetMixin, PartnerAPIView):
    """Claims that have a published (or retracted) fact-check. Staff sessions see every claim,
    with workflow fields (`status`, `origin`, `score`, `assignee`, `internal_note`, ...)."""

    filterset_class = filters.ClaimFilter
    pagination_class = ClaimPagination

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.page_last_modified(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["claims"], responses={200: ClaimSerializer, **ERRORS, **NOT_FOUND})
class ClaimDetail(ClaimQuerysetMixin, PartnerAPIView):
    honour_if_modified_since = True

    def get(self, request: Request, pk: int) -> Response:
        claim = get_object_or_404(self.get_queryset(), pk=pk)
        self.last_modified = claim.updated_at
        return Response(self.get_serializer(claim).data)


# Speakers and ratings ------------------------------------------------------------------


SpeakerPagination = keyset_pagination(
    ("name", ("name", "id")), ("updated_at", ("updated_at", "id")), default="name"
)


class SpeakerMixin:
    def get_queryset(self):
        return selectors.api_speakers(public_only=not is_staff(self.request))

    def speaker_data(self, speakers, **kwargs):
        counts = selectors.speaker_rating_counts([s.pk for s in speakers])
        return SpeakerSerializer(speakers, context={"rating_counts": counts, "request": self.request}, **kwargs).data


@extend_schema(tags=["speakers"], responses={200: SpeakerSerializer(many=True), **ERRORS})
class SpeakerList(SpeakerMixin, PartnerAPIView):
    """Speakers with at least one published fact-check, with their count per rating."""

    serializer_class = SpeakerSerializer
    filterset_class = filters.SpeakerFilter
    pagination_class = SpeakerPagination

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.page_last_modified(page)
        return self.get_paginated_response(self.speaker_data(page, many=True))


@extend_schema(
    tags=["speakers"],
    parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=filters.SLUG_PATTERN)],
    responses={200: SpeakerSerializer, **ERRORS, **NOT_FOUND},
)
class SpeakerDetail(SpeakerMixin, PartnerAPIView):
    serializer_class = SpeakerSerializer

    def get(self, request: Request, slug: str) -> Response:
        speaker = get_object_or_404(self.get_queryset(), slug=slug)
        self.last_modified = speaker.updated_at
        return Response(self.speaker_data([speaker], many=True)[0])


@extend_schema(tags=["ratings"], responses={200: RatingSerializer(many=True), **ERRORS})
class RatingList(PartnerAPIView):
    """The rating scale, in display order, with each rating's published definition."""

    serializer_class = RatingSerializer
    pagination_class = None
    queryset = Rating.objects.all()

    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(Rating.objects.order_by("position", "label"), many=True).data)


# Google Fact Check Tools compatible search ---------------------------------------------


GoogleSearchPagination = keyset_pagination(("published_at", ("published_at", "id")), default="-published_at")

GOOGLE_ERRORS = {
    code: OpenApiResponse(response=GOOGLE_ERROR_SCHEMA, description=f"{ERRORS[code].description} Google's error shape.")
    for code in ERRORS
}


@extend_schema_view(
    get=extend_schema(
        tags=["search"],
        operation_id="claims_search",
        parameters=[GoogleSearchParamsSerializer],
        responses={200: GoogleSearchResponseSerializer, **GOOGLE_ERRORS},
    )
)
class GoogleClaimSearch(PartnerAPIView):
    """Search published fact-checks with the request and response shape of Google Fact Check
    Tools' `claims:search`, so an integration can switch by changing its base URL.

    `pageToken` is the previous response's `nextPageToken`; without one, `offset` skips that
    many results. `reviewPublisherSiteFilter` matches our own site (e.g. `example.org`) and
    returns nothing for any other. Errors come in Google's shape,
    `{"error": {"code", "message", "status"}}`. Retracted fact-checks are not listed.
    """

    serializer_class = GoogleSearchResponseSerializer
    pagination_class = None

    def get_exception_handler(self):
        return google_exception_handler

    def get(self, request: Request) -> Response:
        params = GoogleSearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        queryset = selectors.public_verdict_keys().filter(status=Verdict.Status.PUBLISHED)
        if "reviewPublisherSiteFilter" in p and not review_site_matches(p["reviewPublisherSiteFilter"]):
            queryset = queryset.none()
        if p.get("query"):
            queryset = search_verdicts(queryset, p["query"])
        if p.get("languageCode"):
            # Claims store the primary language subtag (`en`); `en-US` matches it too.
            queryset = queryset.filter(claim__language__iexact=p["languageCode"].split("-")[0])
        if p.get("maxAgeDays"):
            queryset = queryset.filter(published_at__gte=timezone.now() - timedelta(days=p["maxAgeDays"]))
        paginator = GoogleSearchPagination()
        paginator.default_page_size = p["pageSize"]
        paginator.cursor_query_param = "pageToken"
        paginator.page_size_query_param = "pageSize"
        paginator.ordering_query_param = "_ordering"
        rows = representations.claim_review_rows(queryset)
        page = paginator.paginate_queryset(rows, request, view=self, offset=p.get("offset", 0))
        self.page_last_modified(page)
        body = {"claims": representations.google_claims(page)}
        token = paginator.next_cursor()
        if token:
            body["nextPageToken"] = token
        return Response(body)


@extend_schema_view(get=extend_schema(operation_id="claims_search_alias"))
class GoogleClaimSearchAlias(GoogleClaimSearch):
    """The same as `claims:search`, for clients that cannot send ':' in a path."""


@extend_schema_view(get=extend_schema(operation_id="claims_search_v1alpha1"))
class GoogleClaimSearchV1Alpha1(GoogleClaimSearch):
    """The same as `claims:search`, at the path Google's client builds from its discovery
    document (`v1alpha1/claims:search` under a root URL of `https://<site>/api/`)."""

"""Partner writes: tips (claims a partner wants checked) and webhook registration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.errors import Conflict
from claims.claimreview import absolute_url
from claims.selectors import published_factcheck
from partners import services
from partners.api.authentication import PartnerKeyAuthentication, partner_key
from partners.api.permissions import ExplainAuthenticationMixin, PartnerOnly
from partners.api.serializers import (
    TipResultSerializer,
    TipSerializer,
    WebhookDeliverySerializer,
    WebhookEndpointSerializer,
)
from partners.api.throttling import PartnerRateThrottle, TipRateThrottle
from partners.models import WebhookEndpoint
from sources.services import tip_submit

ERRORS = {
    400: OpenApiResponse(description="Invalid input; the body names the field."),
    401: OpenApiResponse(description="Missing, invalid, revoked or expired API key."),
    429: OpenApiResponse(description="Rate limit reached; retry after `Retry-After` seconds."),
}
NOT_FOUND = {404: OpenApiResponse(description="No such webhook of yours.")}
CONFLICT = {409: OpenApiResponse(description="You already registered this URL: `{\"url\": [\"...\"]}`.")}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "payload_too_large"


def _drf_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class PartnerWriteView(ExplainAuthenticationMixin, generics.GenericAPIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [PartnerOnly]
    throttle_classes = [PartnerRateThrottle]
    # JSON only: in a form body every value is a string, so `"active": "no"` would pass for a
    # boolean and a client's type errors would go unnoticed (the schema says JSON, too).
    parser_classes = [JSONParser]


@extend_schema(
    tags=["tips"],
    request=TipSerializer,
    responses={
        201: OpenApiResponse(TipResultSerializer, description="A new candidate claim was created for the review queue."),
        200: OpenApiResponse(TipResultSerializer, description="The tip matched a claim we already track and was attached to it."),
        400: OpenApiResponse(description="Invalid tip; the body names the field."),
        401: OpenApiResponse(description="Missing or invalid API key."),
        413: OpenApiResponse(description="Body larger than FACTCHECK_TIP_MAX_BYTES."),
        429: OpenApiResponse(description="Tip rate limit reached; see Retry-After."),
    },
)
class TipCreate(PartnerWriteView):
    """Send a claim you want checked. It enters the fact-checkers' review queue, or is attached
    to the claim we already track when it matches one. The answer names the claim only when it
    has a published fact-check; otherwise it is the same whether the claim is new or not."""

    serializer_class = TipSerializer
    throttle_classes = [PartnerRateThrottle, TipRateThrottle]

    def post(self, request: Request) -> Response:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.FACTCHECK_TIP_MAX_BYTES:
            raise PayloadTooLarge(f"A tip may be at most {settings.FACTCHECK_TIP_MAX_BYTES} bytes.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = partner_key(request)
        try:
            result = tip_submit(
                text=serializer.validated_data["text"],
                url=serializer.validated_data.get("url", ""),
                speaker_name=serializer.validated_data.get("speaker_name", ""),
                submitted_by=f"partner:{key.partner.name} (key {key.prefix})",
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        fact_check = result.public_fact_check()
        # A possible match (not attached) to another claim's published fact-check is public
        # information too; nothing unpublished is ever named.
        possible = None if fact_check else published_factcheck(result.suggested)
        earlier = fact_check or possible
        already = (
            {
                "url": absolute_url(earlier.get_absolute_url()),
                "rating": earlier.rating.label,
                "published_on": earlier.published_at.date(),
                "match": "same" if fact_check else "possible",
            }
            if earlier
            else None
        )
        if fact_check is None:
            # New, or matched to a claim with nothing published: the same answer either way.
            body: dict[str, Any] = {
                "claim_id": None, "matched": False, "status": "received", "fact_check_url": None,
                "already_fact_checked": already,
            }
            return Response(TipResultSerializer(body).data, status=status.HTTP_201_CREATED)
        body = {
            "claim_id": result.claim.pk,
            "matched": True,
            "status": "already_tracked",
            "fact_check_url": absolute_url(fact_check.get_absolute_url()),
            "already_fact_checked": already,
        }
        return Response(TipResultSerializer(body).data, status=status.HTTP_200_OK)


class WebhookMixin:
    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no partner
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(partner=partner_key(self.request).partner).order_by("id")


@extend_schema(tags=["webhooks"])
class WebhookListCreate(WebhookMixin, PartnerWriteView):
    """Your webhook endpoints. Registering one returns its `secret` for verifying signatures."""

    serializer_class = WebhookEndpointSerializer
    pagination_class = None

    @extend_schema(operation_id="webhooks_list", responses={200: WebhookEndpointSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    @extend_schema(responses={201: WebhookEndpointSerializer, **ERRORS, **CONFLICT})
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        partner = partner_key(request).partner
        try:
            endpoint = services.webhook_endpoint_create(
                partner=partner, url=data["url"], events=data.get("events", []), active=data.get("active", True)
            )
        except services.WebhookURLTaken as exc:
            raise Conflict(exc.message_dict) from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(self.get_serializer(endpoint).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["webhooks"])
class WebhookDetail(WebhookMixin, PartnerWriteView):
    serializer_class = WebhookEndpointSerializer

    @extend_schema(responses={200: WebhookEndpointSerializer, **ERRORS, **NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    @extend_schema(responses={200: WebhookEndpointSerializer, **ERRORS, **NOT_FOUND, **CONFLICT})
    def patch(self, request: Request, pk: int) -> Response:
        endpoint = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = self.get_serializer(endpoint, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            endpoint = services.webhook_endpoint_update(endpoint=endpoint, **serializer.validated_data)
        except services.WebhookURLTaken as exc:
            raise Conflict(exc.message_dict) from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(self.get_serializer(endpoint).data)

    @extend_schema(responses={204: None, **ERRORS, **NOT_FOUND})
    def delete(self, request: Request, pk: int) -> Response:
        get_object_or_404(self.get_queryset(), pk=pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["webhooks"])
class WebhookDeliveryList(WebhookMixin, PartnerWriteView):
    """The latest 100 deliveries to one of your endpoints, newest first."""

    serializer_class = WebhookDeliverySerializer
    pagination_class = None

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        responses={200: WebhookDeliverySerializer(many=True), **ERRORS, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        endpoint = get_object_or_404(self.get_queryset(), pk=pk)
        deliveries = endpoint.deliveries.order_by("-created_at", "-id")[:100]
        return Response(self.get_serializer(deliveries, many=True).data)

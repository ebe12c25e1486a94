"""Partner organisations that read the API: their API keys, webhook endpoints and the log of
every webhook delivery attempt.

Keys are stored hashed by djangorestframework-api-key (only the prefix is readable); the raw
key is shown once, when an admin creates it.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Q
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager


class Partner(models.Model):
    name = models.CharField(max_length=200, unique=True)
    contact_email = models.EmailField(blank=True, help_text="Who we tell about API changes. Never exposed by the API.")
    active = models.BooleanField(default=True, help_text="An inactive partner's keys stop working.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerAPIKeyManager(APIKeyManager):
    def get_usable_keys(self) -> models.QuerySet:
        # Deactivating a partner cuts off all of its keys at once.
        return super().get_usable_keys().filter(partner__active=True).select_related("partner")


class PartnerAPIKey(AbstractAPIKey):
    objects = PartnerAPIKeyManager()

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="api_keys")

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "partner API key"
        verbose_name_plural = "partner API keys"


class WebhookEvent(models.TextChoices):
    PUBLISHED = "factcheck.published", "Fact-check published"
    UPDATED = "factcheck.updated", "Fact-check updated"
    CORRECTED = "factcheck.corrected", "Fact-check corrected"
    RETRACTED = "factcheck.retracted", "Fact-check retracted"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    Event = WebhookEvent

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    secret = models.CharField(
        max_length=200,
        default=new_webhook_secret,
        help_text="Shared secret the partner uses to verify the X-Factcheck-Signature header.",
    )
    events = models.JSONField(
        default=list, blank=True, help_text="Events to deliver, e.g. [\"factcheck.published\"]; empty means all."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partner__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "url"], name="webhook_url_once_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.url}"

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDeliveryQuerySet(models.QuerySet):
    def stuck(self, *, now=None, lease_seconds: float | None = None) -> WebhookDeliveryQuerySet:
        """Pending deliveries nobody is working on: the worker sending one died (its lease
        ran out), or one waited a whole lease past its due time without a worker taking it
        (its task was lost)."""
        from django.conf import settings
        from django.db.models.functions import Coalesce
        from django.utils import timezone

        now = now or timezone.now()
        lease = timedelta(seconds=lease_seconds or settings.FACTCHECK_WEBHOOK_LEASE_SECONDS)
        return (
            self.filter(status=DeliveryStatus.PENDING)
            .alias(due=Coalesce("next_attempt_at", "created_at"))
            .filter(Q(lease_until__lt=now) | Q(lease_until__isnull=True, due__lt=now - lease))
        )


class WebhookDelivery(models.Model):
    """One event for one endpoint, with the outcome of its latest attempt.

    A delivery ends either succeeded or failed (after the last retry), never silently dropped.
    A worker claims a delivery for a lease (`lease_until`) and counts the attempt before it
    sends; if the worker dies mid-POST, the lease runs out and the delivery is sent again with
    the same event id, body and signature (at least once).
    """

    Status = DeliveryStatus

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    verdict = models.ForeignKey(
        "claims.Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publication_event = models.ForeignKey(
        "claims.PublicationEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The change this delivery tells of; one delivery per endpoint and change.",
    )
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last took it.")
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="The worker sending it holds it until then; empty when nobody is."
    )

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="succeeded") | Q(delivered_at__isnull=False),
                name="webhook_delivery_succeeded_has_date",
            ),
            # A publication event dispatched twice (a sweep after a crash) is delivered once.
            models.UniqueConstraint(
                fields=["endpoint", "publication_event"], name="webhook_delivery_once_per_event"
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="webhook_delivery_status_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint.url} ({self.get_status_display()})"

"""Writes of the partners app: keys, webhook endpoints, and webhook delivery with retries.

Delivery runs in the background through django-tasks (`partners.tasks.deliver_webhook`). The
tasks framework has no retry of its own, so each failed attempt is recorded on the
WebhookDelivery and the next attempt is enqueued with `run_after` (exponential backoff);
after the last attempt the delivery is marked failed, visible in the admin, and can be
retried from there.
"""

from __future__ import annotations

import http.client
import json
import logging
import ssl
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from claims.claimreview import absolute_url
from claims.models import PublicationEvent, PublicationEventKind, Verdict
from factcheck import outbound
from partners import webhooks
from partners.models import (
    DeliveryStatus,
    Partner,
    PartnerAPIKey,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

logger = logging.getLogger(__name__)

# The webhook each kind of publication event becomes: partners hear of every public change.
# Keyed by the kind as stored (PublicationEvent.kind is a str).
EVENT_FOR_PUBLICATION: dict[str, WebhookEvent] = {
    PublicationEventKind.PUBLISHED: WebhookEvent.PUBLISHED,
    PublicationEventKind.UPDATED: WebhookEvent.UPDATED,
    PublicationEventKind.CORRECTED: WebhookEvent.CORRECTED,
    PublicationEventKind.RETRACTED: WebhookEvent.RETRACTED,
}
MAX_ERROR_LENGTH = 1000
# A receiver's reason phrase is its own text: keep it short, and never its response body.
MAX_REASON_LENGTH = 120
USER_AGENT = "factcheck-webhooks/1"


# Keys and endpoints --------------------------------------------------------------------


def partner_key_create(*, partner: Partner, name: str) -> tuple[PartnerAPIKey, str]:
    """A new API key for `partner`; the raw key is returned once and stored only hashed."""
    return PartnerAPIKey.objects.create_key(partner=partner, name=name)


def _clean_events(events: Iterable[str]) -> list[str]:
    if not isinstance(events, list | tuple) or not all(isinstance(e, str) for e in events):
        raise ValidationError({"events": "Give a list of event names."})
    events = list(dict.fromkeys(events))
    unknown = [e for e in events if e not in WebhookEvent.values]
    if unknown:
        raise ValidationError(
            {"events": f"Unknown events {', '.join(unknown)}; use {', '.join(WebhookEvent.values)}."}
        )
    return events


def _clean_url(url: str) -> str:
    try:
        webhooks.check_url(url)
    except webhooks.UnsafeURL as exc:
        raise ValidationError({"url": str(exc)}) from exc
    return url


def webhook_endpoint_clean(*, url: str, events: Iterable[str]) -> tuple[str, list[str]]:
    """Validate a webhook URL (scheme, SSRF) and event list; ValidationError keyed by field."""
    errors = {}
    try:
        url = _clean_url(url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        events = _clean_events(events)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return url, list(events)


class WebhookURLTaken(ValidationError):
    """The partner already registered this URL (the API answers 409 Conflict)."""

    def __init__(self) -> None:
        super().__init__({"url": ["You already registered this URL."]}, code="duplicate")


def _save_endpoint(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    taken = WebhookEndpoint.objects.filter(partner=endpoint.partner_id, url=endpoint.url).exclude(pk=endpoint.pk)
    if taken.exists():
        raise WebhookURLTaken
    endpoint.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            endpoint.save()
    except IntegrityError:  # registered by a concurrent request since the check above
        raise WebhookURLTaken from None
    return endpoint


def webhook_endpoint_create(
    *, partner: Partner, url: str, events: Iterable[str] = (), active: bool = True
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(partner=partner, url=_clean_url(url), events=_clean_events(events), active=active)
    return _save_endpoint(endpoint)


def webhook_endpoint_update(*, endpoint: WebhookEndpoint, **changes: Any) -> WebhookEndpoint:
    unknown = set(changes) - {"url", "events", "active"}
    if unknown:
        raise ValidationError(f"These webhook fields cannot be changed: {', '.join(sorted(unknown))}.")
    if "url" in changes:
        endpoint.url = _clean_url(changes["url"])
    if "events" in changes:
        endpoint.events = _clean_events(changes["events"])
    if "active" in changes:
        endpoint.active = bool(changes["active"])
    return _save_endpoint(endpoint)


# Events --------------------------------------------------------------------------------


def webhook_payload(*, verdict: Verdict, event: str, event_id: str, version: int | None = None) -> dict:
    """What partners receive: enough to act on, with links to the full fact-check."""
    fact_check = {
        "id": verdict.pk,
        "slug": verdict.slug,
        "status": verdict.status,
        "version": verdict.revision,
        "headline": verdict.headline,
        "url": absolute_url(verdict.get_absolute_url()),
        "api_url": absolute_url(reverse("api:factcheck-detail", kwargs={"id_or_slug": verdict.pk})),
        "claim_review_url": absolute_url(reverse("api:factcheck-claimreview", kwargs={"id_or_slug": verdict.pk})),
        "rating": {"slug": verdict.rating.slug, "label": verdict.rating.label} if verdict.rating else None,
        "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
        "updated_at": verdict.updated_at.isoformat(),
        "retracted_at": verdict.retracted_at.isoformat() if verdict.retracted_at else None,
        "retraction_note": verdict.retraction_note,
        "claim": {
            "id": verdict.claim_id,
            "text": verdict.claim.text,
            "speaker": verdict.claim.speaker.name if verdict.claim.speaker else None,
        },
    }
    payload: dict[str, Any] = {
        "event": event,
        "event_id": event_id,
        "created_at": timezone.now().isoformat(),
        "fact_check": fact_check,
    }
    if version is not None:
        # The revision this event made; an older one arriving late can be ignored.
        payload["version"] = version
    if event == WebhookEvent.CORRECTED:
        correction = verdict.corrections.order_by("-corrected_on", "-id").first()
        if correction is not None:
            payload["correction"] = {"corrected_on": correction.corrected_on.isoformat(), "note": correction.note}
    if event == WebhookEvent.UPDATED:
        update = verdict.update_notes.order_by("-noted_on", "-id").first()
        if update is not None:
            payload["update"] = {"noted_on": update.noted_on.isoformat(), "note": update.note}
    return payload


def webhooks_publish(events: list[PublicationEvent]) -> list[WebhookDelivery]:
    """Record a delivery of each event for every active endpoint that wants it, and enqueue them.

    Subscribed to `claims.publication` (see `PartnersConfig.ready`): called after the change
    commits, in the transaction that marks the events done, so each (endpoint, event) gets
    exactly one delivery however often dispatch runs.
    """
    by_verdict = {
        v.pk: v
        for v in Verdict.objects.select_related("claim__speaker", "rating").filter(
            pk__in=[e.verdict_id for e in events if e.verdict_id]
        )
    }
    wanted = [
        (event, by_verdict[event.verdict_id], EVENT_FOR_PUBLICATION[event.kind])
        for event in events
        if event.verdict_id in by_verdict and by_verdict[event.verdict_id].is_public
    ]
    if not wanted:
        return []
    endpoints = list(WebhookEndpoint.objects.filter(active=True, partner__active=True).select_related("partner"))
    already = set(
        WebhookDelivery.objects.filter(publication_event__in=[e for e, _v, _w in wanted]).values_list(
            "endpoint_id", "publication_event_id"
        )
    )
    deliveries = []
    with transaction.atomic():
        for event, verdict, webhook_event in wanted:
            for endpoint in endpoints:
                if not endpoint.wants(webhook_event) or (endpoint.pk, event.pk) in already:
                    continue
                delivery = WebhookDelivery(
                    endpoint=endpoint, event=webhook_event, verdict=verdict, publication_event=event, payload={}
                )
                delivery.payload = webhook_payload(
                    verdict=verdict, event=webhook_event, event_id=str(delivery.event_id), version=event.version
                )
                deliveries.append(delivery)
        WebhookDelivery.objects.bulk_create(deliveries)
        transaction.on_commit(lambda: [_enqueue(d) for d in deliveries])
    return deliveries


def _enqueue(delivery: WebhookDelivery, run_after=None) -> None:
    from partners.tasks import deliver_webhook

    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    task.enqueue(delivery.pk)


# Delivery ------------------------------------------------------------------------------


def webhook_body(delivery: WebhookDelivery) -> bytes:
    # Sorted keys: the stored JSON may come back in another key order (jsonb), the bytes
    # (and so the signature) must not change between attempts.
    return json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()


def _post(delivery: WebhookDelivery, *, address: str) -> tuple[int | None, str]:
    """POST the signed payload to `address` (the one that was checked); (code or None, error or '').

    Redirects are not followed (one could point inside our network), and the receiver's body is
    never read: what partners see of an attempt is the status and a short reason.
    """
    endpoint = delivery.endpoint
    parts = urlsplit(endpoint.url)
    body = webhook_body(delivery)
    connection = outbound.pinned_connection(
        parts.scheme,
        # webhooks.delivery_address refused a URL without a host before `address` was resolved.
        cast(str, parts.hostname),
        address,
        port=parts.port or webhooks.default_port(parts.scheme),
        timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS,
    )
    try:
        connection.request(
            "POST",
            (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                webhooks.EVENT_HEADER: delivery.event,
                webhooks.EVENT_ID_HEADER: str(delivery.event_id),
                webhooks.TIMESTAMP_HEADER: str(int(timezone.now().timestamp())),
                webhooks.ATTEMPT_HEADER: str(delivery.attempts),
                webhooks.SIGNATURE_HEADER: webhooks.sign(endpoint.secret, body),
            },
        )
        response = connection.getresponse()
        if 200 <= response.status < 300:
            return response.status, ""
        reason = " ".join((response.reason or "").split())[:MAX_REASON_LENGTH]
        return response.status, f"HTTP {response.status}" + (f" {reason}" if reason else "")
    except ssl.SSLCertVerificationError as exc:
        return None, f"Invalid TLS certificate: {exc.verify_message}"
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:MAX_REASON_LENGTH]
    finally:
        connection.close()


def retry_delay(attempt: int) -> timedelta:
    """Wait after failed attempt number `attempt` (1-based): base, 4×base, 16×base, ..."""
    return timedelta(seconds=settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS * 4 ** (attempt - 1))


def _lease() -> timedelta:
    return timedelta(seconds=settings.FACTCHECK_WEBHOOK_LEASE_SECONDS)


def _delivery_claim(delivery_id: int) -> WebhookDelivery | str:
    """Take a pending delivery for one attempt: count the attempt and hold a lease, committed
    before anything is sent, so a worker killed mid-POST leaves a record that it tried and a
    lease that runs out. Returns the delivery, or why this task has nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint__partner")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "missing"
        if delivery.status != DeliveryStatus.PENDING:
            return delivery.status
        if delivery.lease_until is not None and delivery.lease_until > now:
            return "leased"  # another worker is sending it right now
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return "scheduled"  # a stray duplicate task: the attempt queued for later will run
        delivery.attempts += 1
        delivery.claimed_at = delivery.last_attempt_at = now
        delivery.lease_until = now + _lease()
        delivery.next_attempt_at = None
        delivery.save(update_fields=["attempts", "claimed_at", "last_attempt_at", "lease_until", "next_attempt_at"])
    return delivery


def webhook_delivery_attempt(*, delivery_id: int) -> str:
    """One attempt at a pending delivery; returns the delivery's status afterwards."""
    delivery = _delivery_claim(delivery_id)
    if isinstance(delivery, str):
        return delivery
    endpoint = delivery.endpoint
    permanent = False
    if not (endpoint.active and endpoint.partner.active):
        code, error, permanent = None, "The endpoint or its partner was deactivated; not sent.", True
    else:
        try:
            address = webhooks.delivery_address(endpoint.url)
        except webhooks.UnsafeURL as exc:
            code, error, permanent = None, f"Refused: {exc}", True
        else:
            code, error = _post(delivery, address=address)
    return _delivery_record(delivery, code=code, error=error, permanent=permanent)


def _delivery_record(delivery: WebhookDelivery, *, code: int | None, error: str, permanent: bool) -> str:
    """Record the outcome of the attempt this worker claimed, and release the lease."""
    with transaction.atomic():
        current = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if current.status != DeliveryStatus.PENDING or current.claimed_at != delivery.claimed_at:
            # The lease ran out and the sweep handed the delivery on: that attempt owns it now.
            return current.status
        current.response_code = code
        current.lease_until = None
        if not error and code is not None and 200 <= code < 300:
            current.status = DeliveryStatus.SUCCEEDED
            current.delivered_at = timezone.now()
            current.error = ""
        else:
            current.error = (error or f"HTTP {code}")[:MAX_ERROR_LENGTH]
            if permanent or current.attempts >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
                current.status = DeliveryStatus.FAILED
                logger.warning("Webhook delivery %s failed for good: %s", current.pk, current.error)
            else:
                current.next_attempt_at = timezone.now() + retry_delay(current.attempts)
        current.save()
    if current.next_attempt_at is not None:
        _enqueue(current, run_after=current.next_attempt_at)
    return current.status


def webhook_delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a failed or stuck delivery again now (from the admin), with a fresh set of
    attempts; the same event id, body and signature as before."""
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        stuck = WebhookDelivery.objects.stuck().filter(pk=locked.pk).exists()
        if locked.status != DeliveryStatus.FAILED and not stuck:
            raise ValidationError("Only failed deliveries, or pending ones no worker is sending, can be retried.")
        locked.status = DeliveryStatus.PENDING
        locked.attempts = 0
        locked.lease_until = None
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "attempts", "lease_until", "next_attempt_at"])
        transaction.on_commit(lambda: _enqueue(locked))
    return locked


def webhook_deliveries_reclaim(*, now: datetime | None = None) -> tuple[int, int]:
    """The sweep for deliveries no worker is sending (see `WebhookDelivery.objects.stuck`):
    each is queued again, keeping its attempts, event id and body; one that already used its
    last attempt is recorded as failed (the admin can retry it). Returns (requeued, failed)."""
    now = now or timezone.now()
    requeued = failed = 0
    for pk in WebhookDelivery.objects.stuck(now=now).values_list("pk", flat=True):
        with transaction.atomic():
            delivery = WebhookDelivery.objects.stuck(now=now).select_for_update(skip_locked=True).filter(pk=pk).first()
            if delivery is None:
                continue  # a worker took it meanwhile
            if delivery.lease_until is not None:
                delivery.error = (
                    f"The worker stopped during attempt {delivery.attempts} (its lease ran out at "
                    f"{delivery.lease_until:%Y-%m-%d %H:%M:%S} UTC); sending again."
                )
            delivery.lease_until = None
            if delivery.attempts >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
                failed += 1
            else:
                delivery.next_attempt_at = now
                transaction.on_commit(partial(_enqueue, delivery))
                requeued += 1
            delivery.save(update_fields=["status", "error", "lease_until", "next_attempt_at"])
    if requeued or failed:
        logger.warning("Reclaimed webhook deliveries: %d queued again, %d failed", requeued, failed)
    return requeued, failed

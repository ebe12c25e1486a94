from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from partners.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField turns `0` or `1.5` into "0" / "1.5", which hides a client's
    bug (a number where a name belongs) behind a plausible-looking tip."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictURLField(StrictCharField, serializers.URLField):
    pass


class TipSerializer(serializers.Serializer):
    text = StrictCharField(
        min_length=10, trim_whitespace=True, help_text="The claim, as it was made (at most FACTCHECK_TIP_MAX_CHARS, 2000 by default)."
    )
    url = StrictURLField(
        required=False, allow_blank=True, max_length=2000, help_text="Where the claim was seen (http or https)."
    )
    speaker_name = StrictCharField(
        required=False, allow_blank=True, max_length=200, help_text="Who made the claim, if known."
    )

    def validate_text(self, value: str) -> str:
        limit = settings.FACTCHECK_TIP_MAX_CHARS
        if len(value) > limit:
            raise serializers.ValidationError(f"A tip can be at most {limit} characters long (this one has {len(value)}).")
        return value

    def validate_url(self, value: str) -> str:
        if value and not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Give an http:// or https:// address.")
        return value


class TipResultSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField()
    matched = serializers.BooleanField(help_text="True when the tip was attached to a claim we already track.")
    status = serializers.CharField(help_text="`received` for a new candidate, `already_tracked` for a match.")
    fact_check_url = serializers.CharField(
        allow_null=True, help_text="The published fact-check of the matched claim, if there is one."
    )


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        required=False,
        help_text="Events to receive; empty or omitted means all.",
    )
    secret = serializers.CharField(
        read_only=True, help_text="HMAC-SHA256 key for verifying X-Factcheck-Signature. Keep it private."
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "active", "secret", "created_at", "updated_at"]
        read_only_fields = ["id", "secret", "created_at", "updated_at"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "event_id",
            "event",
            "status",
            "attempts",
            "response_code",
            "error",
            "created_at",
            "last_attempt_at",
            "next_attempt_at",
            "delivered_at",
        ]

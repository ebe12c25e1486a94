from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners.models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField turns `0` or `1.5` into "0" / "1.5", which hides a client's
    bug (a number where a name belongs) behind a plausible-looking tip."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


_IPV4 = r"(?:0|25[0-5]|2[0-4]\d|1\d?\d?|[1-9]\d?)(?:\.(?:0|25[0-5]|2[0-4]\d|1\d?\d?|[1-9]\d?)){3}"
# At most four labels of at most 47 characters before the top-level domain: within the 253 a
# host name may have, without a look-ahead (which generators of test data cannot handle).
_HOSTNAME = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,45}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,63}"
_PORT = r"(?::(?:6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3}))?"
_REST = r"(?:[/?#][A-Za-z0-9._~!$&'()*+,;=:@/?#%-]*)?"
# One rule for the web addresses partners send, declared in the OpenAPI schema as it is: http(s),
# a host name, `localhost` or an IPv4 address, an optional port, and the characters RFC 3986
# allows. Everything it admits, Django's URLValidator admits too.
WEB_URL_PATTERN = rf"^https?://(?:localhost|{_IPV4}|{_HOSTNAME}){_PORT}{_REST}$"


# The schema states the rule as it is enforced (for a blank-allowed field drf-spectacular adds
# the empty alternative itself).
WEB_URL_SCHEMA = {"type": "string", "maxLength": 2000, "pattern": WEB_URL_PATTERN}


@extend_schema_field(WEB_URL_SCHEMA)
class WebURLField(StrictCharField):
    default_error_messages = {
        "invalid_url": "Give an http:// or https:// address (a host name, then an optional path).",
        "credentials": "Put no credentials in the URL (for a webhook, verify the signature instead).",
    }

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if "@" in value.split("//", 1)[-1].split("/", 1)[0]:
            self.fail("credentials")
        return value

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        kwargs["trim_whitespace"] = False  # " https://..." is not the address it looks like
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(WEB_URL_PATTERN, self.error_messages["invalid_url"]))


class OptionalWebURLField(WebURLField):
    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, **kwargs)


class TipSerializer(serializers.Serializer):
    text = StrictCharField(
        min_length=10, trim_whitespace=True, help_text="The claim, as it was made (at most FACTCHECK_TIP_MAX_CHARS, 2000 by default)."
    )
    url = OptionalWebURLField(help_text="Where the claim was seen (http or https).")
    speaker_name = StrictCharField(
        required=False, allow_blank=True, max_length=200, help_text="Who made the claim, if known."
    )

    def validate_text(self, value: str) -> str:
        limit = settings.FACTCHECK_TIP_MAX_CHARS
        if len(value) > limit:
            raise serializers.ValidationError(f"A tip can be at most {limit} characters long (this one has {len(value)}).")
        return value


class AlreadyFactCheckedSerializer(serializers.Serializer):
    url = serializers.CharField()
    rating = serializers.CharField()
    published_on = serializers.DateField()
    match = serializers.ChoiceField(choices=["same", "possible"])


class TipResultSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField(
        allow_null=True, help_text="The fact-checked claim the tip matched; null unless it has a public fact-check."
    )
    matched = serializers.BooleanField(
        help_text="True when the tip matched a claim with a public fact-check. Unpublished work is never revealed."
    )
    status = serializers.CharField(
        help_text="`already_tracked` when the tip matched a fact-checked claim, `received` otherwise."
    )
    fact_check_url = serializers.CharField(
        allow_null=True, help_text="The public fact-check of the matched claim, if there is one."
    )
    already_fact_checked = AlreadyFactCheckedSerializer(
        allow_null=True,
        help_text="Our published fact-check of the claim the tip is (`match: same`) or may be "
        "(`match: possible`, a curator will confirm); null when there is none. Unpublished work is never shown.",
    )


class WebhookEndpointSerializer(serializers.ModelSerializer):
    url = WebURLField(help_text="Where we POST the events.")
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

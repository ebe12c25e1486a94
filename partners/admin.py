"""Partners in the admin: create and revoke API keys (shown once, stored hashed), manage webhook
endpoints, and read the delivery log."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from partners import services
from partners.models import DeliveryStatus, Partner, PartnerAPIKey, WebhookDelivery, WebhookEndpoint

# The library's own key model is unused (partner keys belong to a partner); hide it.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "key_count", "webhook_count", "created_at")
    list_filter = ("active",)
    search_fields = ("name", "contact_email")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _keys=Count("api_keys", filter=Q(api_keys__revoked=False), distinct=True),
            _webhooks=Count("webhooks", distinct=True),
        )

    @admin.display(description="Active keys", ordering="_keys")
    def key_count(self, obj: Partner) -> int:
        return obj._keys

    @admin.display(description="Webhooks", ordering="_webhooks")
    def webhook_count(self, obj: Partner) -> int:
        return obj._webhooks


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    """Adding a key shows the raw key once in a message; revoking cannot be undone."""

    list_display = ("prefix", "name", "partner", "created", "expiry_date", "_has_expired", "revoked")
    list_filter = ("revoked", "partner", "created")
    list_select_related = ("partner",)
    search_fields = ("name", "prefix", "partner__name")
    autocomplete_fields = ("partner",)
    actions = ["revoke_keys"]

    @admin.action(description="Revoke the selected keys")
    def revoke_keys(self, request, queryset):
        count = queryset.filter(revoked=False).update(revoked=True)
        self.message_user(request, f"Revoked {count} key(s).", messages.SUCCESS)


class WebhookEndpointForm(forms.ModelForm):
    class Meta:
        model = WebhookEndpoint
        fields = ["partner", "url", "events", "secret", "active"]

    def clean(self):
        cleaned = super().clean()
        # The same URL safety check and event validation as registration through the API.
        try:
            url, events = services.webhook_endpoint_clean(
                url=cleaned.get("url") or "", events=cleaned.get("events") or []
            )
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict) from exc
        cleaned.update(url=url, events=events)
        return cleaned


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "partner", "events", "active", "created_at")
    list_filter = ("active", "partner")
    list_select_related = ("partner",)
    search_fields = ("url", "partner__name")
    autocomplete_fields = ("partner",)
    readonly_fields = ("created_at", "updated_at")

    form = WebhookEndpointForm


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "endpoint", "status_badge", "attempts", "response_code", "last_attempt_at", "next_attempt_at", "lease_until")
    list_filter = ("status", "event", "endpoint__partner")
    list_select_related = ("endpoint__partner",)
    search_fields = ("event_id", "endpoint__url", "error")
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Status", ordering="status", boolean=False)
    def status_badge(self, obj: WebhookDelivery) -> str:
        return obj.get_status_display().upper() if obj.status == DeliveryStatus.FAILED else obj.get_status_display()

    @admin.action(description="Retry the selected failed or stuck deliveries now", permissions=["view"])
    def retry(self, request, queryset):
        # Stuck: pending, but no worker is sending it (its worker died, or its task was lost).
        retryable = queryset.filter(status=DeliveryStatus.FAILED) | queryset.filter(
            pk__in=WebhookDelivery.objects.stuck().values("pk")
        )
        retried = 0
        for delivery in retryable.distinct():
            services.webhook_delivery_retry(delivery=delivery)
            retried += 1
        self.message_user(request, f"Queued {retried} delivery(ies) again.", messages.SUCCESS)

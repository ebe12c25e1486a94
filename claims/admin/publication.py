"""The publication outbox in the admin: every public change and whether its effects (sync
stamp, cache, partners' webhooks) are done. Read-only; `Dispatch now` runs the sweep."""

from __future__ import annotations

from django.contrib import admin, messages

from claims import publication
from claims.models import PublicationEvent


class PendingFilter(admin.SimpleListFilter):
    title = "dispatch"
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", "Effects still to apply"), ("no", "Dispatched")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(dispatched_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(dispatched_at__isnull=False)
        return queryset


@admin.register(PublicationEvent)
class PublicationEventAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "kind", "verdict", "version", "reason", "done", "attempts", "dispatched_at"]
    list_select_related = ["verdict"]
    list_filter = [PendingFilter, "kind"]
    search_fields = ["verdict__headline", "reason", "event_id"]
    readonly_fields = [f.name for f in PublicationEvent._meta.fields]
    actions = ["dispatch_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Apply the pending effects of all events now", permissions=["view"])
    def dispatch_now(self, request, queryset):
        remaining = publication.events_dispatch_pending()
        if remaining:
            self.message_user(request, f"{remaining} event(s) still have effects that fail; see their last error.", messages.ERROR)
        else:
            self.message_user(request, "Every publication event is dispatched.", messages.SUCCESS)

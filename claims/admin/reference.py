"""The reference data curators use: the rating scale, tags and evidence links."""

from __future__ import annotations

from django.contrib import admin, messages

from claims import publication, services
from claims.admin.base import SERVICE_REFUSALS, AuditedAdmin, adopt, refusal_message
from claims.admin.forms import PUBLIC_NOTE_FIELDS, EvidenceLinkAdminForm
from claims.models import EvidenceLink, Rating, Tag
from claims.services import EVIDENCE_EDITABLE_FIELDS
from claims.workflow import can_change_published, claim_is_public


class RatingAdmin(AuditedAdmin):
    """The published rating scale; editors change it (its definitions are public methodology)."""

    list_display = ["label", "value", "colour", "position", "on_scale"]
    list_editable = ["position"]
    search_fields = ["label"]
    prepopulated_fields = {"slug": ["label"]}
    fields = ["label", "slug", "value", "description", "colour", "position"]

    @admin.display(boolean=True, description="on the truth scale")
    def on_scale(self, rating: Rating) -> bool:
        return rating.on_scale

    def save_model(self, request, obj, form, change):
        services.rating_save(rating=obj, user=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Published verdicts point at their rating; a step of the scale is retired by editing it.
        return False


class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    # Topics are listed on public fact-checks: their changes are publication events.
    def save_model(self, request, obj, form, change):
        if change:
            services.tag_update(tag=obj, user=request.user)
        else:
            obj.save()

    def delete_model(self, request, obj):
        services.tag_delete(tag=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for tag in queryset:
            services.tag_delete(tag=tag, user=request.user)


class EvidenceLinkAdmin(AuditedAdmin):
    """Every evidence link; on a published fact-check only editors change or remove one."""

    list_display = ["__str__", "stance", "claim", "verdict", "publisher", "added_by", "created_at"]
    list_select_related = ["claim", "verdict", "added_by"]
    list_filter = ["stance", "created_at"]
    search_fields = ["url", "title", "publisher"]
    autocomplete_fields = ["claim", "verdict"]
    form = EvidenceLinkAdminForm
    fields = ["claim", "verdict", "url", "title", "publisher", "stance", "archived_url", "accessed_at", "note", "added_by"]

    def get_fields(self, request, obj=None):
        # A new link may go to a claim with a published fact-check: the note is asked for.
        if obj is None or publication.claim_is_published(obj.claim_id):
            return [*self.fields, *PUBLIC_NOTE_FIELDS]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return ["added_by"] if obj is None else ["claim", "added_by"]

    def _locked(self, request, obj) -> bool:
        return obj is not None and not can_change_published(request.user) and claim_is_public(obj.claim_id)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Removing a source from a published fact-check needs a public note: that is done on
        # the claim's page, with the note, not from a bare confirmation page.
        if obj is not None and publication.claim_is_published(obj.claim_id):
            return False
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.evidence_delete(link=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        # One by one through the service: a published fact-check's evidence is refused to those
        # who may not change it, even when selected among others.
        for link in queryset:
            try:
                services.evidence_delete(link=link, user=request.user)
            except SERVICE_REFUSALS as exc:
                self.message_user(request, f"{link}: {refusal_message(exc)}", messages.ERROR)

    def save_model(self, request, obj, form, change):
        note, correction = form.note_given()
        if change:
            changes = {name: form.cleaned_data[name] for name in EVIDENCE_EDITABLE_FIELDS if name in form.changed_data}
            adopt(obj, services.evidence_update(
                link=obj, user=request.user, public_note=note, correction=correction, **changes
            ))
            return
        link = services.evidence_add(
            public_note=note,
            correction=correction,
            claim=obj.claim,
            verdict=obj.verdict,
            url=obj.url,
            user=request.user,
            stance=obj.stance,
            title=obj.title,
            publisher=obj.publisher,
            archived_url=obj.archived_url,
            accessed_at=obj.accessed_at,
            note=obj.note,
        )
        adopt(obj, link)


admin.site.register(Rating, RatingAdmin)
admin.site.register(Tag, TagAdmin)
admin.site.register(EvidenceLink, EvidenceLinkAdmin)

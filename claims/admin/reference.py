"""The reference data curators use: the rating scale, tags and evidence links."""

from __future__ import annotations

from django.contrib import admin

from claims import services
from claims.admin.base import AuditedAdmin, adopt
from claims.models import EvidenceLink, Rating, Tag


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


class EvidenceLinkAdmin(AuditedAdmin):
    list_display = ["__str__", "stance", "claim", "verdict", "publisher", "added_by", "created_at"]
    list_select_related = ["claim", "verdict", "added_by"]
    list_filter = ["stance", "created_at"]
    search_fields = ["url", "title", "publisher"]
    autocomplete_fields = ["claim", "verdict"]
    fields = ["claim", "verdict", "url", "title", "publisher", "stance", "archived_url", "accessed_at", "note", "added_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["added_by"] if obj is None else ["claim", "added_by"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        link = services.evidence_add(
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

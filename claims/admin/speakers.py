"""Speakers in the admin: aliases edited inline, duplicates merged (their claims move), junk
from ingestion deleted when no claim names it, and bulk review."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from claims import services
from claims.admin.base import AuditedAdmin, adopt
from claims.admin.forms import KeepSpeakerForm, SpeakerAliasForm, SpeakerAliasFormSet
from claims.models import Claim, Speaker, SpeakerAlias
from claims.services import normalize_name
from claims.workflow import SPEAKER_PUBLIC_FIELDS, can_change_published, speaker_is_public

# Bulk speaker actions act on at most this many rows per request.
MAX_BULK = 500


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    form = SpeakerAliasForm
    formset = SpeakerAliasFormSet
    fields = ["name"]
    extra = 1


class SpeakerAdmin(AuditedAdmin):
    list_display = ["name", "kind", "role", "affiliation", "country", "alias_names", "reviewed", "claims_link"]
    list_filter = ["kind", "reviewed", "country"]
    search_fields = ["name"]
    search_help_text = "Name or any alias."
    inlines = [SpeakerAliasInline]
    actions = ["mark_reviewed", "merge_speakers", "delete_without_claims"]
    fields = ["name", "kind", "slug", "role", "affiliation", "country", "wikidata_id", "reviewed"]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def get_readonly_fields(self, request, obj=None):
        # How a speaker of a published fact-check is named is published material.
        if obj is not None and not can_change_published(request.user) and speaker_is_public(obj.pk):
            return [*SPEAKER_PUBLIC_FIELDS, *self.readonly_fields]
        return self.readonly_fields

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        matches = Q(name__icontains=term)
        # A search of punctuation only normalises to "", which every alias contains.
        normalized = normalize_name(term)
        if normalized:
            matches |= Q(pk__in=SpeakerAlias.objects.filter(normalized__contains=normalized).values("speaker_id"))
        return queryset.filter(matches), False

    @admin.display(description="aliases")
    def alias_names(self, speaker: Speaker) -> str:
        return ", ".join(a.name for a in speaker.aliases.all() if a.name != speaker.name)

    @admin.display(description="claims")
    def claims_link(self, speaker: Speaker) -> str:
        url = reverse("admin:claims_claim_changelist") + f"?speaker={speaker.pk}"
        return format_html('<a href="{}">Claims</a>', url)

    def save_model(self, request, obj, form, change):
        if change:
            services.speaker_update(speaker=obj, user=request.user, renamed="name" in form.changed_data)
            return
        created = services.speaker_create(
            name=obj.name,
            kind=obj.kind,
            role=obj.role,
            affiliation=obj.affiliation,
            country=obj.country,
            wikidata_id=obj.wikidata_id,
            reviewed=obj.reviewed,
        )
        adopt(obj, created)

    def save_formset(self, request, form, formset, change):
        if formset.model is not SpeakerAlias:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for alias in formset.deleted_objects:
            alias.delete()
        taken = set(SpeakerAlias.objects.filter(speaker=form.instance).values_list("normalized", flat=True))
        for alias in instances:
            alias.normalized = normalize_name(alias.name)
            # speaker_create already recorded the speaker's own name as an alias.
            if alias.pk is None and alias.normalized in taken:
                continue
            alias.save()

    def get_actions(self, request):
        # Django's own "delete selected" would delete speakers with claims (their claims lose
        # their speaker) around the service; `delete_without_claims` refuses those.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        # A speaker whose claims would lose their author is merged, never deleted.
        if obj is not None and Claim.objects.filter(speaker=obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.speaker_delete(speaker=obj, user=request.user)

    @admin.action(description="Mark selected speakers reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        changed = services.speakers_mark_reviewed(speakers=list(queryset[:MAX_BULK]), user=request.user)
        self.message_user(request, f"{changed} speaker{'s' if changed != 1 else ''} marked reviewed.", messages.SUCCESS)

    @admin.action(description="Delete selected speakers that have no claims", permissions=["delete"])
    def delete_without_claims(self, request, queryset):
        deleted, kept = [], []
        for speaker in queryset.order_by("name")[:MAX_BULK]:
            try:
                services.speaker_delete(speaker=speaker, user=request.user)
            except ValidationError:
                kept.append(speaker.name)
            else:
                deleted.append(speaker.name)
        if deleted:
            self.message_user(request, f"Deleted {len(deleted)}: {', '.join(deleted[:20])}.", messages.SUCCESS)
        if kept:
            self.message_user(
                request,
                f"Kept {len(kept)} with claims (merge them instead): {', '.join(kept[:20])}.",
                messages.WARNING,
            )

    @admin.action(description="Merge selected speakers into one …", permissions=["change"])
    def merge_speakers(self, request, queryset):
        speakers = queryset.order_by("name", "pk")
        if len(speakers) < 2:
            self.message_user(request, "Select at least two speakers to merge.", messages.WARNING)
            return None
        form = KeepSpeakerForm(request.POST if "confirm" in request.POST else None, speakers=speakers)
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            others = [s for s in speakers if s.pk != keep.pk]
            services.speaker_merge(keep=keep, others=others, user=request.user)
            self.message_user(
                request,
                f"Merged {', '.join(s.name for s in others)} into {keep.name}; their claims moved.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge speakers",
            "intro": "Choose the speaker to keep. The others are deleted; their claims and aliases "
            "move to the kept speaker and their names become its aliases.",
            "opts": self.model._meta,
            "objects": list(speakers),
            "form": form,
            "action": "merge_speakers",
            "submit_label": "Merge",
            "select_across": request.POST.get("select_across", "0"),
            "cancel_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/claims/confirm_action.html", context)


admin.site.register(Speaker, SpeakerAdmin)

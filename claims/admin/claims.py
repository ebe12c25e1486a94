"""Claims in the admin: the review queue, the claim page and the curator's workflow.

Every write goes through `claims.services`; which status may follow which is asked of
`claims.workflow`, never decided here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import BaseModelFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime

from claims import publication, selectors, services
from claims.admin.base import (
    SERVICE_REFUSALS,
    AuditedAdmin,
    admin_url,
    adopt,
    parse_id,
    refusal_message,
    safe_url,
)
from claims.admin.context import sentence_in_paragraph
from claims.admin.filters import (
    AssigneeFilter,
    PublisherFilter,
    QueueStatusFilter,
    ScoreRangeFilter,
    SourceFilter,
    SpeakerFilter,
)
from claims.admin.forms import (
    PUBLIC_NOTE_FIELDS,
    AssignForm,
    ClaimForm,
    EvidenceFormSet,
    EvidenceLinkForm,
    KeepClaimForm,
    ReasonForm,
    RevisionProposalForm,
)
from claims.admin.matching import fact_check_lines, suggestion_html
from claims.matching.lookup import claim_match
from claims.models import (
    Appearance,
    Claim,
    EvidenceLink,
    MatchSuggestion,
    ReviewQueueClaim,
    Speaker,
    SpeakerAlias,
    Verdict,
)
from claims.search import claim_text_condition
from claims.services import CLAIM_EDITABLE_FIELDS, EVIDENCE_EDITABLE_FIELDS, normalize_name
from claims.workflow import (
    CLAIM_ACTIONS_NEEDING_REASON,
    CLAIM_PUBLIC_FIELDS,
    CLAIM_TRANSITIONS,
    TransitionError,
    available_claim_actions,
    can_change_published,
    claim_assign_refusal,
    claim_is_public,
    claim_verdict_refusal,
)

if TYPE_CHECKING:  # claims does not import sources at run time
    from sources.models import Source

# Bulk refusals beyond this many are summarised in one message instead of one each.
MAX_REFUSAL_MESSAGES = 10
# A bulk action runs one locked transaction per claim inside the request; beyond this many,
# "select all" over a huge filtered list would time out, so it is refused up front.
MAX_BULK = 500
# Appearances listed on the claim page (a claim repeated by thousands of articles shows its newest).
APPEARANCES_SHOWN = 50


def source_link(source: Source) -> str:
    """Link to the source's admin page when the sources admin is installed, else its URL."""
    url = admin_url("sources_source_change", source.pk) or safe_url(source.url)
    label = str(source)
    return format_html('<a href="{}">{}</a>', url, label) if url else label


def reasons_text(reasons: Iterable[str] | None) -> str:
    labels = []
    for reason in reasons or []:
        if isinstance(reason, dict):
            reason = reason.get("label") or reason.get("reason") or reason.get("name") or ""
        if reason:
            labels.append(str(reason))
    return ", ".join(labels)


class AppearanceInline(admin.TabularInline):
    """Where the claim was made; appearances come from ingestion, so they are read here."""

    model = Appearance
    fields = ["source_display", "sentence", "said_on", "speaker_mention", "speaker_role"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = f"appearances (newest {APPEARANCES_SHOWN})"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="source")
    def source_display(self, appearance: Appearance) -> str:
        return source_link(appearance.source)


def locked_for(request: HttpRequest, obj: Claim | Verdict | None) -> bool:
    """Is `obj` (a claim, or a verdict's claim) published material this user may not change?"""
    if obj is None or obj.pk is None or can_change_published(request.user):
        return False
    cache = request.__dict__.setdefault("_published_claims", {})
    claim_id = obj.claim_id if isinstance(obj, Verdict) else obj.pk
    if claim_id not in cache:
        cache[claim_id] = claim_is_public(claim_id)
    return cache[claim_id]


class EvidenceLinkInline(admin.TabularInline):
    """Evidence with its stance; links are added, edited and removed through the services.

    On a published fact-check the evidence is read-only unless the user may change published
    material (`claims.workflow.can_change_published`); others propose a revision instead.
    """

    model = EvidenceLink
    form = EvidenceLinkForm
    formset = EvidenceFormSet
    fk_name = "claim"
    fields = ["url", "title", "publisher", "stance", "archived_url", "accessed_at", "note", "verdict", "added_by"]
    readonly_fields = ["verdict", "added_by"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("verdict", "added_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return not locked_for(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not locked_for(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not locked_for(request, obj) and super().has_delete_permission(request, obj)


class VerdictInline(admin.TabularInline):
    """The claim's verdicts; each is edited on its own page (optimistic locking, workflow)."""

    model = Verdict
    fields = ["headline", "status", "rating", "published_at", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("rating")


def save_evidence_formset(request: HttpRequest, formset: BaseModelFormSet, *, claim: Claim, verdict: Verdict | None = None) -> None:
    """Save an evidence inline through the services (which keep the published-content gate).
    On a published fact-check the page's public note was recorded by the main form's save,
    earlier in this transaction."""
    instances = formset.save(commit=False)
    for link in formset.deleted_objects:
        services.evidence_delete(link=link, user=request.user)
    for link in instances:
        if link.pk is None:
            services.evidence_add(
                claim=claim,
                verdict=verdict,
                url=link.url,
                user=request.user,
                stance=link.stance,
                title=link.title,
                publisher=link.publisher,
                archived_url=link.archived_url,
                accessed_at=link.accessed_at,
                note=link.note,
            )
        else:
            services.evidence_update(
                link=link, user=request.user,
                **{name: getattr(link, name) for name in EVIDENCE_EDITABLE_FIELDS if name != "verdict"},
            )


class CurationListMixin:
    """What the review queue and the list of all claims share: columns, search and actions."""

    list_display = ["claim_text", "speaker", "source", "score_display", "reasons", "status", "assignee", "created_at"]
    list_display_links = ["claim_text"]
    list_per_page = 50
    actions = [
        "accept_claims",
        "reject_claims",
        "start_research_claims",
        "assign_to_me",
        "assign_to_user",
        "merge_claims",
    ]
    # The search itself is get_search_results (full-text on PostgreSQL, plus speaker aliases).
    search_fields = ["text"]
    search_help_text = "Claim text, or a speaker's name or alias."

    def get_queryset(self, request):
        return selectors.claims_for_review()

    def get_list_display(self, request):
        # Column callables never see the request: who may answer picks the column.
        column = "possible_matches" if request.user.has_perm("claims.change_claim") else "possible_matches_readonly"
        return [*super().get_list_display(request), column]

    # Columns: nothing here may query per row (see selectors.claims_for_review).

    @admin.display(description="possible matches")
    def possible_matches(self, claim: Claim) -> str:
        return self._possible_matches(claim, buttons=True)

    @admin.display(description="possible matches")
    def possible_matches_readonly(self, claim: Claim) -> str:
        return self._possible_matches(claim, buttons=False)

    @staticmethod
    def _possible_matches(claim: Claim, *, buttons: bool) -> str:
        suggestions = getattr(claim, "pending_suggestions", None) or []
        return format_html_join("", "{}", ((suggestion_html(s, buttons=buttons),) for s in suggestions))

    @admin.display(description="claim")
    def claim_text(self, claim: Claim) -> str:
        # The whole text: two claims often differ only in a number near the end.
        return claim.text

    @admin.display(description="source")
    def source(self, claim: Claim) -> str:
        appearances = getattr(claim, "latest_appearances", None) or []
        if not appearances:
            return "—"
        source = appearances[0].source
        label = str(source)
        dated = date_format(localtime(source.published_at), "SHORT_DATE_FORMAT") if source.published_at else ""
        url = reverse("admin:claims_claim_changelist") + f"?source={source.pk}"
        return format_html(
            '<a href="{}" title="Claims from this source">{}</a> <span class="source-meta">{} {}</span>',
            url, label, source.publisher, dated,
        )

    @admin.display(description="score", ordering="score")
    def score_display(self, claim: Claim) -> str:
        return f"{claim.score:.2f}"

    @admin.display(description="why")
    def reasons(self, claim: Claim) -> str:
        return reasons_text(claim.score_reasons)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        # The text condition applies to the listed rows themselves, ORed with the speakers and
        # the id: one WHERE that PostgreSQL answers from the claim's text index.
        matches = claim_text_condition(term)
        normalized = normalize_name(term)
        if normalized:
            aliased = SpeakerAlias.objects.filter(normalized__contains=normalized).values("speaker_id")
            speakers = Speaker.objects.filter(Q(name__icontains=term) | Q(pk__in=aliased)).values_list("pk", flat=True)
            matches |= Q(speaker_id__in=list(speakers[:500]))
        claim_id = parse_id(term.lstrip("#"))
        if claim_id is not None:
            matches |= Q(pk=claim_id)
        return queryset.filter(matches), False

    # Bulk actions -------------------------------------------------------------------

    def _report(self, request, verb: str, changed: int, refused: list[tuple[Claim, str]]) -> None:
        if changed:
            noun = "claim" if changed == 1 else "claims"
            self.message_user(request, f"{changed} {noun} {verb}.", messages.SUCCESS)
        for _claim, reason in refused[:MAX_REFUSAL_MESSAGES]:
            self.message_user(request, reason, messages.ERROR)
        if len(refused) > MAX_REFUSAL_MESSAGES:
            self.message_user(
                request, f"… and {len(refused) - MAX_REFUSAL_MESSAGES} more refused.", messages.ERROR
            )

    def _bounded(self, request, queryset) -> list[Claim] | None:
        claims = list(queryset.order_by("pk")[: MAX_BULK + 1])
        if len(claims) > MAX_BULK:
            self.message_user(
                request,
                f"Select at most {MAX_BULK} claims at a time (narrow the list with filters); "
                "nothing was changed.",
                messages.ERROR,
            )
            return None
        return claims

    def _apply(self, request, queryset, action: str, verb: str, reason: str = "") -> None:
        claims = self._bounded(request, queryset)
        if claims is None:
            return
        result = services.claims_apply(claims=claims, action=action, user=request.user, reason=reason)
        self._report(request, verb, len(result.changed), result.refused)

    @admin.action(description="Accept selected claims", permissions=["change"])
    def accept_claims(self, request, queryset):
        self._apply(request, queryset, "accept", "accepted")

    @admin.action(description="Reject selected claims …", permissions=["change"])
    def reject_claims(self, request, queryset):
        form = ReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(request, queryset, "reject", "rejected", reason=form.cleaned_data["reason"])
            return None
        return self._confirmation(
            request,
            queryset.order_by("-score", "pk")[:MAX_BULK],
            form,
            action="reject_claims",
            title="Reject claims",
            intro="Say why these claims are not worth checking; colleagues see the reason on "
            "each claim and in its history.",
            submit_label="Reject",
        )

    @admin.action(description="Mark selected claims in research", permissions=["change"])
    def start_research_claims(self, request, queryset):
        self._apply(request, queryset, "start_research", "marked in research")

    def _assign(self, request, queryset, assignee, *, reassign: bool = False) -> None:
        """`reassign`: the curator chose an assignee on purpose, replacing whoever the list
        showed; "assign to me" takes only unassigned claims (compare-and-set on the assignee)."""
        claims = self._bounded(request, queryset)
        if claims is None:
            return
        changed, refused = 0, []
        for claim in claims:
            try:
                services.claim_assign(
                    claim=claim,
                    assignee=assignee,
                    user=request.user,
                    expected_assignee_id=claim.assignee_id if reassign else None,
                )
                changed += 1
            except TransitionError as exc:
                refused.append((claim, str(exc)))
        who = assignee.get_username() if assignee else "nobody"
        self._report(request, f"assigned to {who}", changed, refused)

    @admin.action(description="Assign selected claims to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        self._assign(request, queryset, request.user)

    @admin.action(description="Assign selected claims to …", permissions=["change"])
    def assign_to_user(self, request, queryset):
        form = AssignForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._assign(request, queryset, form.cleaned_data["assignee"], reassign=True)
            return None
        return self._confirmation(
            request,
            queryset,
            form,
            action="assign_to_user",
            title="Assign claims",
            intro="Assign these claims to:",
            submit_label="Assign",
        )

    @admin.action(description="Merge selected claims into one …", permissions=["change"])
    def merge_claims(self, request, queryset):
        claims = queryset.order_by("-score", "pk")
        if len(claims) < 2:
            self.message_user(request, "Select at least two claims to merge.", messages.WARNING)
            return None
        # The keyboard's "merge into this claim" names the claim to keep; it is preselected.
        initial = {"keep": request.POST.get("keep_hint")} if request.POST.get("keep_hint") else {}
        form = KeepClaimForm(request.POST if "confirm" in request.POST else None, claims=claims, initial=initial)
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            others = [c for c in claims if c.pk != keep.pk]
            try:
                services.claims_merge(keep=keep, others=others, user=request.user)
            except TransitionError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            self.message_user(
                request,
                f"Merged {len(others)} claim(s) into claim #{keep.pk}; they are now its duplicates.",
                messages.SUCCESS,
            )
            return None
        return self._confirmation(
            request,
            claims,
            form,
            action="merge_claims",
            title="Merge claims",
            intro="Choose the claim to keep. The others become duplicates pointing at it; their "
            "appearances and evidence links move to it.",
            submit_label="Merge",
        )

    def _confirmation(self, request, objects, form, *, action, title, intro, submit_label) -> HttpResponse:
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": opts,
            "objects": list(objects),
            "form": form,
            "action": action,
            "submit_label": submit_label,
            "select_across": request.POST.get("select_across", "0"),
            "cancel_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/claims/confirm_action.html", context)


class ClaimAdmin(CurationListMixin, AuditedAdmin):
    list_filter = [
        "status",
        SpeakerFilter,
        SourceFilter,
        PublisherFilter,
        "made_on",
        ScoreRangeFilter,
        AssigneeFilter,
        "tags",
        "origin",
    ]
    # Newest first, along the primary key: sorting every claim by score (the queue's order,
    # backed there by a partial index on candidates) would sort the whole table.
    ordering = ["-pk"]
    form = ClaimForm
    autocomplete_fields = ["speaker", "tags"]
    readonly_fields = [
        "original_sentence",
        "in_context",
        "rejection_reason",
        "status",
        "duplicate_of",
        "score_display",
        "reasons",
        "assignee",
        "origin",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["text", "original_sentence", "in_context", "speaker", "made_on", "tags", "language", "version"]}),
        ("Workflow", {"fields": ["status", "rejection_reason", "assignee", "duplicate_of", "score_display", "reasons", "origin"]}),
        ("Staff only", {"fields": ["internal_note", "created_at", "updated_at"]}),
    ]
    add_fieldsets = [(None, {"fields": ["text", "speaker", "made_on", "tags", "language", "internal_note"]})]
    inlines = [AppearanceInline, EvidenceLinkInline, VerdictInline]
    change_form_template = "admin/claims/claim/change_form.html"

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        fieldsets = self.fieldsets
        if not obj.rejection_reason:
            # The reason line only where there is one (it stays in the history).
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "rejection_reason"]})
                for name, options in fieldsets
            ]
        if publication.claim_is_published(obj.pk) and can_change_published(request.user):
            fieldsets = [
                *fieldsets[:1],
                ("This claim is published: say what you change", {"fields": PUBLIC_NOTE_FIELDS}),
                *fieldsets[1:],
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # What readers see of a published fact-check is read-only to those who may not change
        # it; they propose a revision (the button on the page) for an editor to approve.
        if locked_for(request, obj):
            return [*CLAIM_PUBLIC_FIELDS, *self.readonly_fields]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, AppearanceInline) and obj is not None and obj.pk:
            newest = list(
                Appearance.objects.filter(claim=obj)
                .order_by("-said_on", "-id")
                .values_list("pk", flat=True)[:APPEARANCES_SHOWN]
            )
            kwargs["queryset"] = (
                Appearance.objects.filter(pk__in=newest).select_related("source").order_by("-said_on", "-id")
            )
        return kwargs

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text" and field is not None:
            field.help_text = (
                "The claim in its checkable form, e.g. “Zelensky's approval rating is 4%”. "
                "The sentence it was found in stays as the appearance, below."
            )
            field.widget.attrs.update(rows=3, cols=90)
        return field

    @admin.display(description="original sentence")
    def original_sentence(self, claim: Claim) -> str:
        sentence = self._original_sentence(claim)
        if sentence is None:
            return "—"
        if sentence == claim.text:
            return format_html("<q class=\"original-sentence\">{}</q> <span class=\"help\">(the claim text is still the sentence as found)</span>", sentence)
        return format_html("<q class=\"original-sentence\">{}</q>", sentence)

    @staticmethod
    def _original_sentence(claim: Claim) -> str | None:
        """The sentence the claim was first found in, whatever its text has been edited into."""
        if not claim.pk:
            return None
        if not hasattr(claim, "_first_sentence"):
            claim._first_sentence = (
                Appearance.objects.filter(claim=claim).order_by("created_at", "pk").values_list("sentence", flat=True).first()
            )
        return claim._first_sentence

    @admin.display(description="in its source")
    def in_context(self, claim: Claim) -> str:
        appearances = selectors.claim_in_context(claim, limit=3)
        if not appearances:
            return "No appearance recorded (entered by hand or from a tip)."
        return format_html_join("", "{}", ((self._context_html(a),) for a in appearances))

    @staticmethod
    def _context_html(appearance: Appearance) -> str:
        source = appearance.source
        ctx = sentence_in_paragraph(source.text, appearance.sentence, appearance.start, appearance.end)
        when = source.published_at.date().isoformat() if source.published_at else ""
        original_url = safe_url(source.url)
        original = (
            format_html(' · <a href="{}" rel="noopener noreferrer">original</a>', original_url)
            if original_url
            else ""
        )
        return format_html(
            '<figure class="claim-context"><blockquote>{}<mark>{}</mark>{}</blockquote>'
            "<figcaption>{} {} {}{}</figcaption></figure>",
            ctx.before,
            ctx.sentence,
            ctx.after,
            source_link(source),
            source.publisher,
            when,
            original,
        )

    def save_model(self, request, obj, form, change):
        if change:
            data = form.cleaned_data
            changes = {name: data[name] for name in CLAIM_EDITABLE_FIELDS if name in form.changed_data}
            note, correction = form.note_given()
            saved = services.claim_update(
                claim=obj,
                user=request.user,
                expected_version=data["version"],
                tags=data["tags"] if "tags" in form.changed_data else None,
                note=note,
                correction=correction,
                **changes,
            )
            adopt(obj, saved)
            return
        # Asked before the claim exists, so it cannot find itself.
        match = claim_match(obj.text, speaker=obj.speaker.name if obj.speaker else "")
        created = services.claim_create(
            text=obj.text,
            speaker=obj.speaker,
            made_on=obj.made_on,
            language=obj.language,
            origin=Claim.Origin.MANUAL,
        )
        services.match_suggestions_record_for(claim=created, match=match)
        if obj.internal_note:
            created.internal_note = obj.internal_note
            created._history_user = request.user
            created.save(update_fields=["internal_note"])
        adopt(obj, created)

    def save_related(self, request, form, formsets, change):
        if not change:
            return super().save_related(request, form, formsets, change)
        # Topics are public: they changed with the claim in save_model (its gate, its event),
        # not through save_m2m.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is EvidenceLink:
            save_evidence_formset(request, formset, claim=form.instance)
        else:
            super().save_formset(request, form, formset, change)

    # The claim page's workflow buttons ----------------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{info[0]}_{info[1]}_workflow",
            ),
            path(
                "possible-match/<int:suggestion_id>/decide/",
                self.admin_site.admin_view(self.decide_match_view),
                name=f"{info[0]}_{info[1]}_decide_match",
            ),
            path(
                "<path:object_id>/propose/",
                self.admin_site.admin_view(self.propose_view),
                name=f"{info[0]}_{info[1]}_propose",
            ),
            *super().get_urls(),
        ]

    def decide_match_view(self, request: HttpRequest, suggestion_id: str) -> HttpResponse:
        """A curator's yes/no on a possible match (from the queue or the claim page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        suggestion = MatchSuggestion.objects.filter(pk=suggestion_id).select_related("claim").first()
        if suggestion is None:
            raise Http404("No such possible match.")
        if not self.has_change_permission(request, suggestion.claim):
            raise PermissionDenied
        same = request.POST.get("same") == "1"
        try:
            services.match_suggestion_decide(suggestion=suggestion, same=same, user=request.user)
            if same and suggestion.match_id:
                message = f"Claim #{suggestion.claim_id} merged into claim #{suggestion.match_id}."
            elif same:
                message = f"Claim #{suggestion.claim_id} recorded as the claim the other publisher checked."
            else:
                message = f"Recorded: claim #{suggestion.claim_id} is a different claim."
            self.message_user(request, message, messages.SUCCESS)
        except SERVICE_REFUSALS as exc:
            self.message_user(request, refusal_message(exc), messages.ERROR)
        back = request.META.get("HTTP_REFERER", "")
        if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            return redirect(back)
        return redirect("admin:claims_claim_change", suggestion.claim_id)

    def propose_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A fact-checker proposes a revision of a published claim for an editor to approve."""
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            raise Http404("No such claim.")
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        form = RevisionProposalForm(request.POST if request.method == "POST" else None, claim=claim)
        if form.is_bound and form.is_valid():
            try:
                services.revision_propose(claim=claim, user=request.user, **form.cleaned_data)
            except SERVICE_REFUSALS as exc:
                self.message_user(request, refusal_message(exc), messages.ERROR)
            else:
                self.message_user(request, "Revision proposed: an editor will review it.", messages.SUCCESS)
                return redirect("admin:claims_claim_change", claim.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Propose a revision of claim #{claim.pk}",
            "intro": "This claim is part of a published fact-check, so changes to it are reviewed "
            "by an editor before readers and partners see them.",
            "opts": self.model._meta,
            "objects": [claim],
            "form": form,
            "submit_label": "Propose",
            "cancel_url": reverse("admin:claims_claim_change", args=[claim.pk]),
        }
        return TemplateResponse(request, "admin/claims/confirm_action.html", context)

    def workflow_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """One claim's workflow step (a button on its page), via the same services as bulk."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            raise Http404("No such claim.")
        if not self.has_change_permission(request, claim):
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action in CLAIM_TRANSITIONS:
                claim = services.claim_apply(
                    claim=claim, action=action, user=request.user, reason=request.POST.get("reason", "")
                )
                self.message_user(
                    request, f"Claim #{claim.pk} is now {claim.get_status_display().lower()}.", messages.SUCCESS
                )
            elif action == "accept_and_draft":
                # The "ask" of drafting on a candidate: one deliberate click that accepts it first.
                claim = services.claim_apply(claim=claim, action="accept", user=request.user)
                self.message_user(request, f"Claim #{claim.pk} is now accepted.", messages.SUCCESS)
                return redirect(reverse("admin:claims_verdict_add") + f"?claim={claim.pk}")
            elif action == "use_sentence":
                sentence = self._original_sentence(claim)
                if not sentence:
                    raise TransitionError(f"Claim #{claim.pk} has no sentence from a source to go back to.")
                services.claim_update(claim=claim, user=request.user, expected_version=claim.version, text=sentence)
                self.message_user(request, f"Claim #{claim.pk} reads as its original sentence again.", messages.SUCCESS)
            elif action in ("assign_me", "assign"):
                if action == "assign_me":
                    assignee = request.user
                else:
                    form = AssignForm(request.POST)
                    if not form.is_valid():
                        raise TransitionError("Choose someone who works on claims.")
                    assignee = form.cleaned_data["assignee"]
                expected = request.POST.get("expected_assignee", "")
                services.claim_assign(
                    claim=claim,
                    assignee=assignee,
                    user=request.user,
                    expected_assignee_id=int(expected) if expected.isdigit() else None,
                )
                who = assignee.get_username() if assignee else "nobody"
                self.message_user(request, f"Claim #{claim.pk} assigned to {who}.", messages.SUCCESS)
            else:
                raise TransitionError(f"Unknown claim action {action!r}.")
        except SERVICE_REFUSALS as exc:
            self.message_user(request, refusal_message(exc), messages.ERROR)
        return redirect("admin:claims_claim_change", claim.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if claim is not None:
            can_change = self.has_change_permission(request, claim)
            can_add_verdict = request.user.has_perm("claims.add_verdict")
            sentence = self._original_sentence(claim)
            extra_context.update(
                workflow_url=reverse("admin:claims_claim_workflow", args=[claim.pk]),
                workflow_actions=available_claim_actions(claim) if can_change else [],
                reason_actions=CLAIM_ACTIONS_NEEDING_REASON,
                can_assign=can_change and claim_assign_refusal(claim) is None,
                assign_form=AssignForm(initial={"assignee": claim.assignee_id}),
                can_draft_verdict=can_add_verdict and claim_verdict_refusal(claim) is None,
                can_accept_and_draft=can_add_verdict and can_change and claim.status == Claim.Status.CANDIDATE,
                can_use_sentence=can_change and bool(sentence) and sentence != claim.text and not locked_for(request, claim),
                draft_verdict_url=reverse("admin:claims_verdict_add") + f"?claim={claim.pk}",
                match_panel=self._match_panel(claim, can_decide=can_change),
                propose_url=reverse("admin:claims_claim_propose", args=[claim.pk])
                if can_change and locked_for(request, claim)
                else None,
            )
        return super().change_view(request, object_id, form_url, extra_context)


    @staticmethod
    def _match_panel(claim: Claim, *, can_decide: bool) -> dict:
        panel = selectors.claim_match_panel(claim)
        return {
            "fact_checks": fact_check_lines(panel["suggestions"]),
            "suggestions": [(s, suggestion_html(s, buttons=False, checks=False)) for s in panel["suggestions"]],
            "answered": panel["answered"],
            "can_decide": can_decide,
        }


class ReviewQueueChangeList(ChangeList):
    """Rows of the queue open the claim's own page (with its workflow buttons)."""

    def url_for_result(self, result) -> str:
        return reverse("admin:claims_claim_change", args=[result.pk], current_app=self.model_admin.admin_site.name)


class ReviewQueueAdmin(CurationListMixin, AuditedAdmin):
    """Candidate claims, most check-worthy first (newest first on ties); permissions are Claim's."""

    list_display = ["claim_text", "speaker", "source", "score_display", "reasons", "assignee", "created_at"]
    list_filter = [
        QueueStatusFilter,
        SpeakerFilter,
        SourceFilter,
        PublisherFilter,
        "made_on",
        ScoreRangeFilter,
        AssigneeFilter,
        "tags",
    ]
    # Matches the partial index claim_queue_idx (status = candidate; -score, -created_at).
    ordering = ["-score", "-created_at"]
    change_list_template = "admin/claims/reviewqueueclaim/change_list.html"

    class Media:
        css = {"all": ["claims/admin.css"]}
        js = ["claims/review_queue.js"]

    def get_changelist(self, request, **kwargs):
        return ReviewQueueChangeList

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Review queue", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:claims_claim_change", unquote(object_id))

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.change_claim")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.view_claim") or self.has_change_permission(request, obj)


admin.site.register(Claim, ClaimAdmin)
admin.site.register(ReviewQueueClaim, ReviewQueueAdmin)

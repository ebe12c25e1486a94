"""Revision proposals in the admin: fact-checkers' proposed changes to published fact-checks,
which editors approve (applied through the editor's services) or reject."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from claims import services
from claims.admin.base import SERVICE_REFUSALS, refusal_message, staff_user
from claims.models import RevisionProposal
from claims.workflow import can_change_published

# Everything is read-only here: a proposal changes through approve/reject only.
SHOWN_FIELDS = (
    "claim_link", "current_text", "text", "add_url", "add_title", "add_publisher", "add_stance",
    "remove_link", "note", "proposed_by", "created_at", "status", "decided_by", "decided_at", "decision_note",
)


@admin.register(RevisionProposal)
class RevisionProposalAdmin(admin.ModelAdmin):
    list_display = ["created_at", "claim_link", "summary", "proposed_by", "status", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["claim", "proposed_by", "decided_by", "remove_link"]
    search_fields = ["claim__text", "note", "text"]
    actions = ["approve", "reject"]
    fields = SHOWN_FIELDS
    readonly_fields = SHOWN_FIELDS
    change_form_template = "admin/claims/revisionproposal/change_form.html"

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="claims_revisionproposal_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if proposal is not None:
            extra_context.update(
                can_decide=self.has_publish_permission(request) and proposal.status == RevisionProposal.Status.PENDING,
                decide_url=reverse("admin:claims_revisionproposal_decide", args=[proposal.pk]),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Approve (apply through the editor's services) or reject one proposal."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            raise Http404("No such proposal.")
        if not self.has_publish_permission(request):
            raise PermissionDenied
        note = request.POST.get("note", "")
        decide = {
            "approve": lambda: services.revision_approve(proposal=proposal, editor=staff_user(request), note=note),
            "reject": lambda: services.revision_reject(proposal=proposal, editor=staff_user(request), note=note),
        }.get(request.POST.get("action", ""))
        try:
            if decide is None:
                raise services.TransitionError("Choose approve or reject.")
            decided = decide()
        except SERVICE_REFUSALS as exc:
            self.message_user(request, refusal_message(exc), messages.ERROR)
            return redirect("admin:claims_revisionproposal_change", proposal.pk)
        self.message_user(request, f"Proposal {decided.get_status_display().lower()}.", messages.SUCCESS)
        return redirect("admin:claims_claim_change", proposal.claim_id)

    def has_add_permission(self, request) -> bool:
        return False  # Proposed from the claim's own page ("Propose a revision").

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_change_published(staff_user(request))

    @admin.display(description="claim")
    def claim_link(self, proposal: RevisionProposal) -> str:
        url = reverse("admin:claims_claim_change", args=[proposal.claim_id])
        return format_html('<a href="{}">#{} {}</a>', url, proposal.claim_id, proposal.claim)

    @admin.display(description="published wording")
    def current_text(self, proposal: RevisionProposal) -> str:
        return proposal.claim.text

    @admin.display(description="change")
    def summary(self, proposal: RevisionProposal) -> str:
        parts = []
        if proposal.text:
            parts.append("new wording")
        if proposal.add_url:
            parts.append(f"add {proposal.add_url}")
        if proposal.remove_link_id:
            parts.append(f"remove {proposal.remove_link or 'a link'}")
        return ", ".join(parts) or "—"

    def _decide(self, request, queryset, decide, verb: str) -> None:
        done, refused = 0, []
        for proposal in queryset.order_by("pk"):
            try:
                decide(proposal)
                done += 1
            except SERVICE_REFUSALS as exc:
                refused.append(refusal_message(exc))
        if done:
            self.message_user(request, f"{done} proposal(s) {verb}.", messages.SUCCESS)
        for reason in refused[:10]:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description="Approve and apply the selected proposals", permissions=["publish"])
    def approve(self, request, queryset):
        self._decide(request, queryset, lambda p: services.revision_approve(proposal=p, editor=staff_user(request)), "approved")

    @admin.action(description="Reject the selected proposals", permissions=["publish"])
    def reject(self, request, queryset):
        self._decide(request, queryset, lambda p: services.revision_reject(proposal=p, editor=staff_user(request)), "rejected")

"""Verdicts and corrections in the admin: drafting, review, publication, retraction.

Fact-checkers draft and submit; editors (the `claims.publish_verdict` permission) publish,
send back, retract and correct. The buttons and bulk actions call `claims.services`, which
enforce the workflow of `claims.workflow` and the permissions.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join

from claims import services
from claims.admin.base import SERVICE_REFUSALS, AuditedAdmin, adopt, refusal_message, safe_url
from claims.admin.claims import EvidenceLinkInline, save_evidence_formset
from claims.admin.forms import PUBLIC_NOTE_FIELDS, NoteForm, VerdictForm
from claims.models import Correction, EvidenceLink, Verdict
from claims.search import search_all_verdicts
from claims.services import VERDICT_EDITABLE_FIELDS
from claims.workflow import (
    TransitionError,
    available_verdict_actions,
    can_change_published,
    correction_refusal,
    verdict_deletable,
    verdict_missing_for_publication,
)

VS = Verdict.Status


def preview_url(verdict: Verdict) -> str:
    """The staff-only preview of the public page (built by the public pages)."""
    try:
        return reverse("claims:factcheck_preview", kwargs={"slug": verdict.slug})
    except NoReverseMatch:
        return f"/fact-checks/{verdict.slug}/preview/"


class VerdictEvidenceInline(EvidenceLinkInline):
    fk_name = "verdict"
    fields = ["url", "title", "publisher", "stance", "archived_url", "accessed_at", "note", "added_by"]
    readonly_fields = ["added_by"]
    verbose_name_plural = "evidence links cited by this verdict"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("added_by")


class VerdictAdmin(AuditedAdmin):
    form = VerdictForm
    list_display = ["headline", "claim", "status", "rating", "editor", "published_at", "updated_at"]
    list_select_related = ["claim", "rating", "editor"]
    list_filter = ["status", "rating", "published_at"]
    search_fields = ["headline"]
    search_help_text = "Headline, summary or claim text."
    autocomplete_fields = ["claim"]
    actions = ["submit_verdicts", "publish_verdicts", "send_back_verdicts"]
    inlines = [VerdictEvidenceInline]
    change_form_template = "admin/claims/verdict/change_form.html"
    add_fieldsets = [(None, {"fields": ["claim", "headline", "rating", "summary", "body"]})]
    # Everything on the change form but the editable text is shown read-only: status, dates and
    # authors change only through the workflow buttons (the services).
    publication_fields = [
        "status",
        "missing",
        "slug",
        "authors_list",
        "editor",
        "published_at",
        "retracted_at",
        "retraction_note",
        "corrections_list",
        "updates_list",
    ]
    fieldsets = [
        (None, {"fields": ["claim", "headline", "rating", "summary", "body", "version"]}),
        ("Publication", {"fields": publication_fields}),
        ("All evidence on the claim", {"fields": ["claim_evidence"]}),
    ]
    change_readonly_fields = ["claim", *publication_fields, "claim_evidence"]

    class Media:
        css = {"all": ["claims/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim", "rating", "editor")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if obj.status == VS.PUBLISHED:
            return [*self.fieldsets[:1], ("This fact-check is published: say what you change", {"fields": PUBLIC_NOTE_FIELDS}), *self.fieldsets[1:]]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.change_readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_search_results(self, request, queryset, search_term):
        return search_all_verdicts(queryset, search_term), False

    def view_on_site(self, obj: Verdict) -> str | None:
        return obj.get_absolute_url() if obj.is_public else None

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_change_published(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_public and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and not verdict_deletable(obj):
            return False
        return super().has_delete_permission(request, obj)

    # Read-only panels ------------------------------------------------------------------

    @admin.display(description="still needed to submit or publish")
    def missing(self, verdict: Verdict) -> str:
        if verdict.is_public:
            return "—"
        missing = verdict_missing_for_publication(verdict)
        return ", ".join(missing) if missing else "Nothing: ready to publish."

    @admin.display(description="authors")
    def authors_list(self, verdict: Verdict) -> str:
        return ", ".join(u.get_username() for u in verdict.authors.all()) or "—"

    @admin.display(description="corrections")
    def corrections_list(self, verdict: Verdict) -> str:
        corrections = verdict.corrections.select_related("author")
        if not corrections:
            return "—"
        return format_html_join(
            "", "<p>{}: {} ({})</p>", ((c.corrected_on.date(), c.note, c.author) for c in corrections)
        )

    @admin.display(description="update notes")
    def updates_list(self, verdict: Verdict) -> str:
        notes = verdict.update_notes.select_related("author")
        if not notes:
            return "—"
        return format_html_join("", "<p>{}: {} ({})</p>", ((n.noted_on.date(), n.note, n.author) for n in notes))

    @admin.display(description="evidence links")
    def claim_evidence(self, verdict: Verdict) -> str:
        links = EvidenceLink.objects.filter(claim_id=verdict.claim_id).order_by("created_at")
        rows = [(safe_url(link.url) or "#", link.title or link.url, link.get_stance_display()) for link in links]
        if not rows:
            return "None yet: a verdict needs at least one evidence link before it is published."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li><a href="{}" rel="noopener noreferrer">{}</a> — {}</li>', rows),
        )

    # Saving through the services -----------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.verdict_create(
                claim=data["claim"],
                headline=data["headline"],
                user=request.user,
                rating=data.get("rating"),
                summary=data.get("summary", ""),
                body=data.get("body", ""),
            )
            adopt(obj, created)
            return
        changes = {name: data[name] for name in VERDICT_EDITABLE_FIELDS if name in form.changed_data}
        note, correction = form.note_given()
        if not changes and not note:
            return
        saved = services.verdict_update(
            verdict=obj, expected_version=data["version"], user=request.user, note=note, correction=correction,
            **changes,
        )
        adopt(obj, saved)

    def save_formset(self, request, form, formset, change):
        if formset.model is EvidenceLink:
            save_evidence_formset(request, formset, claim=form.instance.claim, verdict=form.instance)
        else:
            super().save_formset(request, form, formset, change)

    # Workflow buttons ------------------------------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{info[0]}_{info[1]}_workflow",
            ),
            path(
                "<path:object_id>/retract/",
                self.admin_site.admin_view(self.retract_view),
                name=f"{info[0]}_{info[1]}_retract",
            ),
            path(
                "<path:object_id>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name=f"{info[0]}_{info[1]}_correct",
            ),
            *super().get_urls(),
        ]

    def _verdict_or_404(self, request: HttpRequest, object_id: str) -> Verdict:
        verdict = self.get_object(request, unquote(object_id))
        if verdict is None:
            raise Http404("No such verdict.")
        if not self.has_view_or_change_permission(request, verdict):
            raise PermissionDenied
        return verdict

    def workflow_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Submit, send back or publish one verdict (buttons on its page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        verdict = self._verdict_or_404(request, object_id)
        action = request.POST.get("action", "")
        steps = {
            "submit": lambda: services.verdict_submit(verdict=verdict, user=request.user),
            "send_back": lambda: services.verdict_send_back(verdict=verdict, editor=request.user),
            "publish": lambda: services.verdict_publish(verdict=verdict, editor=request.user),
        }
        try:
            if action not in steps:
                raise TransitionError(f"Unknown verdict action {action!r}.")
            done = steps[action]()
            self.message_user(
                request, f"“{done.headline}” is now {done.get_status_display().lower()}.", messages.SUCCESS
            )
        except SERVICE_REFUSALS as exc:
            self.message_user(request, refusal_message(exc), messages.ERROR)
        return redirect("admin:claims_verdict_change", verdict.pk)

    def _note_page(self, request, verdict, form, *, title, intro, submit_label) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.model._meta,
            "objects": [verdict],
            "form": form,
            "submit_label": submit_label,
            "cancel_url": reverse("admin:claims_verdict_change", args=[verdict.pk]),
        }
        return TemplateResponse(request, "admin/claims/confirm_action.html", context)

    def retract_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        verdict = self._verdict_or_404(request, object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        form = NoteForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                services.verdict_retract(verdict=verdict, editor=request.user, note=form.cleaned_data["note"])
            except SERVICE_REFUSALS as exc:
                self.message_user(request, refusal_message(exc), messages.ERROR)
            else:
                self.message_user(request, f"“{verdict.headline}” was retracted.", messages.SUCCESS)
            return redirect("admin:claims_verdict_change", verdict.pk)
        return self._note_page(
            request,
            verdict,
            form,
            title="Retract fact-check",
            intro="The page stays up with a retraction notice in place of the rating. Say why.",
            submit_label="Retract",
        )

    def correct_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        verdict = self._verdict_or_404(request, object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        form = NoteForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                services.correction_add(verdict=verdict, note=form.cleaned_data["note"], editor=request.user)
            except SERVICE_REFUSALS as exc:
                self.message_user(request, refusal_message(exc), messages.ERROR)
            else:
                self.message_user(request, "Correction logged on the public page.", messages.SUCCESS)
            return redirect("admin:claims_verdict_change", verdict.pk)
        return self._note_page(
            request,
            verdict,
            form,
            title="Add a correction",
            intro="Readers see corrections, dated, on the fact-check page and in the corrections feed.",
            submit_label="Add correction",
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        verdict = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if verdict is not None:
            actions = available_verdict_actions(verdict, request.user)
            is_editor = self.has_publish_permission(request)
            extra_context.update(
                workflow_url=reverse("admin:claims_verdict_workflow", args=[verdict.pk]),
                workflow_actions=[t for t in actions if t.action != "retract"],
                retract_url=reverse("admin:claims_verdict_retract", args=[verdict.pk])
                if any(t.action == "retract" for t in actions)
                else None,
                correct_url=reverse("admin:claims_verdict_correct", args=[verdict.pk])
                if is_editor and verdict.is_public
                else None,
                preview_url=preview_url(verdict),
                claim_url=reverse("admin:claims_claim_change", args=[verdict.claim_id]),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # Bulk actions ----------------------------------------------------------------------

    def _bulk(self, request, queryset, step, verb: str) -> None:
        done, refused = 0, []
        for verdict in queryset.order_by("pk"):
            try:
                step(verdict)
                done += 1
            except SERVICE_REFUSALS as exc:
                refused.append(refusal_message(exc))
        if done:
            self.message_user(request, f"{done} verdict(s) {verb}.", messages.SUCCESS)
        for reason in refused[:10]:
            self.message_user(request, reason, messages.ERROR)
        if len(refused) > 10:
            self.message_user(request, f"… and {len(refused) - 10} more refused.", messages.ERROR)

    @admin.action(description="Submit selected verdicts for review", permissions=["change"])
    def submit_verdicts(self, request, queryset):
        self._bulk(request, queryset, lambda v: services.verdict_submit(verdict=v, user=request.user), "submitted for review")

    @admin.action(description="Publish selected verdicts", permissions=["publish"])
    def publish_verdicts(self, request, queryset):
        self._bulk(request, queryset, lambda v: services.verdict_publish(verdict=v, editor=request.user), "published")

    @admin.action(description="Send selected verdicts back to draft", permissions=["publish"])
    def send_back_verdicts(self, request, queryset):
        self._bulk(request, queryset, lambda v: services.verdict_send_back(verdict=v, editor=request.user), "sent back to draft")


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["verdict", "note"]

    def clean_verdict(self):
        verdict = self.cleaned_data["verdict"]
        refusal = correction_refusal(verdict)
        if refusal:
            raise ValidationError(refusal)
        return verdict


class CorrectionAdmin(AuditedAdmin):
    """The public corrections log: append-only (a correction is itself never rewritten)."""

    form = CorrectionForm
    list_display = ["verdict", "corrected_on", "note", "author"]
    list_select_related = ["verdict", "author"]
    list_filter = ["corrected_on"]
    search_fields = ["note", "verdict__headline"]
    autocomplete_fields = ["verdict"]
    fields = ["verdict", "note", "corrected_on", "author"]
    readonly_fields = ["corrected_on", "author"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        correction = services.correction_add(
            verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"], editor=request.user
        )
        adopt(obj, correction)


admin.site.register(Verdict, VerdictAdmin)
admin.site.register(Correction, CorrectionAdmin)

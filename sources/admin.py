"""Sources in the admin: browse what was ingested, see each source's claims, add an article,
fix a source's title, publisher, URL and date.

Adding goes through "Add article" (every "Add" link leads there): it runs the ingestion
pipeline (`sources.services`); a source is never typed in by hand, since its text and
fingerprint are what the claims' offsets point into.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from claims.admin.base import SERVICE_REFUSALS, refusal_message, staff_user
from claims.models import Appearance
from claims.workflow import can_change_published
from sources.models import IngestJob, Source
from sources.readers import RawArticle, read_upload
from sources.services import (
    BatchResult,
    articles_ingest,
    ingest_job_create,
    source_approve,
    source_update,
)


class AppearanceInline(admin.TabularInline):
    model = Appearance
    fk_name = "source"
    extra = 0
    can_delete = False
    show_change_link = False
    fields = ("claim_link", "claim_status", "claim_score", "speaker_mention", "speaker_role", "start")
    readonly_fields = fields
    ordering = ("start",)
    verbose_name = "claim found in this source"
    verbose_name_plural = "claims found in this source"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="claim")
    def claim_link(self, appearance: Appearance) -> str:
        try:
            url = reverse("admin:claims_claim_change", args=[appearance.claim_id])
        except NoReverseMatch:  # the claims admin is not registered in this deployment
            return appearance.sentence
        return format_html('<a href="{}">{}</a>', url, appearance.sentence)

    @admin.display(description="status")
    def claim_status(self, appearance: Appearance) -> str:
        return appearance.claim.get_status_display()

    @admin.display(description="score")
    def claim_score(self, appearance: Appearance) -> str:
        return f"{appearance.claim.score:.2f}"


class SourceForm(forms.ModelForm):
    """A source's metadata as fact-checkers fix it; the text is not edited here."""

    class Meta:
        model = Source
        fields = ["title", "url", "publisher", "author", "published_at", "language", "kind"]

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "")
        clash = Source.objects.filter(url=url).exclude(pk=self.instance.pk).first() if url else None
        if clash is not None:
            raise forms.ValidationError(f"Another source already has this URL: “{clash}” (#{clash.pk}).")
        return url


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ("__str__", "publisher", "published_at", "kind", "claim_count", "ingested_at")
    list_filter = ("kind", "publisher", ("published_at", admin.DateFieldListFilter), "language")
    search_fields = ("title", "url", "publisher", "author")
    date_hierarchy = "published_at"
    # The kind says whether readers may see the source's appearances: it changes only through
    # the "approve" action (an editor vouching for a tip's page), never by editing the form.
    readonly_fields = ("kind", "fingerprint", "ingested_at", "text")
    change_form_template = "admin/sources/source/change_form.html"
    actions = ["approve_sources"]
    fields = ("title", "url", "publisher", "author", "published_at", "language", "kind", "text", "fingerprint", "ingested_at")
    inlines = [AppearanceInline]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("appearances"))

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_change_published(staff_user(request))

    @admin.action(description="Approve the selected tip pages: their appearances become public", permissions=["publish"])
    def approve_sources(self, request, queryset):
        approved = 0
        for source in queryset.filter(kind=Source.Kind.TIP).order_by("pk"):
            try:
                source_approve(source=source, user=request.user)
                approved += 1
            except SERVICE_REFUSALS as exc:
                messages.error(request, refusal_message(exc))
                return
        messages.success(request, f"Approved {approved} page(s); their appearances are now public.")

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, source: Source) -> int:
        return source.claim_total

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        # The plain model form cannot make a source (the text is what ingestion fingerprints),
        # so "Sources › + Add" on the dashboard, the sidebar and the list leads to Add article.
        return HttpResponseRedirect(reverse("admin:sources_source_add_article"))

    def save_model(self, request, obj, form, change):
        source_update(source=obj, user=request.user)

    def get_urls(self):
        custom = [
            path(
                "add-article/",
                self.admin_site.admin_view(self.add_article_view),
                name="sources_source_add_article",
            ),
            path(
                "uploads/<int:job_id>/",
                self.admin_site.admin_view(self.ingest_job_view),
                name="sources_source_ingest_job",
            ),
        ]
        return custom + super().get_urls()

    def add_article_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddArticleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            if len(form.cleaned_data["file"]) > 1:
                # Many files: the worker ingests them; the request only stores them.
                job = ingest_job_create(
                    files=[(f.name, f.chunks()) for f in form.cleaned_data["file"]],
                    user=staff_user(request),
                    metadata=form.metadata(),
                )
                return HttpResponseRedirect(reverse("admin:sources_source_ingest_job", args=[job.pk]))
            batch = articles_ingest(form.articles())
            _report(request, batch)
            if not batch.errors:
                return HttpResponseRedirect(_landing(batch))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Add article",
            "recent_jobs": IngestJob.objects.filter(created_by_id=staff_user(request).pk)[:5],
        }
        return TemplateResponse(request, "admin/sources/source/add_article.html", context)

    def ingest_job_view(self, request: HttpRequest, job_id: int):
        """An upload's progress; the page reloads itself until the worker has finished."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = IngestJob.objects.filter(pk=job_id).first()
        if job is None:
            raise Http404("No such upload.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "job": job,
            "title": "Ingesting uploaded files",
            "queue_url": _landing_many(job),
        }
        return TemplateResponse(request, "admin/sources/source/ingest_job.html", context)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class AddArticleForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16, "cols": 100}), required=False,
                           help_text="Paste the article text, or upload a file below.")
    file = MultipleFileField(
        required=False,
        label="Files",
        help_text=".txt, .html, .json or .jsonl; choose several to ingest them in the background.",
    )
    title = forms.CharField(required=False, max_length=500)
    publisher = forms.CharField(required=False, max_length=200)
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")
    published_at = forms.DateTimeField(required=False, help_text="e.g. 2025-03-02 10:00")

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("Paste the article text or upload a file.")
        if (data.get("text") or "").strip() and data.get("file"):
            raise forms.ValidationError("Paste text or upload a file, not both.")
        return data

    def metadata(self) -> dict:
        data = self.cleaned_data
        metadata = {k: data.get(k) or "" for k in ("title", "publisher", "url")}
        metadata["published_at"] = data.get("published_at")
        return metadata

    def articles(self):
        data = self.cleaned_data
        metadata = self.metadata()
        uploads = data.get("file") or []
        if uploads:
            return read_upload(uploads[0].name, uploads[0].read(), defaults=metadata)
        return [RawArticle(text=data["text"], origin="the pasted text", **metadata)]


def _landing(batch: BatchResult) -> str:
    """After adding an article, its candidates: the review queue filtered to that source."""
    if len(batch.source_ids) == 1:
        try:
            return reverse("admin:claims_reviewqueueclaim_changelist") + f"?source={batch.source_ids[0]}"
        except NoReverseMatch:  # the claims admin is not registered in this deployment
            return reverse("admin:sources_source_change", args=[batch.source_ids[0]])
    return reverse("admin:sources_source_changelist")


def _landing_many(job: IngestJob) -> str | None:
    """Where an upload's candidates are: the review queue (its newest candidates first)."""
    try:
        return reverse("admin:claims_reviewqueueclaim_changelist")
    except NoReverseMatch:
        return None


def _report(request: HttpRequest, batch: BatchResult) -> None:
    for error in batch.errors:
        messages.error(request, error)
    if batch.sources_created:
        messages.success(
            request,
            f"Ingested {batch.sources_created} article(s): {batch.candidates_created} candidate claim(s) "
            f"created, {batch.appearances_added} appearance(s) added to existing claims, "
            f"{batch.speakers_created} new speaker(s).",
        )
    if batch.sources_unchanged:
        messages.warning(request, f"{batch.sources_unchanged} article(s) had already been ingested; nothing changed.")

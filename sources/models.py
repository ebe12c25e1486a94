"""Sources: the documents claims are found in (news articles, transcripts, pages a tip points at)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class SourceKind(models.TextChoices):
    ARTICLE = "article", "News article"
    TIP = "tip", "Page a tip pointed at"
    OTHER = "other", "Other document"


class Source(models.Model):
    Kind = SourceKind
    # Sources whose text the newsroom stands behind: articles it ingested, and documents an
    # editor approved (a tip's page becomes OTHER then). Only their appearances are public;
    # a tip's page is a reader's or partner's say-so until then.
    REVIEWED_KINDS = (SourceKind.ARTICLE, SourceKind.OTHER)

    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    text = models.TextField(blank=True, help_text="The full text as ingested (normalised).")
    fingerprint = models.CharField(
        max_length=64, unique=True, help_text="sha256 of the normalised text; re-ingesting is a no-op."
    )
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-ingested_at"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique"),
            models.CheckConstraint(
                condition=Q(fingerprint__regex=r"^[0-9a-f]{64}$"), name="source_fingerprint_sha256"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["publisher", "-published_at"], name="source_publisher_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Untitled source #{self.pk}"

    @property
    def reviewed(self) -> bool:
        return self.kind in self.REVIEWED_KINDS

    @property
    def display_date(self):
        return self.published_at or self.ingested_at


class IngestJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Finished with errors"


class IngestJob(models.Model):
    """Files uploaded in the admin and ingested by a background task; its row is the progress
    page's data (the task updates it as it goes)."""

    Status = IngestJobStatus

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    upload_dir = models.CharField(max_length=500, help_text="Where the uploaded files wait for the worker.")
    file_names = models.JSONField(default=list, blank=True)
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    sources_created = models.PositiveIntegerField(default=0)
    sources_unchanged = models.PositiveIntegerField(default=0)
    candidates_created = models.PositiveIntegerField(default=0)
    appearances_added = models.PositiveIntegerField(default=0)
    speakers_created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    metadata = models.JSONField(default=dict, blank=True, help_text="Title, publisher, URL, date given for the files.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=IngestJobStatus.values), name="ingestjob_status_valid"),
            models.CheckConstraint(condition=Q(files_done__lte=F("files_total")), name="ingestjob_done_within_total"),
        ]

    def __str__(self) -> str:
        return f"Upload of {self.files_total} file(s) on {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.files_done / self.files_total) if self.files_total else 100

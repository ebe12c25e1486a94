"""Sources: the documents claims are found in (news articles, transcripts, pages a tip points at)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


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
        return self.title or self.url or f"Source {self.pk}"

    @property
    def reviewed(self) -> bool:
        return self.kind in self.REVIEWED_KINDS

    @property
    def display_date(self):
        return self.published_at or self.ingested_at


class ClaimMatchKey(models.Model):
    """One locality-sensitive band key of a claim's wording (see `sources.matching`).

    Claims whose texts are nearly the same share keys with very high probability, so matching
    a new sentence reads only the claims under its own keys.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "claim"], name="claimmatchkey_key_idx")]

    def __str__(self) -> str:
        return f"{self.key} -> claim {self.claim_id}"

"""The fact-checking domain: speakers, claims and where they appeared, ratings, verdicts,
evidence and corrections.

Rules the data must obey are database constraints, so the admin, the API, ingestion and
management commands cannot disagree about them. Workflow transitions live in
`claims.workflow`; writes that touch several rows live in `claims.services`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    GOVERNMENT = "government", "Government body"
    AGENCY = "agency", "Public agency"
    PARTY = "party", "Political party"
    COMPANY = "company", "Company"
    MEDIA = "media", "Media outlet"


class Speaker(models.Model):
    """Who a claim is by: a person or an organisation (ClaimReview `Person` or `Organization`)."""

    Kind = SpeakerKind

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.PERSON,
        # Also the database's default: rows written around the ORM (bulk loads, raw SQL) are people.
        db_default=Kind.PERSON,
        help_text="Set by ingestion from how the source was named; correct it here.",
    )
    slug = models.SlugField(max_length=220, unique=True)
    role = models.CharField(max_length=200, blank=True, help_text="Role or title, e.g. 'Kremlin press secretary'.")
    affiliation = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="e.g. Q7747")
    reviewed = models.BooleanField(
        default=False, help_text="Unreviewed speakers were created automatically by ingestion."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="speaker_wikidata_id_format",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:speaker_detail", kwargs={"slug": self.slug})

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON


class SpeakerAlias(models.Model):
    """Another name the speaker goes by ("Peskov", "Kremlin press secretary Dmitry Peskov").

    `normalized` is the casefolded, whitespace-collapsed form used for matching, unique so
    that one name can only ever resolve to one person.
    """

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "speaker aliases"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(normalized=""), name="alias_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """One step of the rating scale. Labels outside the scale (Misleading, Unproven) have no value."""

    label = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Position on the truth scale (higher is truer); empty for labels outside the scale."
    )
    description = models.TextField(help_text="The published definition readers see on the methodology page.")
    colour = models.CharField(max_length=7, help_text="Hex colour, e.g. #2e7d32")
    position = models.PositiveSmallIntegerField(default=0, help_text="Display order.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="rating_colour_hex"
            ),
            models.UniqueConstraint(fields=["value"], name="rating_value_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def on_scale(self) -> bool:
        return self.value is not None


class ClaimStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    IN_RESEARCH = "in_research", "In research"
    RATED = "rated", "Rated"
    PUBLISHED = "published", "Published"
    DUPLICATE = "duplicate", "Duplicate"


class ClaimOrigin(models.TextChoices):
    INGESTION = "ingestion", "Article ingestion"
    TIP = "tip", "Tip"
    MANUAL = "manual", "Entered by staff"


class Claim(models.Model):
    Status = ClaimStatus
    Origin = ClaimOrigin

    text = models.TextField()
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    made_on = models.DateField(null=True, blank=True, help_text="When the claim was made.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    score = models.FloatField(default=0.0, help_text="Check-worthiness, 0 to 1.")
    score_reasons = models.JSONField(default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    language = models.CharField(max_length=12, default="en")
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    internal_note = models.TextField(blank=True, help_text="Staff only; never published.")
    rejection_reason = models.TextField(
        blank=True, help_text="Why the claim was rejected (staff only; kept in the history)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; a stale version means someone else saved first."
    )

    history = HistoricalRecords(excluded_fields=["score_reasons"])

    class Meta:
        ordering = ["-score", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0.0) & Q(score__lte=1.0), name="claim_score_between_0_and_1"
            ),
            # A duplicate, and only a duplicate, points at the claim it duplicates.
            models.CheckConstraint(
                condition=(Q(status="duplicate") & Q(duplicate_of__isnull=False))
                | (~Q(status="duplicate") & Q(duplicate_of__isnull=True)),
                name="claim_duplicate_has_target",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=F("id")),
                name="claim_not_duplicate_of_itself",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(
                condition=Q(origin__in=ClaimOrigin.values), name="claim_origin_valid"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
        ]
        indexes = [
            # The review queue: candidates by score, newest first on ties.
            models.Index(
                fields=["-score", "-created_at"],
                name="claim_queue_idx",
                condition=Q(status="candidate"),
            ),
            models.Index(fields=["status", "-score"], name="claim_status_score_idx"),
            models.Index(fields=["updated_at"], name="claim_updated_idx"),
            # A speaker's claim ids without touching the table: index-only scans for scorecards
            # and speaker filters (the busiest speaker has tens of thousands of claims).
            models.Index(fields=["speaker", "id"], name="claim_speaker_idx"),
            # The queue filtered by speaker: one speaker's candidates already in queue order
            # (EXPLAIN for the busiest speaker's 22,000 candidates: 76 ms -> 0.9 ms).
            models.Index(
                fields=["speaker", "-score", "-created_at"],
                name="claim_speaker_queue_idx",
                condition=Q(status="candidate"),
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class Appearance(models.Model):
    """Where a claim was made or repeated: one sentence of one source (ClaimReview `appearance`)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="appearances")
    sentence = models.TextField()
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    said_on = models.DateField(null=True, blank=True)
    speaker_mention = models.CharField(
        max_length=300, blank=True, help_text="The speaker as named in the text."
    )
    speaker_role = models.CharField(max_length=200, blank=True, help_text="Role/title seen in the text.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["said_on", "created_at"]
        constraints = [
            # Offsets are both absent (a URL where the claim was seen) or describe the sentence.
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (
                    Q(start__isnull=False)
                    & Q(end__isnull=False)
                    & Q(end__gt=F("start"))
                    & Q(end=F("start") + Length("sentence"))
                ),
                name="appearance_offsets_within_sentence",
            ),
            models.UniqueConstraint(
                fields=["source", "start"],
                condition=Q(start__isnull=False),
                name="appearance_one_claim_per_sentence",
            ),
            models.UniqueConstraint(
                fields=["claim", "source"],
                condition=Q(start__isnull=True),
                name="appearance_unlocated_once_per_source",
            ),
        ]
        indexes = [models.Index(fields=["claim", "said_on"], name="appearance_claim_date_idx")]

    def __str__(self) -> str:
        # Ids only: a row label must not cost a query per appearance.
        return f"Claim #{self.claim_id} in source #{self.source_id}"


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


# The statuses a reader or partner can see.
PUBLIC_VERDICT_STATUS_CHOICES = [
    (VerdictStatus.PUBLISHED.value, VerdictStatus.PUBLISHED.label),
    (VerdictStatus.RETRACTED.value, VerdictStatus.RETRACTED.label),
]


class Verdict(models.Model):
    """The fact-check: a rating of a claim with its explanation."""

    Status = VerdictStatus

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="verdicts"
    )
    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=320, unique=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="The full explanation, in Markdown.")
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="authored_verdicts"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_verdicts",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; a stale version means someone else saved first."
    )
    revision = models.PositiveIntegerField(
        default=0,
        help_text="The public revision: bumped by every publication event of this fact-check.",
    )

    # What full-text search reads for a public fact-check: claim text, headline and summary in
    # one column, so a broad query is one index scan over public verdicts (claims.search).
    search_document = models.TextField(blank=True, default="", editable=False)

    history = HistoricalRecords(m2m_fields=[authors], excluded_fields=["revision", "search_document"])

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [
            ("publish_verdict", "Can publish, retract and correct verdicts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VerdictStatus.values), name="verdict_status_valid"
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="published"),
                name="verdict_one_published_per_claim",
            ),
            # A published or retracted verdict was published at some moment, with a rating.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review"])
                | (Q(published_at__isnull=False) & Q(rating__isnull=False)),
                name="verdict_published_has_date_and_rating",
            ),
            models.CheckConstraint(
                condition=~Q(status="retracted") | Q(retracted_at__isnull=False),
                name="verdict_retracted_has_date",
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="verdict_headline_not_empty"),
            models.CheckConstraint(condition=Q(version__gte=1), name="verdict_version_positive"),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="verdict_published_idx",
                condition=Q(status__in=["published", "retracted"]),
            ),
            models.Index(fields=["updated_at", "id"], name="verdict_updated_idx"),
            # Published verdicts by claim with their rating: the speaker scorecard counts them
            # per rating from this index alone (EXPLAIN: 518 ms -> 61 ms for the top speaker).
            models.Index(
                fields=["claim"],
                include=["rating", "id"],
                name="verdict_published_claim_idx",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("claims:factcheck_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.RETRACTED)

    @property
    def language(self) -> str:
        """A fact-check is written in the language of the claim it checks (set on the claim)."""
        return self.claim.language


class Correction(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="corrections")
    corrected_on = models.DateTimeField()
    note = models.TextField(help_text="Public note saying what was corrected.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()
    # Set before save() to name who made the change; django-simple-history reads it.
    _history_user: AbstractUser | None

    class Meta:
        ordering = ["-corrected_on"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty")]

    def __str__(self) -> str:
        return f"Correction to {self.verdict_id} on {self.corrected_on:%Y-%m-%d}"


class UpdateNote(models.Model):
    """A public, dated note saying what changed in a published fact-check ("added a source").

    Corrections say the fact-check was wrong; an update note says it changed without being
    wrong. Either one is required for an editor's change to a published fact-check.
    """

    verdict = models.ForeignKey(Verdict, on_delete=models.PROTECT, related_name="update_notes")
    noted_on = models.DateTimeField()
    note = models.TextField(help_text="Public note saying what was updated.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-noted_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="update_note_not_empty")]

    def __str__(self) -> str:
        return f"Update to {self.verdict_id} on {self.noted_on:%Y-%m-%d}"


class SpeakerRatingCount(models.Model):
    """How many published fact-checks of a speaker's claims carry a rating: the speaker page's
    scorecard, kept by `claims.publication` in the transaction of every public change (counting
    them on each view joins a speaker's tens of thousands of claims with their verdicts)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+")
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["speaker", "rating"], name="speaker_rating_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_id}/{self.rating_id}: {self.count}"


class PublicationEventKind(models.TextChoices):
    """What happened to a fact-check readers and partners see; partners map these to webhooks."""

    PUBLISHED = "published", "Published"
    UPDATED = "updated", "Updated"
    CORRECTED = "corrected", "Corrected"
    RETRACTED = "retracted", "Retracted"


class PublicationEvent(models.Model):
    """The transactional outbox: one row per public change of one fact-check, written in the
    transaction of the change (`claims.publication`), dispatched to its effects after commit.

    `done` lists the effects already applied, so a crash or a failing effect leaves the rest to
    the next dispatch; `dispatched_at` is set once every effect is done. An event without a
    verdict is a change to public pages that belong to no fact-check (the methodology page).
    """

    Kind = PublicationEventKind

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    verdict = models.ForeignKey(
        Verdict, null=True, blank=True, on_delete=models.PROTECT, related_name="publication_events"
    )
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The fact-check's revision this event made (1, 2, 3 ...)."
    )
    reason = models.CharField(max_length=200, blank=True, help_text="What changed, for the staff log.")
    created_at = models.DateTimeField(auto_now_add=True)
    done = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PublicationEventKind.values), name="publication_event_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(verdict__isnull=True, version__isnull=True)
                | Q(verdict__isnull=False, version__gte=1),
                name="publication_event_version_with_verdict",
            ),
            models.UniqueConstraint(
                fields=["verdict", "version"], name="publication_event_version_once"
            ),
        ]
        indexes = [
            # The sweep reads the undispatched events, oldest first.
            models.Index(fields=["id"], name="publication_event_pending_idx", condition=Q(dispatched_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.verdict_id or 'site'} v{self.version or '-'}"


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports the claim"
    REFUTES = "refutes", "Refutes the claim"
    CONTEXT = "context", "Context"


class EvidenceLink(models.Model):
    Stance = EvidenceStance

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence_links")
    verdict = models.ForeignKey(
        Verdict, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence_links"
    )
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    accessed_at = models.DateField(null=True, blank=True)
    archived_url = models.URLField(max_length=2000, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values), name="evidence_stance_valid"
            ),
            models.UniqueConstraint(fields=["claim", "url"], name="evidence_url_once_per_claim"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class EvidenceSnapshot(models.Model):
    """A copy of an evidence page as the archiver fetched it, so a fact-check survives link rot.

    The id is a random UUID: snapshot URLs are shareable but not enumerable.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey(EvidenceLink, on_delete=models.CASCADE, related_name="snapshots")
    requested_url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, help_text="Where redirects led.")
    fetched_at = models.DateTimeField()
    http_status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True, help_text="Readable text extracted from the page.")
    content = models.BinaryField(help_text="The bytes exactly as served.")

    class Meta:
        ordering = ["-fetched_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="snapshot_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(http_status__gte=200, http_status__lt=300), name="snapshot_status_2xx"
            ),
        ]
        indexes = [models.Index(fields=["link", "-fetched_at"], name="snapshot_link_idx")]

    def __str__(self) -> str:
        return f"{self.final_url} at {self.fetched_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("evidence_snapshot", args=[self.pk])


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    APPROVED = "approved", "Approved and applied"
    REJECTED = "rejected", "Rejected"


class RevisionProposal(models.Model):
    """A fact-checker's proposed change to a published fact-check's claim or evidence.

    Fact-checkers cannot change published material themselves (`claims.workflow`); an editor
    approves a proposal, which applies it through the editor's own services, or rejects it.
    """

    Status = ProposalStatus

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="revision_proposals")
    text = models.TextField(blank=True, help_text="The claim's new wording; empty leaves it as it is.")
    add_url = models.URLField(max_length=2000, blank=True, help_text="An evidence link to add.")
    add_title = models.CharField(max_length=300, blank=True)
    add_publisher = models.CharField(max_length=200, blank=True)
    add_stance = models.CharField(max_length=10, choices=EvidenceStance.choices, default=EvidenceStance.CONTEXT)
    remove_link = models.ForeignKey(
        "EvidenceLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An evidence link to remove.",
    )
    note = models.TextField(help_text="Why: what the editor needs to know to approve it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(condition=~Q(note=""), name="proposal_note_not_empty"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="proposal_decided_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="proposal_status_idx")]

    def __str__(self) -> str:
        return f"Revision of claim #{self.claim_id} ({self.get_status_display().lower()})"


class ReviewQueueClaim(Claim):
    """The curators' review queue in the admin: the same claims, listed candidates first.

    A proxy gives the queue its own admin page; permissions are those of `Claim`.
    """

    class Meta:
        proxy = True
        verbose_name = "queued claim"
        verbose_name_plural = "review queue"


class ClaimEmbedding(models.Model):
    """A claim's wording as a sentence vector (`claims.matching.embedding`), read by matching.

    Kept beside the claim rather than on it: claim lists never load 1 KB of floats per row,
    and history does not copy them. A claim without one is embedded when matching reads it.
    """

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=60, help_text="Which embedding model wrote the vector.")
    vector = models.BinaryField(help_text="Little-endian float32, unit length.")

    def __str__(self) -> str:
        return f"vector of claim {self.claim_id}"


class ClaimWords(models.Model):
    """A claim's wording as a tsvector (PostgreSQL), which lexical retrieval matches and ranks
    (`claims.matching.lexical`); stored so ranking never re-parses claim text (ts_rank over
    to_tsvector(text) cost 300 ms a lookup at 10,000 claims). Empty on SQLite, whose FTS5 index
    keeps its own.

    A narrow table of its own: a lookup reads a few thousand of these rows, and beside a 1 KB
    vector each was a page of its own (1.3 GB for a million claims; 186 MB alone).
    """

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="+")
    words = SearchVectorField(editable=False)

    def __str__(self) -> str:
        return f"words of claim {self.claim_id}"


class ExternalFactCheck(models.Model):
    """Another publisher's fact-check, imported from its ClaimReview markup.

    Matching searches these too, so curators see "already checked by …" beside our own work;
    they are never published as ours.
    """

    review_url = models.URLField(max_length=2000, unique=True, help_text="The publisher's fact-check page.")
    publisher_name = models.CharField(max_length=200, blank=True)
    publisher_url = models.URLField(max_length=2000, blank=True)
    rating_text = models.CharField(max_length=200, blank=True, help_text="The publisher's own rating words.")
    reviewed_on = models.DateField(null=True, blank=True)
    claim_text = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    vector = models.BinaryField(blank=True, editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = "external fact-check"
        constraints = [
            models.CheckConstraint(condition=~Q(claim_text=""), name="external_claim_text_not_empty"),
        ]

    def __str__(self) -> str:
        who = self.publisher_name or "another publisher"
        return f"{who}: {self.rating_text or 'rated'}"


class MatchDecision(models.TextChoices):
    PENDING = "pending", "Awaiting a curator"
    CONFIRMED = "confirmed", "Same claim"
    REJECTED = "rejected", "Different claim"


class MatchSuggestion(models.Model):
    """"Possible match of claim #N — same claim?": a wording matching found close to an
    existing claim (or to another publisher's fact-check) but would not merge on its own.

    A curator's answer is kept: confirmed and rejected pairs are labelled data for measuring
    the matcher (`evaluate_matching --decisions`).
    """

    Decision = MatchDecision

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_suggestions")
    match = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    external = models.ForeignKey(
        ExternalFactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    similarity = models.FloatField()
    differences = models.JSONField(default=list, blank=True, help_text="Slots only one wording states.")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-similarity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(match__isnull=False) & Q(external__isnull=True))
                | (Q(match__isnull=True) & Q(external__isnull=False)),
                name="suggestion_one_target",
            ),
            models.CheckConstraint(
                condition=Q(match__isnull=True) | ~Q(match=F("claim")), name="suggestion_not_itself"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=MatchDecision.values), name="suggestion_decision_valid"
            ),
            models.UniqueConstraint(
                fields=["claim", "match"], condition=Q(match__isnull=False), name="suggestion_claim_once"
            ),
            models.UniqueConstraint(
                fields=["claim", "external"], condition=Q(external__isnull=False), name="suggestion_external_once"
            ),
        ]
        indexes = [models.Index(fields=["claim", "decision"], name="suggestion_claim_idx")]

    def __str__(self) -> str:
        target = f"claim {self.match_id}" if self.match_id else f"external {self.external_id}"
        return f"claim {self.claim_id} ~ {target} ({self.decision})"

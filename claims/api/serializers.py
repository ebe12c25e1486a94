"""What the partner API shows. Every field here is public; staff-only fields live in the Staff*
serializers and are added only for staff sessions. Serializers read what the selectors have
already loaded and never query on their own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.bylines import public_name, public_names
from claims.claimreview import absolute_url, has_claim_review
from claims.models import (
    PUBLIC_VERDICT_STATUS_CHOICES,
    Appearance,
    Claim,
    Correction,
    EvidenceLink,
    Rating,
    Speaker,
    Tag,
    UpdateNote,
    Verdict,
)
from claims.selectors import LIST_APPEARANCES, LISTED_APPEARANCES


def person_name(user: AbstractUser | None) -> str:
    return public_name(user)


class RatingSerializer(serializers.ModelSerializer):
    on_scale = serializers.BooleanField(read_only=True)

    class Meta:
        model = Rating
        fields = ["slug", "label", "value", "description", "colour", "position", "on_scale"]


class RatingSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["slug", "label", "value", "colour"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


class SpeakerSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The speaker's public page.")

    class Meta:
        model = Speaker
        fields = ["id", "slug", "name", "kind", "role", "affiliation", "country", "wikidata_id", "url"]

    def get_url(self, speaker: Speaker) -> str:
        return absolute_url(speaker.get_absolute_url())


class SourceSerializer(serializers.Serializer):
    url = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class AppearanceSerializer(serializers.ModelSerializer):
    source = SourceSerializer()

    class Meta:
        model = Appearance
        fields = ["sentence", "said_on", "speaker_mention", "speaker_role", "source"]


class EvidenceLinkSerializer(serializers.ModelSerializer):
    archived_url = serializers.CharField(help_text="A copy in a web archive, or empty.")

    class Meta:
        model = EvidenceLink
        fields = ["url", "title", "publisher", "stance", "archived_url", "accessed_at"]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["corrected_on", "note"]


class UpdateNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = UpdateNote
        fields = ["noted_on", "note"]


class FactCheckClaimSerializer(serializers.ModelSerializer):
    speaker = SpeakerSummarySerializer(allow_null=True)
    tags = TagSerializer(many=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "made_on", "language", "speaker", "tags"]


class FactCheckSerializer(serializers.ModelSerializer):
    """A published (or retracted) fact-check with everything a partner page needs."""

    url = serializers.SerializerMethodField(help_text="The public fact-check page.")
    claim_review_url = serializers.SerializerMethodField(
        help_text="This fact-check as ClaimReview JSON-LD; null once retracted (a retraction carries no ClaimReview)."
    )
    rating = RatingSummarySerializer()
    claim = FactCheckClaimSerializer()
    appearance_count = serializers.IntegerField(help_text="How many public appearances the claim has.")
    appearances = AppearanceSerializer(
        many=True, source="claim.appearances", help_text="Where the claim was made or repeated, oldest first."
    )
    evidence_links = EvidenceLinkSerializer(many=True, source="claim.evidence_links")
    corrections = CorrectionSerializer(many=True)
    updates = UpdateNoteSerializer(
        many=True, source="update_notes", help_text="Public notes of changes that were not corrections, newest first."
    )
    revision = serializers.IntegerField(
        read_only=True, help_text="Goes up by one with every public change (the `version` of its webhooks)."
    )
    authors = serializers.SerializerMethodField()
    editor = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        choices=PUBLIC_VERDICT_STATUS_CHOICES,
        help_text="`retracted` fact-checks stay listed so partners can take their copy down.",
    )

    class Meta:
        model = Verdict
        fields = [
            "id",
            "slug",
            "url",
            "claim_review_url",
            "status",
            "headline",
            "summary",
            "body",
            "rating",
            "claim",
            "appearance_count",
            "appearances",
            "evidence_links",
            "corrections",
            "updates",
            "authors",
            "editor",
            "published_at",
            "updated_at",
            "revision",
            "retracted_at",
            "retraction_note",
        ]

    def get_url(self, verdict: Verdict) -> str:
        return absolute_url(verdict.get_absolute_url())

    def get_claim_review_url(self, verdict: Verdict) -> str | None:
        if not has_claim_review(verdict):
            return None  # retracted: no markup (see claims.claimreview.has_claim_review)
        return absolute_url(reverse("api:factcheck-claimreview", kwargs={"id_or_slug": verdict.pk}))

    def get_authors(self, verdict: Verdict) -> list[str]:
        return public_names(verdict.authors.all())

    def get_editor(self, verdict: Verdict) -> str:
        return person_name(verdict.editor)


class FactCheckListItemSerializer(FactCheckSerializer):
    """A fact-check on a list page: as the detail, but with the first few appearances."""

    appearances = AppearanceSerializer(
        many=True,
        source=f"claim.{LISTED_APPEARANCES}",
        help_text=(
            f"The first {LIST_APPEARANCES} appearances, oldest first; `appearance_count` says how many "
            "there are and the fact-check's detail (`/fact-checks/{id}/`) lists them all."
        ),
    )


class PublicVerdictSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    rating = RatingSummarySerializer()

    class Meta:
        model = Verdict
        fields = ["id", "slug", "url", "status", "headline", "rating", "published_at", "retracted_at"]

    def get_url(self, verdict: Verdict) -> str:
        return absolute_url(verdict.get_absolute_url())


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as partners see it (only claims with a public fact-check are listed).

    Staff sessions additionally get `status`, `origin`, `score`, `score_reasons`,
    `duplicate_of`, `assignee` and `internal_note`.
    """

    speaker = SpeakerSummarySerializer(allow_null=True)
    tags = TagSerializer(many=True)
    appearances = AppearanceSerializer(many=True)
    fact_checks = PublicVerdictSummarySerializer(
        many=True, source="public_verdicts", help_text="Published and retracted fact-checks of this claim."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "made_on",
            "language",
            "speaker",
            "tags",
            "appearances",
            "fact_checks",
            "created_at",
            "updated_at",
        ]


class StaffClaimSerializer(ClaimSerializer):
    assignee = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "status",
            "origin",
            "score",
            "score_reasons",
            "duplicate_of",
            "assignee",
            "internal_note",
        ]

    def get_assignee(self, claim: Claim) -> str | None:
        return claim.assignee.get_username() if claim.assignee is not None else None


class RatingCountSerializer(serializers.Serializer):
    rating = serializers.CharField(help_text="Rating slug.")
    label = serializers.CharField()
    count = serializers.IntegerField()


class SpeakerSerializer(SpeakerSummarySerializer):
    rating_counts = serializers.SerializerMethodField(
        help_text="Published fact-checks of this speaker's claims, per rating, in scale order."
    )
    fact_check_count = serializers.SerializerMethodField()

    class Meta(SpeakerSummarySerializer.Meta):
        fields = [*SpeakerSummarySerializer.Meta.fields, "rating_counts", "fact_check_count", "updated_at"]

    @extend_schema_field(RatingCountSerializer(many=True))
    def get_rating_counts(self, speaker: Speaker) -> list[dict[str, Any]]:
        return self.context["rating_counts"].get(speaker.pk, [])

    def get_fact_check_count(self, speaker: Speaker) -> int:
        return sum(row["count"] for row in self.context["rating_counts"].get(speaker.pk, []))


# ClaimReview ---------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.OBJECT)
class ClaimReviewField(serializers.Field):
    def to_representation(self, value):
        return value


CLAIM_REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "schema.org ClaimReview (JSON-LD).",
    "required": ["@context", "@type", "url", "claimReviewed", "datePublished", "author", "itemReviewed"],
    "properties": {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "headline": {"type": "string"},
        "inLanguage": {"type": "string", "description": "The fact-check's language (BCP 47), that of its claim."},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string"},
        "dateModified": {"type": "string"},
        "author": {
            "type": "object",
            "properties": {"@type": {"type": "string"}, "name": {"type": "string"}, "url": {"type": "string"}},
            "required": ["@type", "name"],
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": {
                    "type": "object",
                    "required": ["@type", "name"],
                    "properties": {
                        "@type": {"type": "string", "enum": ["Person"]},
                        "name": {"type": "string"},
                        "jobTitle": {"type": "string"},
                        "sameAs": {"type": "string", "format": "uri"},
                    },
                },
                "datePublished": {"type": "string"},
                "firstAppearance": {"type": "object"},
                "appearance": {"type": "array", "items": {"type": "object"}},
            },
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "alternateName": {"type": "string"},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
            },
        },
    },
}


# Google Fact Check Tools compatible claims:search --------------------------------------


class GooglePublisherSerializer(serializers.Serializer):
    name = serializers.CharField()
    site = serializers.CharField()


class GoogleClaimReviewSerializer(serializers.Serializer):
    publisher = GooglePublisherSerializer()
    url = serializers.CharField()
    title = serializers.CharField()
    reviewDate = serializers.DateTimeField()  # noqa: N815 - Google's field names
    textualRating = serializers.CharField()  # noqa: N815
    languageCode = serializers.CharField()  # noqa: N815


class GoogleClaimSerializer(serializers.Serializer):
    text = serializers.CharField()
    claimant = serializers.CharField(required=False)
    claimDate = serializers.DateTimeField(required=False)  # noqa: N815
    claimReview = GoogleClaimReviewSerializer(many=True)  # noqa: N815


class GoogleSearchResponseSerializer(serializers.Serializer):
    claims = GoogleClaimSerializer(many=True)
    nextPageToken = serializers.CharField(required=False)  # noqa: N815


# Each skipped row is read and dropped: deep offsets cost a scan, cursors never do.
MAX_GOOGLE_OFFSET = 10_000


class GoogleSearchParamsSerializer(serializers.Serializer):
    query = serializers.CharField(required=False, max_length=200, help_text="Full-text query.")
    languageCode = serializers.RegexField(  # noqa: N815
        r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", required=False, help_text="BCP-47 language, e.g. `en` or `en-US`."
    )
    maxAgeDays = serializers.IntegerField(required=False, min_value=1, max_value=36500)  # noqa: N815
    pageSize = serializers.IntegerField(required=False, min_value=1, max_value=100, default=10)  # noqa: N815
    pageToken = serializers.CharField(required=False, max_length=500)  # noqa: N815
    offset = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_GOOGLE_OFFSET,
        help_text=f"Results to skip when there is no `pageToken` (at most {MAX_GOOGLE_OFFSET}; page deeper with `pageToken`).",
    )
    reviewPublisherSiteFilter = serializers.CharField(  # noqa: N815
        required=False,
        max_length=253,
        help_text="Only reviews published on this site, e.g. `example.org`: ours match, any other site has none.",
    )

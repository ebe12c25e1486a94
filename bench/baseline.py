"""The baseline: the fact-check endpoint built the default way, as a first DRF tutorial would.

ModelViewSet + nested ModelSerializers, no select_related/prefetch_related, the default
PageNumberPagination (which counts every matching row), SearchFilter's icontains. It lives only
in the benchmark (mounted by bench/urls.py) so the product's endpoint can be compared with it.
Its permission is AllowAny: it skips the API key check ours pays for, which only flatters it.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, pagination, permissions, serializers, viewsets

from claims.claimreview import claim_review
from claims.models import Appearance, Claim, Correction, EvidenceLink, Rating, Speaker, Tag, Verdict
from sources.models import Source


class Pagination(pagination.PageNumberPagination):
    page_size = 50


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "slug", "name", "role", "affiliation", "country", "wikidata_id"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


class ClaimSerializer(serializers.ModelSerializer):
    speaker = SpeakerSerializer()
    tags = TagSerializer(many=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "made_on", "language", "speaker", "tags"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["slug", "label", "value", "colour"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "published_at"]


class AppearanceSerializer(serializers.ModelSerializer):
    source = SourceSerializer()

    class Meta:
        model = Appearance
        fields = ["sentence", "said_on", "speaker_mention", "speaker_role", "source"]


class EvidenceLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceLink
        fields = ["url", "title", "publisher", "stance", "archived_url", "accessed_at"]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["corrected_on", "note"]


class FactCheckSerializer(serializers.ModelSerializer):
    rating = RatingSerializer()
    claim = ClaimSerializer()
    appearances = AppearanceSerializer(many=True, source="claim.appearances")
    evidence_links = EvidenceLinkSerializer(many=True, source="claim.evidence_links")
    corrections = CorrectionSerializer(many=True)
    authors = serializers.StringRelatedField(many=True)
    editor = serializers.StringRelatedField()

    class Meta:
        model = Verdict
        fields = [
            "id", "slug", "status", "headline", "summary", "body", "rating", "claim", "appearances",
            "evidence_links", "corrections", "authors", "editor", "published_at", "updated_at",
            "retracted_at", "retraction_note",
        ]


class ClaimReviewSerializer(serializers.BaseSerializer):
    def to_representation(self, verdict):
        return claim_review(verdict)


class FactCheckViewSet(viewsets.ModelViewSet):
    queryset = Verdict.objects.filter(status__in=["published", "retracted"]).order_by("-published_at", "-id")
    serializer_class = FactCheckSerializer
    pagination_class = Pagination
    permission_classes = [permissions.AllowAny]
    filter_backends = [DjangoFilterBackend, filters.SearchFilter]
    filterset_fields = {
        "rating__slug": ["exact"],
        "claim__speaker__slug": ["exact"],
        "claim__tags__slug": ["exact"],
        "claim__language": ["exact"],
        "published_at": ["gte", "lt"],
        "updated_at": ["gte"],
    }
    search_fields = ["headline", "summary", "claim__text"]


class ClaimReviewViewSet(FactCheckViewSet):
    serializer_class = ClaimReviewSerializer

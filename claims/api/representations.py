"""The partner API's hot read paths as plain functions building dicts.

The DRF serializers in `claims.api.serializers` stay the declared contract (they drive the
OpenAPI schema and the writes); these functions build the same JSON for the fact-check list
and detail without DRF's per-field machinery, which cost most of a list page's time
(~1,000 nested objects a page). `tests/claims/test_api_representations.py` holds the two to
the same output, so the schema cannot drift from what is served.

They read only what `claims.selectors.public_verdicts()` has loaded and never query.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from claims.claimreview import absolute_url
from claims.models import Appearance, Speaker, Verdict
from claims.selectors import LISTED_APPEARANCES

# DRF's own field formats (time zone and the `Z` suffix), applied once per value.
_datetime = serializers.DateTimeField().to_representation
_date = serializers.DateField().to_representation


def _dt(value) -> str | None:
    return _datetime(value) if value is not None else None


def _d(value) -> str | None:
    return _date(value) if value is not None else None


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def speaker_summary(speaker: Speaker | None) -> dict[str, Any] | None:
    if speaker is None:
        return None
    return {
        "id": speaker.pk,
        "slug": speaker.slug,
        "name": speaker.name,
        "role": speaker.role,
        "affiliation": speaker.affiliation,
        "country": speaker.country,
        "wikidata_id": speaker.wikidata_id,
        "url": absolute_url(speaker.get_absolute_url()),
    }


def appearance(row: Appearance) -> dict[str, Any]:
    source = row.source
    return {
        "sentence": row.sentence,
        "said_on": _d(row.said_on),
        "speaker_mention": row.speaker_mention,
        "speaker_role": row.speaker_role,
        "source": {
            "url": source.url,
            "title": source.title,
            "publisher": source.publisher,
            "published_at": _dt(source.published_at),
        },
    }


def _appearances(claim) -> list[Appearance]:
    listed = getattr(claim, LISTED_APPEARANCES, None)  # a list page's bounded prefetch
    return listed if listed is not None else list(claim.appearances.all())


def fact_check(verdict: Verdict) -> dict[str, Any]:
    """One fact-check as `FactCheckSerializer` renders it: the appearances are those the
    queryset prefetched (all of them for the detail, the first few for a list page)."""
    claim = verdict.claim
    rating = verdict.rating
    return {
        "id": verdict.pk,
        "slug": verdict.slug,
        "url": absolute_url(verdict.get_absolute_url()),
        "claim_review_url": absolute_url(reverse("api:factcheck-claimreview", kwargs={"pk": verdict.pk})),
        "status": verdict.status,
        "headline": verdict.headline,
        "summary": verdict.summary,
        "body": verdict.body,
        "rating": {"slug": rating.slug, "label": rating.label, "value": rating.value, "colour": rating.colour},
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "made_on": _d(claim.made_on),
            "language": claim.language,
            "speaker": speaker_summary(claim.speaker),
            "tags": [{"slug": t.slug, "name": t.name} for t in claim.tags.all()],
        },
        "appearance_count": verdict.appearance_count,
        "appearances": [appearance(a) for a in _appearances(claim)],
        "evidence_links": [
            {
                "url": e.url,
                "title": e.title,
                "publisher": e.publisher,
                "stance": e.stance,
                "archived_url": e.archived_url,
                "accessed_at": _d(e.accessed_at),
            }
            for e in claim.evidence_links.all()
        ],
        "corrections": [{"corrected_on": _dt(c.corrected_on), "note": c.note} for c in verdict.corrections.all()],
        "authors": [person_name(u) for u in verdict.authors.all()],
        "editor": person_name(verdict.editor),
        "published_at": _dt(verdict.published_at),
        "updated_at": _dt(verdict.updated_at),
        "retracted_at": _dt(verdict.retracted_at),
        "retraction_note": verdict.retraction_note,
    }

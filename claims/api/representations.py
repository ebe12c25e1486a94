"""The partner API's hot read paths as plain functions building dicts from `values()` rows.

The DRF serializers in `claims.api.serializers` stay the declared contract (they drive the
OpenAPI schema and the writes); these functions build the same JSON for the fact-check list
and detail without DRF's per-field machinery or model instances, which cost most of a list
page's time (~600 objects a page). `tests/claims/test_api_list_shape.py` holds the two to the
same output, so the schema cannot drift from what is served.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from claims.bylines import name_from_parts
from claims.claimreview import absolute_url, claim_review_applies
from claims.models import Correction, EvidenceLink, Tag, UpdateNote, Verdict
from claims.selectors import public_appearance_count, public_appearance_rows

# DRF's own field formats (time zone and the `Z` suffix), applied once per value.
_datetime = serializers.DateTimeField().to_representation
_date = serializers.DateField().to_representation


def _dt(value) -> str | None:
    return _datetime(value) if value is not None else None


def _d(value) -> str | None:
    return _date(value) if value is not None else None


def _grouped(rows, key: str, build) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(build(row))
    return grouped


class _Urls:
    """Absolute URLs by string formatting: `reverse()` once per page, not three times a row
    (slugs and ids are URL-safe, so the formatted path is the one `reverse()` would give)."""

    def __init__(self) -> None:
        self.factcheck = absolute_url(reverse("claims:factcheck_detail", kwargs={"slug": "SLUG"})).replace("SLUG", "{}")
        self.claim_review = absolute_url(
            reverse("api:factcheck-claimreview", kwargs={"id_or_slug": "123"})
        ).replace("123", "{}")
        self.speaker = absolute_url(reverse("claims:speaker_detail", kwargs={"slug": "SLUG"})).replace("SLUG", "{}")


_VERDICT_FIELDS = (
    "id", "slug", "status", "headline", "summary", "body", "published_at", "updated_at", "retracted_at",
    "retraction_note", "claim_id", "claim__text", "claim__made_on", "claim__language", "claim__speaker_id",
    "claim__speaker__slug", "claim__speaker__name", "claim__speaker__kind", "claim__speaker__role", "claim__speaker__affiliation",
    "claim__speaker__country", "claim__speaker__wikidata_id", "rating__slug", "rating__label", "rating__value",
    "rating__colour", "editor__first_name", "editor__last_name", "revision",
)


def fact_checks(verdict_ids: list[int], *, appearance_limit: int | None) -> list[dict[str, Any]]:
    """Fact-checks as `FactCheckSerializer` renders them, in the order of `verdict_ids`, from
    seven `values()` queries (no model instances): the verdicts with their claim, speaker, rating
    and editor, then tags, appearances (the first `appearance_limit` of each, or all), evidence,
    corrections, update notes and authors for all of them at once."""
    if not verdict_ids:
        return []
    urls = _Urls()
    rows = {
        row["id"]: row
        for row in Verdict.objects.filter(pk__in=verdict_ids)
        .annotate(appearance_count=public_appearance_count())
        .values(*_VERDICT_FIELDS, "appearance_count")
    }
    claim_ids = {row["claim_id"] for row in rows.values()}
    tags = _grouped(
        Tag.objects.filter(claims__in=claim_ids).order_by("name").values("claims", "slug", "name"),
        "claims",
        lambda t: {"slug": t["slug"], "name": t["name"]},
    )
    appearances = _grouped(
        public_appearance_rows(claim_ids, limit=appearance_limit),
        "claim_id",
        lambda a: {
            "sentence": a["sentence"],
            "said_on": _d(a["said_on"]),
            "speaker_mention": a["speaker_mention"],
            "speaker_role": a["speaker_role"],
            "source": {
                "url": a["source__url"],
                "title": a["source__title"],
                "publisher": a["source__publisher"],
                "published_at": _dt(a["source__published_at"]),
            },
        },
    )
    evidence = _grouped(
        EvidenceLink.objects.filter(claim_id__in=claim_ids)
        .order_by("id")
        .values("claim_id", "url", "title", "publisher", "stance", "archived_url", "accessed_at"),
        "claim_id",
        lambda e: {
            "url": e["url"],
            "title": e["title"],
            "publisher": e["publisher"],
            "stance": e["stance"],
            "archived_url": e["archived_url"],
            "accessed_at": _d(e["accessed_at"]),
        },
    )
    corrections = _grouped(
        Correction.objects.filter(verdict_id__in=verdict_ids)
        .order_by("-corrected_on")
        .values("verdict_id", "corrected_on", "note"),
        "verdict_id",
        lambda c: {"corrected_on": _dt(c["corrected_on"]), "note": c["note"]},
    )
    updates = _grouped(
        UpdateNote.objects.filter(verdict_id__in=verdict_ids)
        .order_by("-noted_on", "-id")
        .values("verdict_id", "noted_on", "note"),
        "verdict_id",
        lambda u: {"noted_on": _dt(u["noted_on"]), "note": u["note"]},
    )
    authors = _grouped(
        Verdict.authors.through.objects.filter(verdict_id__in=verdict_ids)
        .order_by("user_id")
        .values("verdict_id", "user__first_name", "user__last_name"),
        "verdict_id",
        lambda u: name_from_parts(u["user__first_name"], u["user__last_name"]),
    )
    result = []
    for pk in verdict_ids:
        row = rows.get(pk)
        if row is None:
            continue
        claim_id = row["claim_id"]
        speaker = None
        if row["claim__speaker_id"] is not None:
            speaker = {
                "id": row["claim__speaker_id"],
                "slug": row["claim__speaker__slug"],
                "name": row["claim__speaker__name"],
                "kind": row["claim__speaker__kind"],
                "role": row["claim__speaker__role"],
                "affiliation": row["claim__speaker__affiliation"],
                "country": row["claim__speaker__country"],
                "wikidata_id": row["claim__speaker__wikidata_id"],
                "url": urls.speaker.format(row["claim__speaker__slug"]),
            }
        editor = ""
        if row["editor__first_name"] is not None:  # an editor is set (the join found a row)
            editor = name_from_parts(row["editor__first_name"], row["editor__last_name"])
        result.append(
            {
                "id": pk,
                "slug": row["slug"],
                "url": urls.factcheck.format(row["slug"]),
                "claim_review_url": urls.claim_review.format(pk)
                if claim_review_applies(row["status"], has_rating=row["rating__slug"] is not None)
                else None,
                "status": row["status"],
                "headline": row["headline"],
                "summary": row["summary"],
                "body": row["body"],
                "rating": {
                    "slug": row["rating__slug"],
                    "label": row["rating__label"],
                    "value": row["rating__value"],
                    "colour": row["rating__colour"],
                },
                "claim": {
                    "id": claim_id,
                    "text": row["claim__text"],
                    "made_on": _d(row["claim__made_on"]),
                    "language": row["claim__language"],
                    "speaker": speaker,
                    "tags": tags.get(claim_id, []),
                },
                "appearance_count": row["appearance_count"],
                "appearances": appearances.get(claim_id, []),
                "evidence_links": evidence.get(claim_id, []),
                "corrections": corrections.get(pk, []),
                "updates": updates.get(pk, []),
                "authors": [name for name in authors.get(pk, []) if name],
                "editor": editor,
                "published_at": _dt(row["published_at"]),
                "updated_at": _dt(row["updated_at"]),
                "revision": row["revision"],
                "retracted_at": _dt(row["retracted_at"]),
                "retraction_note": row["retraction_note"],
            }
        )
    return result

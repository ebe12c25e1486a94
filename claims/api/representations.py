"""The partner API's hot read paths as plain functions building dicts from `values()` rows.

The DRF serializers in `claims.api.serializers` stay the declared contract (they drive the
OpenAPI schema and the writes); these functions build the same JSON for the fact-check list
and detail without DRF's per-field machinery or model instances, which cost most of a list
page's time (~600 objects a page). `tests/claims/test_api_list_shape.py` holds the two to the
same output, so the schema cannot drift from what is served. The ClaimReview feed and the
Google-compatible search are built from rows too, by the one ClaimReview builder
(`claims.claimreview`; `tests/claims/test_api_claimreview_rows.py`).

A page is its own query (filters and cursor vary) plus one UNION ALL for everything the page
embeds; a detail is one row plus that UNION. The queries that only vary by ids are compiled
once (`claims.api.prepared`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.urls import reverse
from rest_framework import serializers

from claims import claimreview
from claims.api.prepared import Prepared
from claims.bylines import name_from_parts
from claims.claimreview import absolute_url, claim_review_applies
from claims.models import Claim, Correction, EvidenceLink, UpdateNote, Verdict
from claims.selectors import (
    APPEARANCE_ORDER,
    LIST_APPEARANCES,
    public_appearance_count,
    public_appearances,
    public_verdict_keys,
)

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


# Built once: an expression is copied when a query resolves it, so one serves every query
# (building its subquery cost a visible share of a list request).
_APPEARANCE_COUNT = public_appearance_count()


def verdict_rows(verdicts: QuerySet[Verdict]) -> QuerySet:
    """`values()` rows of `verdicts` with their claim, speaker, rating and editor, as
    `build_fact_checks` takes them (one query, whatever filters and ordering `verdicts` has)."""
    return verdicts.annotate(
        appearance_count=_APPEARANCE_COUNT, claim_updated_at=F("claim__updated_at")
    ).values(*_VERDICT_FIELDS, "appearance_count", "claim_updated_at")


def fact_checks(verdict_ids: list[int], *, appearance_limit: int | None) -> list[dict[str, Any]]:
    """Fact-checks as `FactCheckSerializer` renders them, in the order of `verdict_ids`."""
    if not verdict_ids:
        return []
    rows = {row["id"]: row for row in _VERDICTS.rows(Verdict, ids=verdict_ids)}
    return build_fact_checks([rows[pk] for pk in verdict_ids if pk in rows], appearance_limit=appearance_limit)


_VERDICTS = Prepared(lambda ids: verdict_rows(Verdict.objects.filter(pk__in_array=ids)), "ids")
_PUBLIC_BY_ID = Prepared(lambda keys: verdict_rows(public_verdict_keys().filter(pk__in_array=keys)), "keys")
_PUBLIC_BY_SLUG = Prepared(lambda keys: verdict_rows(public_verdict_keys().filter(slug__in_array=keys)), "keys")


def _by_id_or_slug(by_id: Prepared, by_slug: Prepared, id_or_slug: str) -> dict[str, Any] | None:
    # Digits are an id (below 2**63); anything else a slug.
    if id_or_slug.isdigit() and len(id_or_slug) < 19:
        rows = by_id.rows(Verdict, keys=[int(id_or_slug)])
    else:
        rows = by_slug.rows(Verdict, keys=[id_or_slug])
    return rows[0] if rows else None


def public_fact_check_row(id_or_slug: str) -> dict[str, Any] | None:
    """The `verdict_rows()` row of the published or retracted fact-check with this id or slug."""
    return _by_id_or_slug(_PUBLIC_BY_ID, _PUBLIC_BY_SLUG, id_or_slug)


def last_modified(row: dict[str, Any]) -> datetime:
    """When anything a fact-check shows of its verdict or claim last changed."""
    return max(row["updated_at"], row["claim_updated_at"])


# What one query (`_collections`) reads beside the verdicts: a UNION ALL of every collection
# a fact-check embeds, one kind per branch, in columns they all share. A page used to read
# these with six queries; on a loaded database each round trip cost as much as building it.
_TAG, _EVIDENCE, _CORRECTION, _UPDATE, _AUTHOR, _APPEARANCE = range(6)
_TEXTS = ("x_1", "x_2", "x_3", "x_4", "x_5", "x_6")
_COLUMNS = ("x_kind", "x_owner", "x_at", "x_at2", "x_day", "x_seq", *_TEXTS)


def _branch(rows: QuerySet, kind: int, owner: str, *, texts: tuple[str, ...], at: str | None = None,
            at2: str | None = None, day: str | None = None, seq: Any = None) -> QuerySet:
    def column(name: str | None, field) -> Any:
        return F(name) if name else Cast(Value(None), field)

    padded = texts + (None,) * (len(_TEXTS) - len(texts))
    return rows.order_by().annotate(
        x_kind=Value(kind, output_field=IntegerField()),
        x_owner=F(owner),
        x_at=column(at, DateTimeField()),
        x_at2=column(at2, DateTimeField()),
        x_day=column(day, DateField()),
        x_seq=seq if seq is not None else Cast(Value(None), BigIntegerField()),
        **{name: column(field, TextField()) for name, field in zip(_TEXTS, padded, strict=True)},
    ).values(*_COLUMNS)


def _collections_query(claims: Any, verdicts: Any, *, appearance_limit: int | None) -> QuerySet:
    # Appearances in display order, numbered per claim; a list keeps the first few of each.
    appearances = _branch(
        public_appearances().filter(claim_id__in_array=claims), _APPEARANCE, "claim_id",
        texts=("sentence", "speaker_mention", "speaker_role", "source__url", "source__title", "source__publisher"),
        at2="source__published_at", day="said_on",
        seq=Window(RowNumber(), partition_by=F("claim_id"), order_by=APPEARANCE_ORDER),
    )
    if appearance_limit is not None:
        appearances = appearances.filter(x_seq__lte=appearance_limit)
    return _branch(
        Claim.tags.through.objects.filter(claim_id__in_array=claims), _TAG, "claim_id", texts=("tag__name", "tag__slug")
    ).union(
        _branch(
            EvidenceLink.objects.filter(claim_id__in_array=claims), _EVIDENCE, "claim_id",
            texts=("url", "title", "publisher", "stance", "archived_url"), day="accessed_at", seq=F("id"),
        ),
        _branch(
            Correction.objects.filter(verdict_id__in_array=verdicts), _CORRECTION, "verdict_id",
            texts=("note",), at="corrected_on", seq=F("id"),
        ),
        _branch(
            UpdateNote.objects.filter(verdict_id__in_array=verdicts), _UPDATE, "verdict_id",
            texts=("note",), at="noted_on", seq=-F("id"),
        ),
        _branch(
            Verdict.authors.through.objects.filter(verdict_id__in_array=verdicts), _AUTHOR, "verdict_id",
            texts=("user__first_name", "user__last_name"), seq=F("user_id"),
        ),
        appearances,
        all=True,
    ).order_by("x_kind", "-x_at", "x_seq", "x_1")


_COLLECTIONS = {
    limit: Prepared(partial(_collections_query, appearance_limit=limit), "claims", "verdicts")
    for limit in (None, LIST_APPEARANCES)
}


def _collections(
    claim_ids: set[int], verdict_ids: list[int], *, appearance_limit: int | None
) -> dict[int, dict[int, list[Any]]]:
    """Tags, evidence and appearances (the first `appearance_limit` of each, or all) of the
    claims, corrections, update notes and authors of the verdicts, each in the order the
    serializers give them: {kind: {claim or verdict id: [item, ...]}}."""
    grouped: dict[int, dict[int, list[Any]]] = {kind: defaultdict(list) for kind in range(6)}
    prepared = _COLLECTIONS[appearance_limit]
    for r in prepared.rows(Verdict, claims=sorted(claim_ids), verdicts=verdict_ids):
        kind = r["x_kind"]
        if kind == _APPEARANCE:
            item: Any = {
                "sentence": r["x_1"],
                "said_on": _d(r["x_day"]),
                "speaker_mention": r["x_2"],
                "speaker_role": r["x_3"],
                "source": {"url": r["x_4"], "title": r["x_5"], "publisher": r["x_6"], "published_at": _dt(r["x_at2"])},
            }
        elif kind == _TAG:
            item = {"slug": r["x_2"], "name": r["x_1"]}
        elif kind == _EVIDENCE:
            item = {
                "url": r["x_1"], "title": r["x_2"], "publisher": r["x_3"], "stance": r["x_4"],
                "archived_url": r["x_5"], "accessed_at": _d(r["x_day"]),
            }
        elif kind == _CORRECTION:
            item = {"corrected_on": _dt(r["x_at"]), "note": r["x_1"]}
        elif kind == _UPDATE:
            item = {"noted_on": _dt(r["x_at"]), "note": r["x_1"]}
        else:
            item = name_from_parts(r["x_1"], r["x_2"])
        grouped[kind][r["x_owner"]].append(item)
    return grouped


def build_fact_checks(rows: list[dict[str, Any]], *, appearance_limit: int | None) -> list[dict[str, Any]]:
    """Fact-checks as `FactCheckSerializer` renders them, from `verdict_rows()` rows, with one
    more query for all of them at once (`_collections`)."""
    if not rows:
        return []
    urls = _Urls()
    verdict_ids = [row["id"] for row in rows]
    claim_ids = {row["claim_id"] for row in rows}
    collections = _collections(claim_ids, verdict_ids, appearance_limit=appearance_limit)
    tags, evidence, appearances = collections[_TAG], collections[_EVIDENCE], collections[_APPEARANCE]
    corrections, updates, authors = collections[_CORRECTION], collections[_UPDATE], collections[_AUTHOR]
    result = []
    for row in rows:
        pk = row["id"]
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


# ClaimReview and the Google-compatible search ------------------------------------------


def claim_review_rows(verdicts: QuerySet[Verdict]) -> QuerySet:
    """`values()` rows of `verdicts` with what ClaimReview reads (`claims.claimreview`), plus
    the paging keys, `last_modified()`'s and the claim's earliest dated public appearance
    (Google's `claimDate` falls back to it)."""
    earliest = (
        public_appearances()
        .filter(claim_id=OuterRef("claim_id"), said_on__isnull=False)
        .order_by("said_on")
        .values("said_on")[:1]
    )
    return verdicts.annotate(first_said_on=Subquery(earliest), claim_updated_at=F("claim__updated_at")).values(
        "id", "claim_id", *claimreview.VERDICT_FIELDS, "first_said_on", "claim_updated_at"
    )


_REVIEW_APPEARANCES = Prepared(
    lambda claims: public_appearances().filter(claim_id__in_array=claims).values("claim_id", *claimreview.APPEARANCE_FIELDS),
    "claims",
)
_REVIEW_BY_ID = Prepared(lambda keys: claim_review_rows(public_verdict_keys().filter(pk__in_array=keys)), "keys")
_REVIEW_BY_SLUG = Prepared(lambda keys: claim_review_rows(public_verdict_keys().filter(slug__in_array=keys)), "keys")


def public_claim_review_row(id_or_slug: str) -> dict[str, Any] | None:
    """The `claim_review_rows()` row of the published or retracted fact-check with this id or slug."""
    return _by_id_or_slug(_REVIEW_BY_ID, _REVIEW_BY_SLUG, id_or_slug)


def claim_reviews(rows: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """ClaimReview of each of `claim_review_rows()`, with two more queries for all of them:
    the rating scale's bounds and the claims' public appearances."""
    if not rows:
        return []
    bounds = claimreview.rating_bounds()
    appearances = _grouped(
        _REVIEW_APPEARANCES.rows(Verdict, claims=sorted({row["claim_id"] for row in rows})), "claim_id", lambda a: a
    )
    urls = _Urls()
    return [
        claimreview.claim_review_from_row(
            row, appearances.get(row["claim_id"], []), bounds=bounds, url=urls.factcheck.format(row["slug"])
        )
        for row in rows
    ]


def google_claims(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`claim_review_rows()` in the shape of Google Fact Check Tools' `claims:search`."""
    urls = _Urls()
    return [_google_claim(row, urls) for row in rows]


def _google_claim(row: dict[str, Any], urls: _Urls) -> dict[str, Any]:
    made_on = row["claim__made_on"] or row["first_said_on"]
    item: dict[str, Any] = {"text": row["claim__text"]}
    if row["claim__speaker_id"] is not None:
        item["claimant"] = row["claim__speaker__name"]
    if made_on:
        item["claimDate"] = f"{made_on.isoformat()}T00:00:00Z"
    item["claimReview"] = [
        {
            "publisher": {"name": settings.FACTCHECK_ORGANIZATION_NAME, "site": claimreview.review_site()},
            "url": urls.factcheck.format(row["slug"]),
            "title": row["headline"],
            "reviewDate": row["published_at"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "textualRating": row["rating__label"],
            "languageCode": row["claim__language"],
        }
    ]
    return item

"""The one builder of schema.org ClaimReview JSON-LD, used by the API and the public pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from claims.models import Rating, Speaker, Verdict


def absolute_url(path: str) -> str:
    return settings.FACTCHECK_SITE_URL + path


def _bare_host(value: str) -> str:
    try:
        host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    except ValueError:  # e.g. an unclosed "[" of an IPv6 literal
        return ""
    return host.lower().rstrip(".").removeprefix("www.")


def review_site() -> str:
    """The site our reviews are published on, as Google's `publisher.site` names it: the
    review URLs' host without `www.` or a port (`https://www.example.org:8443/...` ->
    `example.org`)."""
    return _bare_host(settings.FACTCHECK_SITE_URL)


def review_site_matches(site_filter: str) -> bool:
    """Whether Google's `reviewPublisherSiteFilter` selects our reviews: our site or a domain
    it belongs to (`example.org` selects reviews on `factcheck.example.org`)."""
    wanted, ours = _bare_host(site_filter.strip()), review_site()
    return bool(wanted) and (ours == wanted or ours.endswith(f".{wanted}"))


def rating_bounds() -> tuple[int, int]:
    """(worst, best) values of the configured scale, read once per call site."""
    values = [v for v in Rating.objects.values_list("value", flat=True) if v is not None]
    return (min(values), max(values)) if values else (1, 1)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _web_url(url: str) -> bool:
    # Consumers turn this into a link: only web addresses, never javascript: or data:.
    return bool(url) and url.split(":", 1)[0].lower() in ("http", "https")


def _creative_work(appearance: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": appearance["source__url"]}
    if appearance["source__title"]:
        work["headline"] = appearance["source__title"]
    if appearance["source__publisher"]:
        work["publisher"] = {"@type": "Organization", "name": appearance["source__publisher"]}
    published = appearance["said_on"] or appearance["source__published_at"]
    if published:
        work["datePublished"] = _iso(published)
    return work


# What the builder reads, as `values()` names: the API's feed reads these rows directly
# (`claims.api.representations`), the public page adapts its model instances to them.
VERDICT_FIELDS = (
    "slug", "status", "headline", "published_at", "updated_at", "claim__text", "claim__made_on",
    "claim__language", "claim__speaker_id", "claim__speaker__name", "claim__speaker__kind",
    "claim__speaker__role", "claim__speaker__wikidata_id", "rating__slug", "rating__label", "rating__value",
)
APPEARANCE_FIELDS = (
    "said_on", "created_at", "source__url", "source__title", "source__publisher", "source__published_at",
)


def _verdict_row(verdict: Verdict) -> dict[str, Any]:
    claim, speaker, rating = verdict.claim, verdict.claim.speaker, verdict.rating
    return {
        "slug": verdict.slug,
        "status": verdict.status,
        "headline": verdict.headline,
        "published_at": verdict.published_at,
        "updated_at": verdict.updated_at,
        "claim__text": claim.text,
        "claim__made_on": claim.made_on,
        "claim__language": claim.language,
        "claim__speaker_id": claim.speaker_id,
        "claim__speaker__name": speaker and speaker.name,
        "claim__speaker__kind": speaker and speaker.kind,
        "claim__speaker__role": speaker and speaker.role,
        "claim__speaker__wikidata_id": speaker and speaker.wikidata_id,
        "rating__slug": rating and rating.slug,
        "rating__label": rating and rating.label,
        "rating__value": rating and rating.value,
    }


def _appearance_row(appearance) -> dict[str, Any]:
    source = appearance.source
    return {
        "said_on": appearance.said_on,
        "created_at": appearance.created_at,
        "source__url": source.url,
        "source__title": source.title,
        "source__publisher": source.publisher,
        "source__published_at": source.published_at,
    }


def has_claim_review(verdict: Verdict) -> bool:
    """Only a published fact-check carries ClaimReview. A retracted one keeps its page, its
    place in the feeds and the API (marked retracted, so partners take their copy down), but no
    markup: it no longer vouches for a rating, and Google asks for the markup to be removed."""
    return claim_review_applies(verdict.status, has_rating=verdict.rating_id is not None)


def claim_review_applies(status: str, *, has_rating: bool) -> bool:
    """`has_claim_review` for a verdict read as a row (its status and whether it has a rating)."""
    return status == Verdict.Status.PUBLISHED and has_rating


def claim_review(verdict: Verdict, *, bounds: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """ClaimReview for a published verdict; None for any other (see `has_claim_review`).

    Expects `verdict` fetched with claim, claim speaker, rating and appearances with their
    sources already loaded (see `claims.selectors.public_verdicts`), so building a page of
    them costs no further queries; pass `bounds` when building many.
    """
    if not has_claim_review(verdict):
        return None
    appearances = [_appearance_row(a) for a in verdict.claim.appearances.all()]
    return claim_review_from_row(_verdict_row(verdict), appearances, bounds=bounds or rating_bounds())


def claim_review_from_row(
    row: dict[str, Any], appearances: list[dict[str, Any]], *, bounds: tuple[int, int], url: str | None = None
) -> dict[str, Any] | None:
    """ClaimReview from a verdict's `VERDICT_FIELDS` and its public appearances'
    `APPEARANCE_FIELDS` (any order); None unless the verdict carries ClaimReview. `url` is the
    fact-check's absolute URL, when the caller has it (a page formats them without `reverse()`)."""
    if not claim_review_applies(row["status"], has_rating=row["rating__slug"] is not None):
        return None
    worst, best = bounds
    appearances = sorted(
        appearances,
        key=lambda a: (
            a["said_on"]
            or (a["source__published_at"].date() if a["source__published_at"] else None)
            or a["created_at"].date()
        ),
    )
    item: dict[str, Any] = {"@type": "Claim"}
    if row["claim__speaker_id"] is not None:
        is_person = row["claim__speaker__kind"] == Speaker.Kind.PERSON
        person: dict[str, Any] = {"@type": "Person" if is_person else "Organization", "name": row["claim__speaker__name"]}
        if row["claim__speaker__role"] and is_person:  # schema.org: only a Person has a jobTitle
            person["jobTitle"] = row["claim__speaker__role"]
        if row["claim__speaker__wikidata_id"]:
            person["sameAs"] = f"https://www.wikidata.org/wiki/{row['claim__speaker__wikidata_id']}"
        item["author"] = person
    made_on = row["claim__made_on"] or (appearances[0]["said_on"] if appearances else None)
    if made_on:
        item["datePublished"] = _iso(made_on)
    # An appearance is a place a reader can go: one without a web address would be an empty
    # CreativeWork, which validators flag and Google ignores.
    on_the_web = [a for a in appearances if _web_url(a["source__url"])]
    if on_the_web:
        item["firstAppearance"] = _creative_work(on_the_web[0])
        item["appearance"] = [_creative_work(a) for a in on_the_web]

    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url or absolute_url(reverse("claims:factcheck_detail", kwargs={"slug": row["slug"]})),
        "headline": row["headline"],
        "inLanguage": row["claim__language"],
        "claimReviewed": row["claim__text"],
        "datePublished": _iso(row["published_at"]),
        "dateModified": _iso(row["updated_at"]),
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORGANIZATION_NAME,
            "url": settings.FACTCHECK_ORGANIZATION_URL,
        },
        "itemReviewed": item,
    }
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": row["rating__label"]}
    if row["rating__value"] is not None:
        review_rating.update(ratingValue=row["rating__value"], bestRating=best, worstRating=worst)
    review["reviewRating"] = review_rating
    return review

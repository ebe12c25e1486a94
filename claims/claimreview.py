"""The one builder of schema.org ClaimReview JSON-LD, used by the API and the public pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from claims.models import Rating, Verdict


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
    values = [v for v in Rating.objects.exclude(value=None).values_list("value", flat=True)]
    return (min(values), max(values)) if values else (1, 1)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _creative_work(appearance) -> dict[str, Any]:
    source = appearance.source
    work: dict[str, Any] = {"@type": "CreativeWork"}
    # Consumers turn this into a link: only web addresses, never javascript: or data:.
    if source.url and source.url.split(":", 1)[0].lower() in ("http", "https"):
        work["url"] = source.url
    if source.title:
        work["headline"] = source.title
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    published = appearance.said_on or source.published_at
    if published:
        work["datePublished"] = _iso(published)
    return work


def claim_review(verdict: Verdict, *, bounds: tuple[int, int] | None = None) -> dict[str, Any]:
    """ClaimReview for a public verdict.

    Expects `verdict` fetched with claim, claim speaker, rating and appearances with their
    sources already loaded (see `claims.selectors.public_verdicts`), so building a page of
    them costs no further queries; pass `bounds` when building many.
    """
    worst, best = bounds or rating_bounds()
    claim = verdict.claim
    appearances = sorted(
        claim.appearances.all(),
        key=lambda a: (a.said_on or (a.source.published_at.date() if a.source.published_at else None) or a.created_at.date()),
    )
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker is not None:
        person: dict[str, Any] = {"@type": "Person", "name": claim.speaker.name}
        if claim.speaker.role:
            person["jobTitle"] = claim.speaker.role
        if claim.speaker.wikidata_id:
            person["sameAs"] = f"https://www.wikidata.org/wiki/{claim.speaker.wikidata_id}"
        item["author"] = person
    made_on = claim.made_on or (appearances[0].said_on if appearances else None)
    if made_on:
        item["datePublished"] = _iso(made_on)
    if appearances:
        item["firstAppearance"] = _creative_work(appearances[0])
        item["appearance"] = [_creative_work(a) for a in appearances]

    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(verdict.get_absolute_url()),
        "headline": verdict.headline,
        "claimReviewed": claim.text,
        "datePublished": _iso(verdict.published_at),
        "dateModified": _iso(verdict.updated_at),
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORGANIZATION_NAME,
            "url": settings.FACTCHECK_ORGANIZATION_URL,
        },
        "itemReviewed": item,
    }
    if verdict.status == Verdict.Status.RETRACTED:
        # A retracted fact-check no longer vouches for a rating.
        review["reviewRating"] = {"@type": "Rating", "alternateName": "Retracted"}
    elif verdict.rating is not None:
        rating = verdict.rating
        review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
        if rating.value is not None:
            review_rating.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
        review["reviewRating"] = review_rating
    return review

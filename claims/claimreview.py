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
    values = [v for v in Rating.objects.values_list("value", flat=True) if v is not None]
    return (min(values), max(values)) if values else (1, 1)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _web_url(url: str) -> bool:
    # Consumers turn this into a link: only web addresses, never javascript: or data:.
    return bool(url) and url.split(":", 1)[0].lower() in ("http", "https")


def _creative_work(appearance) -> dict[str, Any]:
    source = appearance.source
    work: dict[str, Any] = {"@type": "CreativeWork", "url": source.url}
    if source.title:
        work["headline"] = source.title
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    published = appearance.said_on or source.published_at
    if published:
        work["datePublished"] = _iso(published)
    return work


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
    worst, best = bounds or rating_bounds()
    claim = verdict.claim
    appearances = sorted(
        claim.appearances.all(),
        key=lambda a: (a.said_on or (a.source.published_at.date() if a.source.published_at else None) or a.created_at.date()),
    )
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker is not None:
        speaker = claim.speaker
        person: dict[str, Any] = {"@type": "Person" if speaker.is_person else "Organization", "name": speaker.name}
        if speaker.role and speaker.is_person:  # schema.org: only a Person has a jobTitle
            person["jobTitle"] = speaker.role
        if claim.speaker.wikidata_id:
            person["sameAs"] = f"https://www.wikidata.org/wiki/{claim.speaker.wikidata_id}"
        item["author"] = person
    made_on = claim.made_on or (appearances[0].said_on if appearances else None)
    if made_on:
        item["datePublished"] = _iso(made_on)
    # An appearance is a place a reader can go: one without a web address would be an empty
    # CreativeWork, which validators flag and Google ignores.
    on_the_web = [a for a in appearances if _web_url(a.source.url)]
    if on_the_web:
        item["firstAppearance"] = _creative_work(on_the_web[0])
        item["appearance"] = [_creative_work(a) for a in on_the_web]

    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute_url(verdict.get_absolute_url()),
        "headline": verdict.headline,
        "inLanguage": verdict.language,
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
    rating = verdict.rating
    assert rating is not None  # has_claim_review
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    review["reviewRating"] = review_rating
    return review

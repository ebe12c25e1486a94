"""Other publishers' ClaimReview, read from the formats fact-checkers exchange it in (pure).

- JSON-LD in a saved HTML page (`<script type="application/ld+json">`, also inside `@graph`);
- a schema.org `DataFeed` (`dataFeedElement` of `DataFeedItem`s whose `item` is ClaimReview);
- a Google Fact Check Tools `claims:search` response (`claims[].claimReview[]`).

Each record becomes an `ExternalRecord`; a record that cannot be used gives a one-line error
naming where it came from, and the others are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

MAX_TEXT = 5000


@dataclass(frozen=True)
class ExternalRecord:
    review_url: str
    claim_text: str
    publisher_name: str = ""
    publisher_url: str = ""
    rating_text: str = ""
    reviewed_on: date | None = None
    claimant: str = ""
    claim_date: date | None = None
    language: str = ""


class _LdScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def _text(value, limit: int = 300) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list):
        value = next((v for v in value if v), "")
        return _text(value, limit)
    return " ".join(str(value or "").split())[:limit]


def _date(value) -> date | None:
    text = _text(value, 40)
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _types(node: dict) -> set[str]:
    kind = node.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _walk(node) -> Iterator[dict]:
    """Every ClaimReview object in a JSON-LD tree (lists, @graph, DataFeed items)."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        if "ClaimReview" in _types(node):
            yield node
            return
        for key in ("@graph", "dataFeedElement", "item", "mainEntity", "hasPart"):
            if key in node:
                yield from _walk(node[key])


def _http_url(value) -> str:
    url = _text(value, 2000)
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def from_claimreview(node: dict) -> ExternalRecord:
    """One schema.org ClaimReview; ValueError says what is missing."""
    url = _http_url(node.get("url"))
    if not url:
        raise ValueError("no http(s) review URL")
    text = _text(node.get("claimReviewed"), MAX_TEXT)
    item_node = node.get("itemReviewed")
    item: dict = item_node if isinstance(item_node, dict) else {}
    if not text:
        text = _text(item.get("text") or item.get("name"), MAX_TEXT)
    if not text:
        raise ValueError(f"{url}: no claimReviewed text")
    rating_node = node.get("reviewRating")
    rating: dict = rating_node if isinstance(rating_node, dict) else {}
    publisher = node.get("author") or node.get("publisher") or {}
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else {}
    return ExternalRecord(
        review_url=url,
        claim_text=text,
        publisher_name=_text(publisher, 200),
        publisher_url=_http_url(publisher.get("url")) if isinstance(publisher, dict) else "",
        rating_text=_text(rating.get("alternateName") or rating.get("name"), 200),
        reviewed_on=_date(node.get("datePublished")),
        claimant=_text(item.get("author"), 300),
        claim_date=_date(item.get("datePublished")),
        language=_text(node.get("inLanguage"), 12),
    )


def from_google_claims(data: dict) -> Iterator[ExternalRecord | ValueError]:
    """A Fact Check Tools `claims:search` response: one record per review of each claim."""
    for n, claim in enumerate(data.get("claims") or [], 1):
        if not isinstance(claim, dict):
            yield ValueError(f"claim {n}: not an object")
            continue
        text = _text(claim.get("text"), MAX_TEXT)
        reviews = claim.get("claimReview") or []
        if not reviews:
            yield ValueError(f"claim {n}: no claimReview")
        for review in reviews:
            url = _http_url(review.get("url")) if isinstance(review, dict) else ""
            if not url:
                yield ValueError(f"claim {n}: a review without an http(s) URL")
                continue
            if not text:
                yield ValueError(f"claim {n}: {url}: no claim text")
                continue
            publisher = review.get("publisher") or {}
            site = _text(publisher.get("site"), 200)
            yield ExternalRecord(
                review_url=url,
                claim_text=text,
                publisher_name=_text(publisher.get("name"), 200) or site,
                publisher_url=f"https://{site}" if site and "/" not in site else "",
                rating_text=_text(review.get("textualRating"), 200),
                reviewed_on=_date(review.get("reviewDate")),
                claimant=_text(claim.get("claimant"), 300),
                claim_date=_date(claim.get("claimDate")),
                language=_text(review.get("languageCode"), 12),
            )


def parse(content: str) -> Iterator[ExternalRecord | ValueError]:
    """Records (or the reason a record is unusable) from a page, a DataFeed or a claims:search
    response; which one is recognised from the content."""
    stripped = content.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield ValueError(f"not valid JSON ({exc.msg} at line {exc.lineno})")
            return
        if isinstance(data, dict) and "claims" in data and "@type" not in data:
            yield from from_google_claims(data)
            return
        blocks = [data]
    else:
        parser = _LdScripts()
        parser.feed(content)
        blocks = []
        for n, raw in enumerate(parser.blocks, 1):
            try:
                blocks.append(json.loads(raw))
            except json.JSONDecodeError as exc:
                yield ValueError(f"JSON-LD block {n}: not valid JSON ({exc.msg})")
    found = False
    for block in blocks:
        for n, node in enumerate(_walk(block), 1):
            found = True
            try:
                yield from_claimreview(node)
            except ValueError as exc:
                yield ValueError(f"ClaimReview {n}: {exc}")
    if not found:
        yield ValueError("no ClaimReview found")

"""Data for the public-site tests, built through the newsroom's own services."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

from claims import services
from claims.models import Appearance, Verdict
from sources.models import Source


def make_source(*, url: str, title: str = "Minister on jobs", publisher: str = "Example News",
                text: str = "The minister said unemployment fell to 4 percent.") -> Source:
    # Sources are written by ingestion (another app's pipeline); a plain row is what it stores.
    return Source.objects.create(
        url=url, title=title, publisher=publisher, text=text,
        fingerprint=hashlib.sha256(f"{url}|{text}".encode()).hexdigest(),
    )


def make_factcheck(
    publish_verdict,
    *,
    editor,
    fact_checker,
    speaker=None,
    text: str = "Unemployment fell to 4 percent in 2024.",
    headline: str = "Unemployment did not fall to 4 percent",
    rating_slug: str = "false",
    tags: tuple[str, ...] = (),
    source: Source | None = None,
    sentence: str | None = None,
    correction: str | None = None,
) -> Verdict:
    """A published fact-check with an appearance, two evidence links and optionally a correction."""
    claim = services.claim_create(text=text, speaker=speaker, made_on=date(2024, 5, 2), tags=tags)
    if source is not None:
        Appearance.objects.create(
            claim=claim, source=source, sentence=sentence or text, said_on=date(2024, 5, 1),
            speaker_role="Labour minister",
        )
    services.evidence_add(
        claim=claim,
        url=f"https://archive.example/{claim.pk}/report",
        user=fact_checker,
        stance="context",
        title="Quarterly labour report",
        publisher="Statistics Office",
        archived_url=f"https://web.archive.example/{claim.pk}/report",
    )
    verdict = publish_verdict(claim, headline=headline, rating_slug=rating_slug)
    if correction:
        services.correction_add(verdict=verdict, note=correction, editor=editor)
    return Verdict.objects.get(pk=verdict.pk)


HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.text.append(data)


def live_markup(html: str) -> list[str]:
    """Every piece of `html` a browser would execute or load: scripts that are not JSON-LD,
    event-handler attributes, images, frames, objects, and javascript:/data: links."""
    parser = _Tags()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag == "script" and attrs.get("type") != "application/ld+json":
            found.append(f"<script {attrs}>")
        if tag in {"img", "iframe", "object", "embed"}:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(("javascript:", "data:")):
                found.append(f"<{tag} {name}={value}>")
    return found


def visible_text(html: str) -> str:
    """The text of `html` outside scripts, whitespace collapsed."""
    parser = _Tags()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.text))


def parse_xml(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 - our own server's output

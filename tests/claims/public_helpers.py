"""Data for the public-site tests, built through the newsroom's own services."""

from __future__ import annotations

import hashlib
from datetime import date

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

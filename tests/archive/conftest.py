"""A varied_newsroom's worth of varied data, built through the services, for archive tests."""

from __future__ import annotations

import hashlib

import pytest


def _source(n: int, text: str):
    from sources.models import Source

    return Source.objects.create(
        url=f"https://news.example/{n}",
        title=f"Article {n} — “quoted” ünïcode",
        publisher="Example News",
        text=text,
        fingerprint=hashlib.sha256(text.encode()).hexdigest(),
    )


@pytest.fixture
def varied_newsroom(db, editor, fact_checker, speaker, publish_verdict):
    from claims import services
    from claims.models import Appearance, Rating

    other = services.speaker_create(name="Keir Starmer", role="Prime Minister", aliases=["Starmer"])
    text = "Peskov said the vote was 93 to 18. Starmer said growth was 2%."
    src = _source(1, text)
    claims = []
    for i, (sentence, who) in enumerate(
        [("Peskov said the vote was 93 to 18.", speaker), ("Starmer said growth was 2%.", other)]
    ):
        claim = services.claim_create(
            text=sentence, speaker=who, score=0.5 + i / 10, score_reasons=["statistic"], tags=["UN", "Economy"]
        )
        start = text.index(sentence)
        Appearance.objects.create(
            claim=claim, source=src, sentence=sentence, start=start, end=start + len(sentence),
            speaker_mention=who.name,
        )
        claims.append(claim)
    dupe = services.claim_create(text="The vote was 93 to 18.", speaker=speaker, score=0.4)
    services.claims_merge(keep=claims[0], others=[dupe], user=fact_checker)
    services.claim_assign(claim=claims[1], assignee=fact_checker, user=fact_checker)

    published = publish_verdict(claims[0], headline="The vote count is right")
    services.correction_add(verdict=published, note="We fixed the date of the vote.", editor=editor)
    services.verdict_update(
        verdict=published, expected_version=published.version + 1, user=editor, summary="Updated summary.",
        note="Sharpened the summary.",
    )
    retracted = publish_verdict(claims[1], headline="Growth claim")
    services.verdict_retract(verdict=retracted, editor=editor, note="Wrong figures used.")
    # An archived copy of an evidence page: binary content and a UUID primary key.
    from claims.models import EvidenceLink, EvidenceSnapshot

    page = b"%PDF-1.4\r\n\x00\xff raw bytes as served"
    EvidenceSnapshot.objects.create(
        link=EvidenceLink.objects.filter(claim=claims[0]).first(),
        requested_url="https://stats.example/x",
        final_url="https://stats.example/x?final",
        fetched_at=published.published_at,
        http_status=200,
        content_type="application/pdf",
        size=len(page),
        sha256=hashlib.sha256(page).hexdigest(),
        content=page,
    )
    draft_claim = services.claim_create(text="Inflation is 12 percent.", score=0.9)
    services.claims_apply(claims=[draft_claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(
        claim=draft_claim, headline="Draft on inflation", user=fact_checker, rating=Rating.objects.get(slug="false")
    )
    return {"claims": claims, "published": published, "retracted": retracted}

"""The two matching findings of issue 15, end to end through ingestion and tips."""

from __future__ import annotations

import pytest

from claims.models import Appearance, Claim
from sources.readers import RawArticle
from sources.services import article_ingest, articles_ingest, tip_submit

pytestmark = pytest.mark.django_db

LOPEZ = "Maria Lopez said unemployment in region 30 has fallen by 18 percent since 2015."
OLSEN = "Sven Olsen said unemployment in region 72 has fallen by 12 percent since 2015."


def test_a_wire_claim_does_not_absorb_another_persons_other_figures():
    articles = [
        RawArticle(text=f"{LOPEZ}\nThe agency published its figures on Tuesday.", origin="a1.txt", title="Wire 1"),
        RawArticle(text=f"The ministry answered on Wednesday.\n{OLSEN}", origin="a2.txt", title="Wire 2"),
        RawArticle(text=f"{LOPEZ}\nOfficials will meet again in June.", origin="a3.txt", title="Wire 3"),
    ]
    batch = articles_ingest(articles, threshold=0.0)
    assert batch.errors == []
    lopez = Claim.objects.get(text=LOPEZ)
    # The same wire sentence again is an appearance of the same claim ...
    assert sorted(lopez.appearances.values_list("source__title", flat=True)) == ["Wire 1", "Wire 3"]
    # ... but another person's figures for another region are a claim of their own.
    olsen = Appearance.objects.get(sentence=OLSEN).claim
    assert olsen != lopez
    assert olsen.text == OLSEN


def test_a_tip_in_other_words_finds_the_ingested_claim_about_zelenskys_approval(seed_text):
    article_ingest(text=seed_text, title="Kremlin celebrates", threshold=0.0)
    ingested = Claim.objects.get(text__contains="four percent approval rating")

    result = tip_submit(text="Trump says Zelensky only has a 4% approval rating")

    # Found: attached to the claim, or put to a curator as a possible match of it.
    assert result.claim == ingested or getattr(result, "suggested", None) == ingested

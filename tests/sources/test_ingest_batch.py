"""A batch of articles is written chunk by chunk with bulk inserts, as if one after another."""

from __future__ import annotations

import pytest

from claims.models import Appearance, Claim, ClaimEmbedding
from sources.models import Source
from sources.services import paths_ingest

pytestmark = pytest.mark.django_db

REPEATED = "Wheat exports from the Black Sea ports doubled to 12 million tonnes in 2024."


def test_a_sentence_repeated_in_two_articles_of_one_batch_is_one_claim_with_two_appearances(tmp_path):
    (tmp_path / "a.txt").write_text(
        f"{REPEATED}\nThe city council approved a budget of 3.2 billion euros for road repairs.",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        f"The central bank held its rate at 4 percent for a fifth meeting.\n{REPEATED}", encoding="utf-8"
    )
    batch = paths_ingest([tmp_path], threshold=0.0)
    assert (batch.sources_created, batch.errors) == (2, [])
    claim = Claim.objects.get(text=REPEATED)
    assert sorted(claim.appearances.values_list("source__title", "sentence")) == [("", REPEATED)] * 2
    assert claim.appearances.values("source").distinct().count() == 2
    assert batch.appearances_added == 1
    assert batch.candidates_created == Claim.objects.count() == 3


def test_bulk_ingest_writes_a_history_row_and_a_vector_for_every_claim(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(
            f"Unemployment in region {n} fell to {n + 3} percent in 2024, the statistics office said.\n"
            f"Minister {'ABC'[n]}. Okafor said the {n + 2} new hospitals would open in 2026.",
            encoding="utf-8",
        )
    batch = paths_ingest([tmp_path], threshold=0.0)
    assert batch.errors == []
    claims = list(Claim.objects.all())
    assert claims
    for claim in claims:
        history = list(claim.history.all())
        assert [(h.history_type, h.history_change_reason, h.text) for h in history] == [
            ("+", "ingested", claim.text)
        ]
        assert ClaimEmbedding.objects.filter(claim=claim).exists()
    assert Appearance.objects.count() == sum(1 for _ in claims) + batch.appearances_added
    assert Source.objects.count() == 3


def test_the_same_url_twice_in_one_batch_refuses_the_second_text(tmp_path):
    import json

    records = [
        {"url": "https://news.example/a", "text": "Prices rose 3 percent in May across the region."},
        {"url": "https://news.example/a", "text": "Prices rose 4 percent in June across the region."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    batch = paths_ingest([tmp_path], threshold=0.0)
    assert batch.sources_created == 1
    assert len(batch.errors) == 1 and "already ingested from https://news.example/a" in batch.errors[0]
    assert Source.objects.get().text.startswith("Prices rose 3 percent")

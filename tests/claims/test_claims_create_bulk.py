"""`claims_create_bulk` and `claims_load`: the one bulk claim write (ingestion, tips, bench_load)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.matching.lookup import claim_match
from claims.models import Claim, ClaimEmbedding
from claims.services import ClaimDraft, claims_create_bulk, claims_load, speaker_create

pytestmark = pytest.mark.django_db


def test_bulk_claims_are_stored_clamped_with_one_history_row_each_and_found_by_matching():
    speaker = speaker_create(name="Amara Okafor")
    drafts = [
        ClaimDraft(text="  Unemployment in Velmora fell to 4.2 percent in 2024.  ", speaker=speaker, score=1.7,
                   score_reasons=["statistic"], origin=Claim.Origin.INGESTION),
        ClaimDraft(text="The Castrevin bridge cost 90 billion over ten years.", score=-0.3),
    ]

    created = claims_create_bulk(drafts=drafts, change_reason="ingested")

    stored = {c.pk: c for c in Claim.objects.select_related("speaker")}
    assert [stored[c.pk].text for c in created] == [
        "Unemployment in Velmora fell to 4.2 percent in 2024.",
        "The Castrevin bridge cost 90 billion over ten years.",
    ]
    assert [stored[c.pk].score for c in created] == [1.0, 0.0]
    assert stored[created[0].pk].speaker == speaker
    assert stored[created[0].pk].score_reasons == ["statistic"]
    assert stored[created[0].pk].origin == Claim.Origin.INGESTION
    # What the caller gets back is what was stored.
    assert created[0].speaker == speaker and created[0].score == 1.0 and created[0].version == 1
    for claim in created:
        (row,) = claim.history.all()
        assert (row.history_type, row.history_change_reason, row.text) == ("+", "ingested", claim.text)
        assert row.speaker_id == claim.speaker_id and row.status == Claim.Status.CANDIDATE
    assert claim_match("Unemployment in Velmora fell to 4.2 percent in 2024").claim == created[0]


def test_a_synthetic_load_can_skip_history_rows_and_keeps_its_past():
    then = datetime(2022, 3, 1, 12, tzinfo=UTC)
    (claim,) = claims_create_bulk(
        drafts=[ClaimDraft(text="Exports doubled since 2019.", status=Claim.Status.REJECTED, created_at=then)],
        change_reason="bench load",
        history=False,
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.status, stored.created_at, stored.updated_at) == (Claim.Status.REJECTED, then, then)
    assert not claim.history.exists()
    assert ClaimEmbedding.objects.filter(claim=claim).exists()


def test_a_claim_without_text_is_refused_and_nothing_of_the_batch_is_written():
    with pytest.raises(ValidationError, match="needs text"):
        claims_create_bulk(drafts=[ClaimDraft(text="Exports doubled."), ClaimDraft(text="   ")], change_reason="x")
    assert not Claim.objects.exists()
    assert not Claim.history.exists()


def test_claims_load_writes_a_stream_larger_than_a_batch(monkeypatch):
    monkeypatch.setattr(services, "BULK_BATCH", 3)
    texts = [f"Region {n} spent {n} million on roads in 2023." for n in range(1, 8)]

    count = claims_load(drafts=(ClaimDraft(text=t) for t in texts), change_reason="import")

    assert count == 7
    assert sorted(Claim.objects.values_list("text", flat=True)) == sorted(texts)
    assert ClaimEmbedding.objects.count() == 7
    assert Claim.history.filter(history_change_reason="import").count() == 7
    assert claim_match(texts[5]).claim.text == texts[5]


def test_writing_forty_claims_costs_no_more_statements_than_writing_four():
    def statements(n: int) -> int:
        drafts = [ClaimDraft(text=f"Claim {n}-{i}: wages rose {i} percent.") for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            claims_create_bulk(drafts=drafts, change_reason="ingested")
        return len(queries)

    assert statements(40) == statements(4)

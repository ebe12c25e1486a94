"""The review queue: candidates by check-worthiness, with their filters and search, at a cost
that does not grow with the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Claim

QUEUE = reverse("admin:claims_reviewqueueclaim_changelist")


def _rows(response) -> list[Claim]:
    return list(response.context["cl"].result_list)


@pytest.mark.django_db
def test_queue_lists_candidates_by_score_newest_first_on_ties(checker_client, fact_checker):
    low = services.claim_create(text="Low score claim.", score=0.2)
    older_tie = services.claim_create(text="Older tied claim.", score=0.7)
    newer_tie = services.claim_create(text="Newer tied claim.", score=0.7)
    top = services.claim_create(text="Top claim.", score=0.95)
    rejected = services.claim_create(text="Rejected claim.", score=0.99)
    services.claim_apply(claim=rejected, action="reject", user=fact_checker, reason="Not checkable.")

    response = checker_client.get(QUEUE)

    assert response.status_code == 200
    assert [c.pk for c in _rows(response)] == [top.pk, newer_tie.pk, older_tie.pk, low.pk]


@pytest.mark.django_db
def test_queue_row_shows_text_speaker_source_score_and_reasons(
    checker_client, speaker, make_source, appear
):
    source = make_source(
        "Peskov said the economy grew 9 percent last year.",
        title="Kremlin briefing",
        publisher="The Hill",
        url="https://thehill.example/kremlin",
    )
    claim = services.claim_create(
        text="The economy grew 9 percent last year.",
        speaker=speaker,
        score=0.91,
        score_reasons=["statistic", "attributed assertion"],
    )
    appear(claim, source, "The economy grew 9 percent last year.".replace("The", "the"))

    page = checker_client.get(QUEUE).content.decode()

    assert "The economy grew 9 percent last year." in page
    assert "Dmitry Peskov" in page
    assert "Kremlin briefing" in page and "The Hill" in page
    assert "0.91" in page
    assert "statistic, attributed assertion" in page
    # The row opens the claim's own page, where the workflow buttons are.
    assert reverse("admin:claims_claim_change", args=[claim.pk]) in page


@pytest.mark.django_db
def test_status_filter_switches_the_queue_to_other_statuses(checker_client, fact_checker):
    candidate = services.claim_create(text="Still a candidate.")
    accepted = services.claim_create(text="Accepted already.")
    services.claim_apply(claim=accepted, action="accept", user=fact_checker)

    assert [c.pk for c in _rows(checker_client.get(QUEUE, {"status": "accepted"}))] == [accepted.pk]
    assert {c.pk for c in _rows(checker_client.get(QUEUE, {"status": "all"}))} == {candidate.pk, accepted.pk}


@pytest.mark.django_db
def test_search_finds_claims_by_text_speaker_name_and_alias(checker_client, speaker):
    by_peskov = services.claim_create(text="Relations are improving fast.", speaker=speaker)
    services.speaker_add_alias(speaker=speaker, name="Kremlin spokesman")
    unrelated = services.claim_create(text="Unemployment rose sharply in March.")

    assert [c.pk for c in _rows(checker_client.get(QUEUE, {"q": "Kremlin spokesman"}))] == [by_peskov.pk]
    assert [c.pk for c in _rows(checker_client.get(QUEUE, {"q": "peskov"}))] == [by_peskov.pk]
    assert [c.pk for c in _rows(checker_client.get(QUEUE, {"q": "unemployment"}))] == [unrelated.pk]


@pytest.mark.django_db
def test_filters_by_speaker_alias_source_publisher_score_tag_and_date(
    checker_client, speaker, make_source, appear
):
    hill = make_source("Peskov said trade doubled.", publisher="The Hill", url="https://hill.example/a")
    other = make_source("A minister said taxes fell.", publisher="Other Paper")
    by_speaker = services.claim_create(
        text="Trade doubled.", speaker=speaker, score=0.9, made_on=date(2025, 3, 2), tags=["economy"]
    )
    appear(by_speaker, hill, "trade doubled.")
    plain = services.claim_create(text="Taxes fell.", score=0.3, made_on=date(2024, 1, 5))
    appear(plain, other, "taxes fell.")

    def pks(**params):
        return [c.pk for c in _rows(checker_client.get(QUEUE, params))]

    assert pks(speaker="Peskov") == [by_speaker.pk]
    assert pks(speaker=str(speaker.pk)) == [by_speaker.pk]
    assert pks(source=str(other.pk)) == [plain.pk]
    assert pks(source="https://hill.example/a") == [by_speaker.pk]
    assert pks(publisher="the hill") == [by_speaker.pk]
    assert pks(score="high") == [by_speaker.pk]
    assert pks(score="low") == [plain.pk]
    assert pks(tags__id__exact=str(by_speaker.tags.get().pk)) == [by_speaker.pk]
    assert pks(made_on__gte="2025-01-01", made_on__lt="2026-01-01") == [by_speaker.pk]


@pytest.mark.django_db
def test_assignee_filter_shows_my_claims_and_unassigned(checker_client, fact_checker, editor):
    mine = services.claim_create(text="Mine to check.")
    theirs = services.claim_create(text="Edgar's to check.")
    nobody = services.claim_create(text="Nobody's yet.")
    services.claim_assign(claim=mine, assignee=fact_checker, user=fact_checker)
    services.claim_assign(claim=theirs, assignee=editor, user=fact_checker)

    assert [c.pk for c in _rows(checker_client.get(QUEUE, {"assignee": "me"}))] == [mine.pk]
    assert [c.pk for c in _rows(checker_client.get(QUEUE, {"assignee": "none"}))] == [nobody.pk]
    assert [c.pk for c in _rows(checker_client.get(QUEUE, {"assignee": str(editor.pk)}))] == [theirs.pk]


def _queries_for_queue_page(client, n_claims: int, make_source, appear, speaker) -> int:
    source = make_source(" ".join(f"Sentence number {i} is here." for i in range(n_claims)), publisher="P")
    for i in range(n_claims):
        claim = services.claim_create(
            text=f"Sentence number {i} is here.", speaker=speaker, score=0.5, score_reasons=["statistic"]
        )
        appear(claim, source, f"Sentence number {i} is here.")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == n_claims
    return len(queries)


@pytest.mark.django_db
def test_queue_runs_the_same_queries_for_5_and_50_rows(
    checker_client, make_source, appear, speaker, fact_checker, django_assert_num_queries
):
    five = _queries_for_queue_page(checker_client, 5, make_source, appear, speaker)
    Claim.objects.all().delete()
    fifty = _queries_for_queue_page(checker_client, 50, make_source, appear, speaker)
    assert five == fifty
    # And the number itself stays small: session, user, permissions, filters, count, page,
    # the latest appearance of each claim with its source.
    with django_assert_num_queries(fifty):
        checker_client.get(QUEUE)


@pytest.mark.django_db
def test_all_claims_list_runs_the_same_queries_for_5_and_50_rows(checker_client, make_source, appear, speaker):
    url = reverse("admin:claims_claim_changelist")

    def count_for(n: int) -> int:
        Claim.objects.all().delete()
        source = make_source(" ".join(f"Fact {n}-{i} stated." for i in range(n)))
        for i in range(n):
            claim = services.claim_create(text=f"Fact {n}-{i} stated.", speaker=speaker)
            appear(claim, source, f"Fact {n}-{i} stated.")
        with CaptureQueriesContext(connection) as queries:
            assert checker_client.get(url).status_code == 200
        return len(queries)

    assert count_for(5) == count_for(50)


@pytest.mark.django_db
def test_queue_never_counts_the_whole_table(checker_client):
    services.claim_create(text="Only one.")
    with CaptureQueriesContext(connection) as queries:
        response = checker_client.get(QUEUE)
    assert response.context["cl"].full_result_count is None
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    # One count, of the filtered queue, never a second one over every claim.
    assert len(counts) == 1 and "candidate" in counts[0]

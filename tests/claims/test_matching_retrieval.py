"""Lexical retrieval reads a bounded share of the archive: candidates are retrieved by a
wording's rarest words (by the planner's statistics on PostgreSQL) and ranked by all of them."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.matching.decide import Outcome
from claims.matching.lexical import (
    WordStatistics,
    forget_word_statistics,
    lexical_candidates,
    retrieval_query,
    term_weights,
)
from claims.matching.lookup import claim_match
from claims.services import ClaimDraft, claims_create_bulk

STATS = WordStatistics(rows=1_000_000, share={"percent": 0.10, "unemploy": 0.02, "rate": 0.03, "region": 0.004})
LEXEMES = {"unemployment": "unemploy", "rate": "rate", "percent": "percent", "zelensky": "zelenski", "the": ""}


def test_a_small_index_is_searched_by_every_word():
    small = WordStatistics(rows=1_000, share=STATS.share)
    assert retrieval_query(LEXEMES, small, budget=4000) == "unemployment | rate | percent | zelensky"
    assert retrieval_query(LEXEMES, None, budget=4000) == "unemployment | rate | percent | zelensky"


def test_common_words_are_left_to_ranking_when_rare_ones_fit_the_budget():
    # "zelensky" is not among the commonest words: as rare as the rarest listed (0.4%).
    assert retrieval_query(LEXEMES, STATS, budget=5_000) == "zelensky"
    assert retrieval_query(LEXEMES, STATS, budget=30_000) == "zelensky | unemployment"


def test_a_wording_of_common_words_only_requires_its_rarest_together():
    common = {"unemployment": "unemploy", "rate": "rate", "percent": "percent"}
    assert retrieval_query(common, STATS, budget=4_000) == "unemployment & rate"
    assert retrieval_query(common, STATS, budget=100) == "unemployment & rate & percent"


def test_two_common_words_a_claim_shares_retrieve_it_together():
    stats = WordStatistics(rows=1_000_000, share={"john": 0.003, "mccain": 0.006, "veteran": 0.005, "finger": 0.0003})
    lexemes = {"john": "john", "mccain": "mccain", "veterans": "veteran", "finger": "finger"}
    query = retrieval_query(lexemes, stats, budget=2_000)
    assert query.startswith("finger | ")
    assert "(john & mccain)" in query


def test_sharing_a_rare_word_weighs_more_than_sharing_a_common_one():
    weights = term_weights({"mccain": "mccain", "percent": "percent", "vets": "vet"}, STATS)
    assert weights["vet"] == weights["mccain"] > weights["percent"] > 0  # unlisted: as rare as the rarest
    assert term_weights({"percent": "percent"}, None) == {"percent": 1.0}


def test_stop_words_alone_retrieve_nothing():
    assert retrieval_query({"the": ""}, STATS, budget=4000) == ""


@pytest.mark.django_db
def test_on_postgresql_a_common_word_does_not_flood_the_candidates(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the planner's word statistics are PostgreSQL's; SQLite ranks with FTS5 bm25")
    settings.FACTCHECK_MATCH_RETRIEVAL_ROWS = 20
    drafts = [ClaimDraft(text=f"Unemployment in the region of Tarnow {n} fell to {n % 9 + 2} percent.") for n in range(600)]
    drafts.append(ClaimDraft(text="Zelensky has a four percent approval rating in Ukraine."))
    stored = claims_create_bulk(drafts=drafts, change_reason="test")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claimwords")
    forget_word_statistics()
    # Without narrowing, the 50 candidates would be the best-ranked of 601 claims sharing
    # "percent"; retrieved by "zelensky" and "approval", there is one, and it is found.
    assert lexical_candidates("Trump says Zelensky only has a 4% approval rating", limit=50) == [stored[-1].pk]
    assert claim_match("Trump says Zelensky only has a 4% approval rating").claim == stored[-1]
    # A wording of common words only still finds its claim among them.
    found = claim_match("Unemployment in the region of Tarnow 17 fell to 10 percent!")
    assert (found.outcome, found.claim) == (Outcome.SAME, stored[17])

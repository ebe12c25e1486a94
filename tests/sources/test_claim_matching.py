"""Matching claims by wording: pg_trgm similarity, with the same numbers on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.services import claim_create
from sources.matching import claim_find_match, claims_find_matches, trigram_similarity

pytestmark = pytest.mark.django_db

PAIRS = [
    ("Unemployment fell to 4 percent in 2024.", "Unemployment fell to 4 percent in 2024!"),
    ("Unemployment fell to 4 percent in 2024.", "Unemployment rose to 5 percent in 2023."),
    ("The Kremlin celebrated", "Kremlin celebrates"),
    ("Café prices in Zürich", "cafe prices in zurich"),
    ("", "anything"),
]


def test_python_similarity_follows_pg_trgm_definition():
    assert trigram_similarity("word", "word") == 1.0
    assert trigram_similarity("word", "") == 0.0
    # "cat": {"  c", " ca", "cat", "at "}; "cap": {"  c", " ca", "cap", "ap "} -> 2 / 6
    assert trigram_similarity("cat", "CAP") == pytest.approx(2 / 6)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's pg_trgm")
def test_python_similarity_equals_postgres_similarity():
    with connection.cursor() as cursor:
        for a, b in PAIRS:
            cursor.execute("SELECT similarity(%s, %s)", [a, b])
            assert trigram_similarity(a, b) == pytest.approx(cursor.fetchone()[0], abs=1e-6), (a, b)


def test_same_or_nearly_same_wording_matches_and_different_wording_does_not():
    claim = claim_create(text="Unemployment fell to 4 percent in 2024.")
    assert claim_find_match("Unemployment fell to 4 percent in 2024!") == claim
    assert claim_find_match("unemployment fell to 4 percent in 2024, the minister said") == claim
    assert claim_find_match("Inflation rose to 7 percent in 2022.") is None


def test_threshold_is_the_setting_on_both_databases(settings):
    claim = claim_create(text="Unemployment fell to 4 percent in 2024.")
    text = "Unemployment fell to 4 percent in 2024 according to officials"
    score = trigram_similarity(claim.text, text)
    settings.FACTCHECK_MATCH_THRESHOLD = score - 0.01
    assert claim_find_match(text) == claim
    settings.FACTCHECK_MATCH_THRESHOLD = score + 0.01
    assert claim_find_match(text) is None


def test_a_duplicate_resolves_to_the_claim_it_duplicates(fact_checker):
    from claims.services import claims_merge

    kept = claim_create(text="Exports rose 7 percent in 2024 to a record high.")
    other = claim_create(text="Exports rose 7 percent in 2024 to a record high!")
    claims_merge(keep=kept, others=[other], user=fact_checker)
    assert claims_find_matches(["Exports rose 7 percent in 2024 to a record high."]) == [kept]


def test_several_texts_in_one_query(django_assert_num_queries):
    a = claim_create(text="Unemployment fell to 4 percent in 2024.")
    b = claim_create(text="Wheat exports doubled to 12 million tonnes.")
    # PostgreSQL: one matching statement. SQLite: word counts, word index lookup, candidate
    # texts. Then one fetch of the matched claims; never a query per text.
    queries = 2 if connection.vendor == "postgresql" else 4
    with django_assert_num_queries(queries):
        found = claims_find_matches(["Wheat exports doubled to 12 million tonnes!", "Nothing like it", a.text])
    assert found == [b, None, a]

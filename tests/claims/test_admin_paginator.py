"""Admin lists never COUNT(*) a huge table: exact up to a bound, PostgreSQL's estimate beyond."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.admin.base import EstimatedCountPaginator
from claims.models import Claim

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="estimates come from PostgreSQL's statistics"
)


@pytest.fixture
def small_bound(monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_up_to", 10)


def _claims(n: int) -> None:
    for i in range(n):
        services.claim_create(text=f"Claim number {i}.")


@pytest.mark.django_db
def test_small_lists_are_counted_exactly(small_bound):
    _claims(7)
    assert EstimatedCountPaginator(Claim.objects.all(), 5).count == 7
    assert EstimatedCountPaginator(Claim.objects.filter(text__contains="number 1"), 5).count == 1


@on_postgres
@pytest.mark.django_db
def test_beyond_the_bound_postgres_estimates_instead_of_counting(small_bound):
    _claims(40)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")

    with CaptureQueriesContext(connection) as queries:
        unfiltered = EstimatedCountPaginator(Claim.objects.order_by("-score"), 5).count
    sql = " ".join(q["sql"] for q in queries)
    assert unfiltered == 40  # pg_class.reltuples after ANALYZE
    assert "pg_class" in sql and "LIMIT 11" in sql

    with CaptureQueriesContext(connection) as queries:
        filtered = EstimatedCountPaginator(Claim.objects.filter(status="candidate"), 5).count
    assert filtered >= 11
    assert any(q["sql"].startswith("EXPLAIN") for q in queries)
    assert not any(
        "COUNT(" in q["sql"].upper() and "LIMIT" not in q["sql"].upper() for q in queries
    )

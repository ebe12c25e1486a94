"""The benchmark data loader at a tiny scale: the same code path as the million-claim load."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.matching.lookup import claim_match
from claims.models import Appearance, Claim, Speaker, Verdict

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="bench_load uses PostgreSQL COPY; the benchmarks measure PostgreSQL"
)


@postgres_only
@pytest.mark.django_db
def test_bench_load_fills_every_table_within_the_constraints():
    call_command("bench_load", scale=0.001, verbosity=0)

    assert Claim.objects.count() == 1_000
    assert Appearance.objects.count() == 2_000
    # Indexed for claim matching, so the matching benchmark has something to find.
    some_claim = Claim.objects.order_by("pk").first()
    assert claim_match(some_claim.text).claim == some_claim
    assert Speaker.objects.count() == 10
    published = Verdict.objects.filter(status=Verdict.Status.PUBLISHED)
    assert published.count() == 100
    # Every published verdict's claim is published, and only those.
    assert Claim.objects.filter(status=Claim.Status.PUBLISHED).count() == 100
    assert not published.filter(rating__isnull=True).exists()
    assert not published.exclude(claim__status=Claim.Status.PUBLISHED).exists()
    # Public fact-checks are searchable: their search document is written with them.
    fact_check = published.select_related("claim").first()
    assert fact_check.claim.text in fact_check.search_document
    assert not Verdict.objects.filter(status=Verdict.Status.DRAFT).exclude(search_document="").exists()
    # Duplicates point at older claims.
    duplicates = Claim.objects.filter(status=Claim.Status.DUPLICATE)
    assert duplicates.exists()
    assert all(c.duplicate_of_id < c.pk for c in duplicates)
    # Appearances really sit at their offsets in their source's text.
    for appearance in Appearance.objects.select_related("source")[:300]:
        assert appearance.source.text[appearance.start : appearance.end] == appearance.sentence
    # Zipf skew: the busiest speaker makes far more claims than the quietest.
    counts = sorted(s.claims.count() for s in Speaker.objects.all())
    assert counts[-1] > 5 * counts[0]
    # New rows created through the ORM afterwards get fresh ids (the sequences were moved on).
    assert Speaker.objects.create(name="After Load", slug="after-load").pk > 10


@postgres_only
@pytest.mark.django_db
def test_bench_load_refuses_to_mix_with_existing_claims(claim):
    with pytest.raises(CommandError, match="already holds claims"):
        call_command("bench_load", scale=0.001, verbosity=0)
    assert list(Claim.objects.all()) == [claim]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal on SQLite")
@pytest.mark.django_db
def test_bench_load_says_it_needs_postgresql_on_sqlite():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_load", scale=0.001, verbosity=0)
    assert not Claim.objects.exists()

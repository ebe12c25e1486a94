"""Two curators merging overlapping sets of claims at the same moment, on real PostgreSQL
connections: the result is consistent whichever wins, no appearance or evidence link is lost
or left on a duplicate, and no duplicate points at another duplicate."""

from __future__ import annotations

import hashlib

import pytest

from claims import services
from claims.models import Appearance, Claim, EvidenceLink
from claims.workflow import TransitionError
from sources.models import Source
from tests.concurrency import POSTGRES_RACE, race_on_row

pytestmark = POSTGRES_RACE


@pytest.fixture
def second_checker(roles, django_user_model):
    from claims.roles import FACT_CHECKER

    user = django_user_model.objects.create_user(username="fred", password="fred-pass", is_staff=True)
    user.groups.add(roles[FACT_CHECKER])
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def claims_with_appearances(fact_checker):
    sentences = [f"The deficit was {n} billion in 2023." for n in range(10, 16)]
    text = " ".join(sentences)
    source = Source.objects.create(
        url="https://news.example/deficit", text=text, fingerprint=hashlib.sha256(text.encode()).hexdigest()
    )
    claims = []
    for sentence in sentences:
        claim = services.claim_create(text=sentence, score=0.5)
        start = text.index(sentence)
        Appearance.objects.create(
            claim=claim, source=source, sentence=sentence, start=start, end=start + len(sentence)
        )
        # Unlocated appearance of the same source on every claim: merging must dedupe these.
        Appearance.objects.create(claim=claim, source=source, sentence=sentence)
        services.evidence_add(claim=claim, url="https://stats.example/deficit", user=fact_checker)
        services.evidence_add(claim=claim, url=f"https://stats.example/{claim.pk}", user=fact_checker)
        claims.append(claim)
    return claims


def _assert_consistent(all_claims, located_before: int):
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=[c.pk for c in all_claims])}
    for claim in claims.values():
        if claim.status == Claim.Status.DUPLICATE:
            target = claims[claim.duplicate_of_id]
            assert target.status != Claim.Status.DUPLICATE, f"#{claim.pk} points at duplicate #{target.pk}"
    assert not Appearance.objects.filter(claim__status=Claim.Status.DUPLICATE).exists()
    assert not EvidenceLink.objects.filter(claim__status=Claim.Status.DUPLICATE).exists()
    # Every located sentence is still attached to exactly one (live) claim.
    assert Appearance.objects.filter(start__isnull=False).count() == located_before
    # Per-claim evidence stays unique and every claim-specific link survived.
    urls = set(EvidenceLink.objects.values_list("url", flat=True))
    assert {f"https://stats.example/{pk}" for pk in claims} <= urls


def _race(lock_pk: int, *calls):
    return race_on_row(Claim._meta.db_table, lock_pk, *calls)


def test_overlapping_merges_one_wins_the_other_is_refused(claims_with_appearances, fact_checker, second_checker):
    c = claims_with_appearances
    located = Appearance.objects.filter(start__isnull=False).count()
    outcomes = _race(
        c[2].pk,  # the claim both merges want
        lambda: services.claims_merge(keep=c[0], others=[c[1], c[2]], user=fact_checker),
        lambda: services.claims_merge(keep=c[3], others=[c[2]], user=second_checker),
    )
    assert sum(bool(o.results) for o in outcomes) == 1
    [error] = [e for o in outcomes for e in o.errors]
    assert isinstance(error, TransitionError) and "duplicate" in str(error)
    _assert_consistent(c, located)


def test_chained_merges_at_once_leave_no_duplicate_of_a_duplicate(
    claims_with_appearances, fact_checker, second_checker
):
    c = claims_with_appearances
    located = Appearance.objects.filter(start__isnull=False).count()
    # One curator folds #1 into #0 while the other folds #2 into #1.
    outcomes = _race(
        c[1].pk,
        lambda: services.claims_merge(keep=c[0], others=[c[1]], user=fact_checker),
        lambda: services.claims_merge(keep=c[1], others=[c[2]], user=second_checker),
    )
    assert not [e for o in outcomes for e in o.errors if not isinstance(e, TransitionError)]
    assert sum(bool(o.results) for o in outcomes) >= 1
    _assert_consistent(c, located)


def test_crossing_merges_do_not_deadlock(claims_with_appearances, fact_checker, second_checker):
    c = claims_with_appearances
    located = Appearance.objects.filter(start__isnull=False).count()
    # Opposite directions over the same pair: locking in id order means no deadlock.
    outcomes = _race(
        c[4].pk,
        lambda: services.claims_merge(keep=c[4], others=[c[5]], user=fact_checker),
        lambda: services.claims_merge(keep=c[5], others=[c[4]], user=second_checker),
    )
    assert sum(bool(o.results) for o in outcomes) == 1
    assert all(isinstance(e, TransitionError) for o in outcomes for e in o.errors)
    _assert_consistent(c, located)

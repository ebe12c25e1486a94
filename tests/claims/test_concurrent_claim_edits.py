"""Two curators saving or taking the same claim at the same moment, on real PostgreSQL
connections: one wins, the other is told why, and nothing is silently lost."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim
from tests.concurrency import POSTGRES_RACE, race_on_row

pytestmark = POSTGRES_RACE


@pytest.fixture
def second_checker(roles, django_user_model):
    from claims.roles import FACT_CHECKER

    user = django_user_model.objects.create_user(username="gus", password="gus-pass", is_staff=True)
    user.groups.add(roles[FACT_CHECKER])
    return django_user_model.objects.get(pk=user.pk)


def test_one_of_two_simultaneous_claim_saves_wins(claim, fact_checker, second_checker):
    opened_at = claim.version

    def save(user, text):
        return lambda: services.claim_update(claim=claim, user=user, expected_version=opened_at, text=text)

    outcomes = race_on_row(
        Claim._meta.db_table, claim.pk,
        save(fact_checker, "Unemployment fell to 4.1 percent."), save(second_checker, "Unemployment fell to 3.9 percent."),
    )
    won = [o for o in outcomes if o.results]
    lost = [o for o in outcomes if o.errors]
    assert len(won) == 1 and len(lost) == 1
    assert isinstance(lost[0].errors[0], services.ConcurrentEditError)
    saved = Claim.objects.get(pk=claim.pk)
    assert saved.text == won[0].results[0].text and saved.version == opened_at + 1

def test_two_simultaneous_assign_to_me_give_the_claim_to_one(claim, fact_checker, second_checker):
    def take(user):
        return lambda: services.claim_assign(claim=claim, assignee=user, user=user, expected_assignee_id=None)

    outcomes = race_on_row(Claim._meta.db_table, claim.pk, take(fact_checker), take(second_checker))
    won = [o.results[0].assignee for o in outcomes if o.results]
    refused = [str(o.errors[0]) for o in outcomes if o.errors]
    assert len(won) == 1 and len(refused) == 1
    assert f"already assigned to {won[0].get_username()}" in refused[0]
    assert Claim.objects.get(pk=claim.pk).assignee == won[0]

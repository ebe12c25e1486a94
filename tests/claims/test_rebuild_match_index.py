import pytest
from django.core.management import call_command

from claims.matching.decide import Outcome
from claims.matching.lookup import claim_match
from claims.models import Claim, ClaimEmbedding

pytestmark = pytest.mark.django_db

TEXT = "The new bridge over the Danube cost 2.4 billion euros in 2023."


def test_claims_written_around_the_services_are_matched_after_a_rebuild(capsys):
    written_directly = Claim.objects.create(text=TEXT)
    # Not indexed yet, on either database: the word index reads only indexed claims.
    assert claim_match(TEXT.rstrip(".")).outcome == Outcome.NEW
    call_command("rebuild_match_index")
    assert "1 claims indexed" in capsys.readouterr().out
    assert ClaimEmbedding.objects.filter(claim=written_directly).exists()
    assert claim_match(TEXT.rstrip(".")).claim == written_directly


def test_an_edited_claim_is_matched_by_its_new_wording(fact_checker):
    from claims.services import claim_create, claim_update

    claim = claim_create(text=TEXT)
    claim_update(
        claim=claim, user=fact_checker, expected_version=claim.version,
        text="The new tunnel under the Rhine cost 3.1 billion euros in 2024.",
    )
    assert claim_match("The new tunnel under the Rhine cost 3.1 billion euros in 2024!").claim == claim
    assert claim_match(TEXT).outcome == Outcome.NEW

import pytest
from django.core.management import call_command

from claims.matching.lookup import claim_match
from claims.models import Claim, ClaimEmbedding

pytestmark = pytest.mark.django_db

TEXT = "The new bridge over the Danube cost 2.4 billion euros in 2023."


def test_a_claim_written_around_the_services_is_found_and_the_rebuild_stores_its_vector(capsys):
    written_directly = Claim.objects.create(text=TEXT)
    # No vector yet: matching embeds it on the fly rather than missing it.
    assert claim_match(TEXT.rstrip(".")).claim == written_directly
    call_command("rebuild_match_index")
    assert "1 claims indexed" in capsys.readouterr().out
    assert ClaimEmbedding.objects.filter(claim=written_directly).exists()
    assert claim_match(TEXT.rstrip(".")).claim == written_directly

import pytest
from django.core.management import call_command

from claims.models import Claim
from sources.matching import claim_find_match

pytestmark = pytest.mark.django_db


def test_claims_written_around_the_services_are_matched_after_a_rebuild(capsys):
    written_directly = Claim.objects.create(text="The new bridge over the Danube cost 2.4 billion euros in 2023.")
    assert claim_find_match("The new bridge over the Danube cost 2.4 billion euros in 2023") is None
    call_command("rebuild_match_keys")
    assert "1 claims indexed" in capsys.readouterr().out
    assert claim_find_match("The new bridge over the Danube cost 2.4 billion euros in 2023") == written_directly

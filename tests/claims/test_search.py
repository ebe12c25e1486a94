import pytest

from claims import services
from claims.models import Claim, Verdict
from claims.search import search_claims, search_verdicts
from claims.selectors import public_verdicts


@pytest.mark.django_db
def test_search_finds_verdicts_by_claim_text_headline_and_summary(claim, publish_verdict):
    verdict = publish_verdict(claim, headline="Jobless rate claim is wrong")
    other = publish_verdict(services.claim_create(text="The bridge cost 2 billion euros."), headline="Bridge cost")
    assert list(search_verdicts(public_verdicts(), "unemployment")) == [verdict]
    assert list(search_verdicts(public_verdicts(), "jobless")) == [verdict]
    assert list(search_verdicts(public_verdicts(), "bridge")) == [other]
    assert set(search_verdicts(public_verdicts(), "")) == {verdict, other}


@pytest.mark.django_db
def test_search_never_widens_the_queryset(claim, fact_checker):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(claim=claim, headline="Unemployment draft", user=fact_checker)
    assert not search_verdicts(public_verdicts(), "unemployment").exists()
    assert Verdict.objects.filter(headline__contains="draft").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["'; DROP TABLE claims_claim; --", "a" * 5000, "\"unbalanced", "%_\\"])
def test_hostile_queries_return_normal_results(claim, query):
    assert list(search_claims(Claim.objects.all(), query)) == []


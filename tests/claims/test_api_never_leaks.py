"""Drafts, in-review verdicts, rejected candidates, internal notes, assignees and user emails
never reach a partner key or an anonymous caller: on any endpoint, filter, search or feed."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.claims.api_newsroom import SECRET

# Every read endpoint, with the searches and filters that would find the hidden rows if the
# queryset were wrong.
PROBES = [
    "/api/v1/fact-checks/?page_size=100",
    "/api/v1/fact-checks/?q=SECRET",
    "/api/v1/fact-checks/?q=draft",
    "/api/v1/fact-checks/?status=published&rating=false,true&page_size=100",
    "/api/v1/fact-checks/?speaker=dmitry-peskov",
    "/api/v1/fact-checks/?updated_since=2000-01-01&ordering=updated_at",
    "/api/v1/claimreview/?page_size=100",
    "/api/v1/claimreview/?q=SECRET",
    "/api/v1/claims/?page_size=100",
    "/api/v1/claims/?q=unemployment",
    "/api/v1/claims/?q=SECRET",
    "/api/v1/claims/?status=rejected",
    "/api/v1/claims/?status=candidate",
    "/api/v1/claims/?status=in_research",
    "/api/v1/claims/?rating=false,true",
    "/api/v1/claims/?speaker=dmitry-peskov",
    "/api/v1/claims:search?query=SECRET",
    "/api/v1/claims:search?query=unemployment",
    "/api/v1/claims:search?pageSize=100",
    "/api/v1/speakers/?page_size=100",
    "/api/v1/speakers/?q=SECRET",
    "/api/v1/speakers/dmitry-peskov/",
    "/api/v1/ratings/",
]


def assert_clean(content: bytes) -> None:
    text = content.decode()
    assert SECRET not in text
    assert "@newsroom.test" not in text  # user emails
    assert "internal_note" not in text
    assert "assignee" not in text
    assert "in_review" not in text
    assert "draft" not in text.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("caller", ["partner", "anonymous"])
def test_no_endpoint_leaks_unpublished_work(partner_client, api_client, newsroom, caller):
    client = partner_client if caller == "partner" else api_client
    with override_settings(FACTCHECK_API_ANONYMOUS_READS=True):
        for url in PROBES:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content)
            assert_clean(response.content)
        for hidden in (newsroom.draft, newsroom.in_review):
            for url in (f"/api/v1/fact-checks/{hidden.pk}/", f"/api/v1/fact-checks/{hidden.pk}/claimreview/",
                        f"/api/v1/claims/{hidden.claim_id}/"):
                assert client.get(url).status_code == 404, url
        for claim in (newsroom.rejected, newsroom.candidate):
            assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 404


@pytest.mark.django_db
def test_published_claims_do_not_carry_their_internal_note(partner_client, newsroom):
    response = partner_client.get(f"/api/v1/claims/{newsroom.published.claim_id}/")
    assert response.status_code == 200
    assert_clean(response.content)


@pytest.mark.django_db
def test_retraction_with_a_new_draft_shows_only_the_public_verdict(partner_client, newsroom, fact_checker):
    from claims import services

    services.claims_apply(claims=[newsroom.retracted.claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(claim=newsroom.retracted.claim, headline=f"{SECRET} second attempt", user=fact_checker)
    response = partner_client.get(f"/api/v1/claims/{newsroom.retracted.claim_id}/")
    assert [f["status"] for f in response.json()["fact_checks"]] == ["retracted"]
    assert_clean(response.content)

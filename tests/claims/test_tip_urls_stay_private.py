"""A tip's URL is unreviewed input: it never shows as an appearance on public pages, in the
ClaimReview JSON-LD or in the partner API, even when the tip matches a published claim."""

from __future__ import annotations

import pytest

from sources.services import tip_submit

pytestmark = pytest.mark.django_db

TIP_URL = "https://smear-site.example/peskov-lies"


def test_tip_on_a_published_claim_stays_in_the_newsroom(claim, source, publish_verdict, partner_client, client, staff_client, editor):
    from claims.models import Appearance

    Appearance.objects.create(claim=claim, source=source, sentence=source.text, start=0, end=len(source.text))
    verdict = publish_verdict(claim)
    result = tip_submit(text=claim.text, url=TIP_URL, submitted_by="reader")
    assert result.matched and result.claim.pk == claim.pk
    assert claim.appearances.filter(source__url=TIP_URL).exists()  # curators still see it

    page = client.get(verdict.get_absolute_url(), secure=True).content.decode()
    assert source.url in page and TIP_URL not in page
    api = partner_client.get(f"/api/v1/fact-checks/{verdict.pk}/").content.decode()
    api += partner_client.get(f"/api/v1/fact-checks/{verdict.pk}/claimreview/").content.decode()
    assert source.url in api and TIP_URL not in api
    claims_api = partner_client.get("/api/v1/claims/").content.decode()
    assert TIP_URL not in claims_api

    staff_client.force_login(editor)
    preview = staff_client.get(f"{verdict.get_absolute_url()}preview/").content.decode()
    assert TIP_URL not in preview

"""A tip is unreviewed input from a reader or a partner: whatever URL it names, its text never
becomes a quote under "Where it was said" on the public page, in ClaimReview or in the API.
Public appearances come only from reviewed sources (ingested articles, or a tip's page an editor
approved)."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Appearance
from sources.models import Source
from sources.services import article_ingest, tip_submit

pytestmark = pytest.mark.django_db

ARTICLE_URL = "https://wire.example/budget"
ARTICLE = (
    "Finance minister Anna Example spoke in parliament on Tuesday.\n\n"
    '"The new bridge cost two billion euros and came in under budget," Example said.'
)
FABRICATED = "The new bridge cost two billion euros and came in under budget, and I stole half of it."


@pytest.fixture
def published_from_article(publish_verdict):
    result = article_ingest(text=ARTICLE, url=ARTICLE_URL, title="Budget debate", publisher="Wire", threshold=0.0)
    claim = next(c for c in result.claims if "bridge" in c.text)
    return publish_verdict(claim, headline="The bridge did not come in under budget")


def _everything_public(verdict, client, partner_client) -> str:
    return "".join(
        [
            client.get(verdict.get_absolute_url(), secure=True).content.decode(),
            partner_client.get(f"/api/v1/fact-checks/{verdict.pk}/").content.decode(),
            partner_client.get(f"/api/v1/fact-checks/{verdict.pk}/claimreview/").content.decode(),
            partner_client.get(f"/api/v1/claims/{verdict.claim_id}/").content.decode(),
        ]
    )


def test_tip_naming_an_ingested_article_adds_no_quote_to_it(published_from_article, client, partner_client):
    verdict = published_from_article
    article = Source.objects.get(url=ARTICLE_URL)
    result = tip_submit(text=FABRICATED, url=ARTICLE_URL, submitted_by="anonymous reader")

    assert result.matched and result.claim.pk == verdict.claim_id
    # The article keeps exactly the sentences ingestion found in it.
    assert not Appearance.objects.filter(source=article, sentence=FABRICATED).exists()
    assert "stole half" not in _everything_public(verdict, client, partner_client)
    # Curators still learn where the tip pointed.
    verdict.claim.refresh_from_db()
    assert ARTICLE_URL in verdict.claim.internal_note


def test_unreviewed_tip_page_stays_off_the_public_record_until_an_editor_approves_it(
    published_from_article, client, partner_client, editor, fact_checker
):
    from sources.services import source_approve

    verdict = published_from_article
    tip_url = "https://video.example/watch?v=bridge"
    tip_submit(text=FABRICATED, url=tip_url)
    assert "video.example" not in _everything_public(verdict, client, partner_client)

    tip_source = Source.objects.get(url=tip_url)
    with pytest.raises(services.PermissionDenied):
        source_approve(source=tip_source, user=fact_checker)
    assert "video.example" not in _everything_public(verdict, client, partner_client)

    source_approve(source=tip_source, user=editor)
    assert "video.example" in _everything_public(verdict, client, partner_client)
    # An approved page is reviewed: a later tip naming it adds nothing to it either.
    tip_submit(text=FABRICATED + " Twice.", url=tip_url)
    assert Appearance.objects.filter(source=tip_source).count() == 1

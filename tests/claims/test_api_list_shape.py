"""List pages embed a bounded number of appearances; the detail carries them all. The plain
functions that build the hot paths (`claims.api.representations`) render exactly what the
declared serializers (the OpenAPI contract) would."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from claims import selectors, services
from claims.api.representations import fact_checks
from claims.api.serializers import FactCheckListItemSerializer, FactCheckSerializer
from claims.models import Appearance
from sources.models import Source

URL = "/api/v1/fact-checks/"


def _repeat(claim, times: int) -> None:
    for n in range(times):
        text = f"Article {n}: {claim.text}"
        source = Source.objects.create(
            url=f"https://wire.example/{n}",
            title=f"Wire story {n}",
            publisher="Wire",
            text=text,
            fingerprint=hashlib.sha256(text.encode()).hexdigest(),
        )
        Appearance.objects.create(
            claim=claim, source=source, sentence=claim.text, said_on=dt.date(2025, 1, 1) + dt.timedelta(days=n)
        )


@pytest.fixture
def repeated(newsroom):
    _repeat(newsroom.published.claim, 6)  # plus the newsroom's own appearance: 7 in all
    return newsroom.published


@pytest.mark.django_db
def test_list_embeds_the_first_three_appearances_and_says_how_many(partner_client, repeated):
    row = next(r for r in partner_client.get(URL).json()["results"] if r["id"] == repeated.pk)
    assert row["appearance_count"] == 7
    assert [a["source"]["url"] for a in row["appearances"]] == [
        "https://wire.example/0",
        "https://wire.example/1",
        "https://wire.example/2",
    ]


@pytest.mark.django_db
def test_detail_lists_every_appearance(partner_client, repeated):
    body = partner_client.get(f"{URL}{repeated.pk}/").json()
    assert body["appearance_count"] == 7
    assert len(body["appearances"]) == 7


@pytest.mark.django_db
def test_a_fact_check_without_appearances_counts_zero(partner_client, newsroom):
    body = partner_client.get(f"{URL}{newsroom.other.pk}/").json()
    assert (body["appearance_count"], body["appearances"]) == (0, [])


@pytest.mark.django_db
def test_plain_representations_match_the_declared_serializers(repeated, newsroom, editor, fact_checker, publish_verdict):
    # Several of each embedded collection, so their order is held too.
    published = newsroom.published
    services.correction_add(verdict=published, note="We fixed the year.", editor=editor)
    services.correction_add(verdict=published, note="And the month.", editor=editor)
    published.claim.tags.add(services.tag_get_or_create(name="Alpha"), services.tag_get_or_create(name="Zulu"))
    for n, stance in enumerate(("refutes", "supports")):
        services.evidence_add(
            claim=published.claim, url=f"https://figures.example/{n}", title=f"Table {n}", user=editor, stance=stance,
            public_note=f"Added table {n}.", accessed_at=dt.date(2025, 3, 1 + n),
        )
    published.authors.add(editor, fact_checker)
    type(editor).objects.filter(pk=editor.pk).update(first_name="Edgar", last_name="Allan")
    publish_verdict(services.claim_create(text="A viral post says 5G spreads flu."), headline="No, it does not")
    detail = list(selectors.public_verdicts())
    listed = list(selectors.public_verdicts(appearance_limit=selectors.LIST_APPEARANCES))
    ids = [v.pk for v in detail]
    assert len(ids) == 4
    assert fact_checks(ids, appearance_limit=None) == FactCheckSerializer(detail, many=True).data
    assert fact_checks(ids, appearance_limit=3) == FactCheckListItemSerializer(listed, many=True).data

"""The dashboard on the admin index: queue size, research per assignee, review, this week."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Rating, Verdict
from claims.templatetags.curation_admin import start_of_week


def _tile(page: str, tile_id: str) -> str:
    return page.split(f'id="{tile_id}"', 1)[1].split("</div>", 1)[0]


@pytest.mark.django_db
def test_dashboard_shows_the_four_figures(checker_client, fact_checker, editor, publish_verdict):
    for i in range(3):
        services.claim_create(text=f"Candidate number {i}.")
    mine = [services.claim_create(text=f"Mine {i}.") for i in range(2)]
    theirs = services.claim_create(text="Edgar's.")
    for c in mine:
        services.claim_apply(claim=c, action="start_research", user=fact_checker)
        services.claim_assign(claim=c, assignee=fact_checker, user=fact_checker)
    services.claim_apply(claim=theirs, action="start_research", user=fact_checker)
    services.claim_assign(claim=theirs, assignee=editor, user=fact_checker)
    reviewed = services.claim_create(text="Awaiting review.")
    services.claims_apply(claims=[reviewed], action="accept", user=fact_checker)  # drafting needs an accepted claim
    draft = services.verdict_create(
        claim=reviewed, headline="In review", user=fact_checker, rating=Rating.objects.first(), summary="Checked."
    )
    services.evidence_add(claim=reviewed, url="https://stats.example/review", user=fact_checker)
    services.verdict_submit(verdict=draft, user=fact_checker)
    publish_verdict(services.claim_create(text="Published this week."), headline="Fresh")
    old = publish_verdict(services.claim_create(text="Published long ago."), headline="Old")
    Verdict.objects.filter(pk=old.pk).update(published_at=start_of_week() - timedelta(days=1))

    page = checker_client.get(reverse("admin:index")).content.decode()

    assert '<span class="figure">3</span>' in _tile(page, "dash-queue")
    assert '<span class="figure">1</span>' in _tile(page, "dash-review")
    assert '<span class="figure">1</span>' in _tile(page, "dash-published")
    research = _tile(page, "dash-research")
    assert 'fiona</a>: <span class="count">2</span>' in research
    assert 'edgar</a>: <span class="count">1</span>' in research

    # Each figure links to the list it counts.
    for tile_id, expected in (("dash-published", 1), ("dash-review", 1), ("dash-queue", 3)):
        href = _tile(page, tile_id).split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        assert len(checker_client.get(href).context["cl"].result_list) == expected, tile_id


@pytest.mark.django_db
def test_dashboard_costs_the_same_with_more_data(checker_client, fact_checker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            checker_client.get(reverse("admin:index"))
        return len(captured)

    before = queries()
    for i in range(20):
        claim = services.claim_create(text=f"Claim {i}.")
        services.claim_apply(claim=claim, action="start_research", user=fact_checker)
    assert queries() == before


def test_week_starts_on_monday_in_the_newsroom_time_zone():
    wednesday = timezone.make_aware(datetime(2026, 11, 25, 15, 0))
    assert start_of_week(wednesday) == timezone.make_aware(datetime(2026, 11, 23, 0, 0))

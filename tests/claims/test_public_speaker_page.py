"""A speaker's page: their rated claims and a scorecard of how they were rated."""

from __future__ import annotations

import re

import pytest

from claims import services
from tests.claims.public_helpers import make_factcheck, visible_text

pytestmark = pytest.mark.django_db


def _make(publish_verdict, editor, fact_checker, speaker, n, rating_slug):
    return make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                          text=f"Claim {n} by the speaker.", headline=f"Fact-check {n}",
                          rating_slug=rating_slug)


@pytest.fixture
def record(publish_verdict, editor, fact_checker, speaker):
    ratings = ["false", "false", "true", "pants-on-fire", "false"]
    return [_make(publish_verdict, editor, fact_checker, speaker, n, r) for n, r in enumerate(ratings)]


def _scorecard(html: str) -> dict[str, int]:
    rows = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>.*?<td class="scorecard__count">(\d+)</td>', html, re.S)
    return {label: int(count) for label, count in rows}


def test_scorecard_counts_each_rating(client, record, speaker):
    response = client.get(speaker.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    card = _scorecard(html)
    assert card == {"True": 1, "Mostly true": 0, "Half true": 0, "Mostly false": 0, "False": 3,
                    "Pants on fire": 1, "Misleading": 0, "Unproven": 0}
    assert "5 published ratings of claims by Dmitry Peskov." in visible_text(html)


def test_scorecard_bars_are_drawn_server_side_in_the_ratings_colours(client, record, speaker):
    html = client.get(speaker.get_absolute_url()).content.decode()
    # The most frequent rating fills the bar; the others in proportion; no inline styles.
    assert '<rect width="100" height="10" fill="#b3261e"/>' in html  # False: 3 of 3
    assert '<rect width="33" height="10" fill="#1b7a3a"/>' in html  # True: 1 of 3
    assert "style=" not in html


def test_retracted_verdicts_do_not_count_in_the_scorecard(client, record, speaker, editor):
    services.verdict_retract(verdict=record[0], editor=editor, note="Withdrawn.")
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert _scorecard(html)["False"] == 2
    assert "Fact-check 0" in html  # still listed, marked retracted


def test_speaker_page_lists_the_rated_claims_newest_first(client, record, speaker):
    response = client.get(speaker.get_absolute_url())
    assert [v.headline for v in response.context["page"].items] == [f"Fact-check {n}" for n in (4, 3, 2, 1, 0)]
    assert "Kremlin press secretary" in response.content.decode()


def test_speaker_without_public_fact_checks_has_no_page(client, speaker, claim, fact_checker):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(claim=claim, headline="Draft only", user=fact_checker)
    assert client.get(speaker.get_absolute_url()).status_code == 404


def test_speaker_page_query_count_does_not_grow_with_page_size(client, record, speaker, settings,
                                                               django_assert_num_queries):
    settings.FACTCHECK_PUBLIC_CACHE_SECONDS = 0
    for page_size in (2, 5):
        settings.FACTCHECK_PUBLIC_PAGE_SIZE = page_size
        # Speaker, the scale with its kept counts (one query), fact-checks, their tags.
        with django_assert_num_queries(4):
            response = client.get(speaker.get_absolute_url())
        assert len(response.context["page"].items) == page_size

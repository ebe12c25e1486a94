"""The fact-check index: newest first, filters, search, pagination, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import make_factcheck, visible_text

pytestmark = pytest.mark.django_db

INDEX = reverse("claims:factcheck_list")


@pytest.fixture
def archive(publish_verdict, editor, fact_checker, speaker):
    """Three fact-checks (oldest first) by two speakers, with ratings and topics that differ."""
    other = services.speaker_create(name="Jane Roe", role="Mayor")
    return [
        make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                       text="The bridge cost 2 billion euros.", headline="Bridge cost was lower",
                       rating_slug="false", tags=("Transport",)),
        make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=other,
                       text="Crime fell by half in the city.", headline="Crime did fall, by a third",
                       rating_slug="half-true", tags=("Crime",)),
        make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                       text="Exports doubled since 2020.", headline="Exports did double",
                       rating_slug="true", tags=("Economy", "Transport")),
    ]


def _headlines(response) -> list[str]:
    return [v.headline for v in response.context["page"].items]


def test_home_leads_to_the_index(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == INDEX


def test_index_lists_newest_first_and_hides_drafts(client, archive, claim, fact_checker):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(claim=claim, headline="Unfinished draft", user=fact_checker)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert _headlines(response) == ["Exports did double", "Crime did fall, by a third", "Bridge cost was lower"]
    assert "Unfinished draft" not in response.content.decode()


def test_index_shows_retracted_fact_checks_as_retracted(client, archive, editor):
    services.verdict_retract(verdict=archive[0], editor=editor, note="Wrong figures.")
    html = client.get(INDEX).content.decode()
    card = html[html.index("Bridge cost was lower"):]
    assert "Retracted" in visible_text(card[: card.index("</article>")])


def test_filter_by_rating(client, archive):
    response = client.get(INDEX, {"rating": "half-true"})
    assert _headlines(response) == ["Crime did fall, by a third"]


def test_filter_by_speaker(client, archive, speaker):
    response = client.get(INDEX, {"speaker": speaker.slug})
    assert _headlines(response) == ["Exports did double", "Bridge cost was lower"]
    assert "Speaker: Dmitry Peskov" in visible_text(response.content.decode())


def test_filter_by_tag(client, archive):
    response = client.get(INDEX, {"tag": "transport"})
    assert _headlines(response) == ["Exports did double", "Bridge cost was lower"]


def test_filters_combine(client, archive, speaker):
    response = client.get(INDEX, {"tag": "transport", "rating": "true", "speaker": speaker.slug})
    assert _headlines(response) == ["Exports did double"]


def test_full_text_search(client, archive):
    assert _headlines(client.get(INDEX, {"q": "bridge"})) == ["Bridge cost was lower"]
    assert _headlines(client.get(INDEX, {"q": "crime"})) == ["Crime did fall, by a third"]
    response = client.get(INDEX, {"q": "volcano"})
    assert _headlines(response) == []
    assert "No fact-checks match these filters." in response.content.decode()


def test_search_results_are_not_indexed_by_search_engines(client, archive):
    assert '<meta name="robots" content="noindex, nofollow">' in client.get(INDEX, {"q": "bridge"}).content.decode()
    assert 'name="robots"' not in client.get(INDEX).content.decode()


@pytest.mark.parametrize("params, message", [
    ({"rating": "sort-of-true"}, "There is no such rating"),
    ({"speaker": "nobody-at-all"}, "There is no such speaker."),
    ({"tag": "no-such-topic"}, "There is no such topic."),
])
def test_unknown_filter_values_get_a_clear_error(client, archive, params, message):
    response = client.get(INDEX, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _headlines(response) == []


def test_pagination_walks_the_archive_without_overlap(client, archive, settings):
    settings.FACTCHECK_PUBLIC_PAGE_SIZE = 2
    first = client.get(INDEX, {"tag": "transport", "page": 1})
    assert _headlines(first) == ["Exports did double", "Bridge cost was lower"]
    assert 'rel="next"' not in first.content.decode()
    all_pages = client.get(INDEX)
    assert _headlines(all_pages) == ["Exports did double", "Crime did fall, by a third"]
    html = all_pages.content.decode()
    assert '<a rel="next" href="?page=2">Older</a>' in html
    second = client.get(INDEX, {"page": 2})
    assert _headlines(second) == ["Bridge cost was lower"]
    assert '<a rel="prev" href="?page=1">Newer</a>' in second.content.decode()


@pytest.mark.parametrize("page", ["0", "abc", "-1", "99"])
def test_pages_that_do_not_exist_are_404(client, archive, page):
    assert client.get(INDEX, {"page": page}).status_code == 404


def test_index_query_count_does_not_grow_with_page_size(client, archive, settings, publish_verdict,
                                                        editor, fact_checker, django_assert_num_queries):
    for n in range(11):
        make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker,
                       text=f"Claim number {n} is here.", headline=f"Fact-check {n}", tags=("Economy",))
    settings.FACTCHECK_PUBLIC_CACHE_SECONDS = 0  # count what rendering costs
    for page_size in (2, 10):
        settings.FACTCHECK_PUBLIC_PAGE_SIZE = page_size
        # Fact-checks, their tags, the rating choices.
        with django_assert_num_queries(3):
            response = client.get(INDEX, {"page": 1})
        assert len(response.context["page"].items) == page_size
        # A filtered search adds the rating and topic lookups only.
        with django_assert_num_queries(5):
            response = client.get(INDEX, {"q": "claim", "rating": "false", "tag": "economy"})
        assert len(response.context["page"].items) == page_size

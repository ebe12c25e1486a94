"""RSS and Atom feeds of fact-checks and corrections, read with a real feed parser."""

from __future__ import annotations

import feedparser
import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import make_factcheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(publish_verdict, editor, fact_checker, speaker):
    older = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                           headline="Older fact-check", tags=("Economy",), correction="Fixed a date.")
    newer = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                           text="Exports doubled.", headline="Newer fact-check", rating_slug="true")
    return older, newer


def _feed(client, name):
    response = client.get(reverse(f"claims:{name}"))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("name, content_type", [
    ("feed_factchecks_rss", "application/rss+xml"), ("feed_factchecks_atom", "application/atom+xml"),
])
def test_fact_check_feeds_list_published_fact_checks_newest_first(client, published, claim, fact_checker,
                                                                  settings, name, content_type):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(claim=claim, headline="Draft in progress", user=fact_checker)
    response, feed = _feed(client, name)
    assert response["Content-Type"].startswith(content_type)
    older, newer = published
    assert [e.title for e in feed.entries] == ["Newer fact-check", "Older fact-check"]
    assert [e.link for e in feed.entries] == [
        settings.FACTCHECK_SITE_URL + v.get_absolute_url() for v in (newer, older)
    ]
    assert "Our rating: <strong>True</strong>" in feed.entries[0].summary
    assert {t.term for t in feed.entries[1].tags} == {"False", "Economy"}
    assert feed.feed.title == f"{settings.FACTCHECK_ORGANIZATION_NAME}: fact-checks"


def test_retracted_fact_check_stays_in_the_feed_marked_as_retracted(client, published, editor):
    older, _ = published
    services.verdict_retract(verdict=older, editor=editor, note="The figures were revised.")
    _, feed = _feed(client, "feed_factchecks_atom")
    entry = next(e for e in feed.entries if "Older" in e.title)
    assert entry.title == "Retracted: Older fact-check"
    assert "The figures were revised." in entry.summary


@pytest.mark.parametrize("name", ["feed_corrections_rss", "feed_corrections_atom"])
def test_correction_feeds_link_to_the_correction_on_its_page(client, published, settings, name):
    older, _ = published
    correction = older.corrections.get()
    _, feed = _feed(client, name)
    (entry,) = feed.entries
    assert entry.title == "Correction: Older fact-check"
    assert entry.link == f"{settings.FACTCHECK_SITE_URL}{older.get_absolute_url()}#correction-{correction.pk}"
    assert "Fixed a date." in entry.summary


def test_pages_advertise_the_feeds(client, published):
    html = client.get(reverse("claims:factcheck_list")).content.decode()
    assert f'type="application/atom+xml" title="Factcheck Desk: fact-checks" href="{reverse("claims:feed_factchecks_atom")}"' in html


def test_feed_query_count_does_not_grow_with_items(client, published, publish_verdict, editor,
                                                   fact_checker, settings, django_assert_num_queries):
    settings.FACTCHECK_PUBLIC_CACHE_SECONDS = 0
    with django_assert_num_queries(2):
        client.get(reverse("claims:feed_factchecks_rss"))
    for n in range(3):
        make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker,
                       text=f"More claim {n}.", headline=f"More {n}")
    with django_assert_num_queries(2):
        _, feed = _feed(client, "feed_factchecks_rss")
    assert len(feed.entries) == 5

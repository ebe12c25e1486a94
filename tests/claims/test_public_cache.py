"""Public pages are served from the cache, and a publish, correction, retraction or rating change
shows at once despite it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Rating
from tests.claims.public_helpers import make_factcheck

pytestmark = pytest.mark.django_db

INDEX = reverse("claims:factcheck_list")


@pytest.fixture
def live(publish_verdict, editor, fact_checker, speaker, django_capture_on_commit_callbacks):
    """Publish through the services with their on-commit work actually run, as in production."""

    def _make(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker,
                                  speaker=speaker, **kwargs)

    return _make


def test_second_anonymous_view_comes_from_the_cache_without_queries(client, live, django_assert_num_queries):
    verdict = live()
    first = client.get(verdict.get_absolute_url())
    assert first["X-Public-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(verdict.get_absolute_url())
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_publishing_shows_the_new_fact_check_at_once_everywhere(client, live, settings):
    live(headline="First fact-check")
    urls = [INDEX, reverse("claims:feed_factchecks_atom"),
            reverse("claims:sitemap_section", kwargs={"section": "fact-checks"})]
    for url in urls:
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Public-Cache"] == "hit"
    second = live(text="Exports doubled.", headline="Second fact-check")
    assert b"Second fact-check" in client.get(INDEX).content
    assert b"Second fact-check" in client.get(urls[1]).content
    assert second.get_absolute_url().encode() in client.get(urls[2]).content
    assert client.get(second.get_absolute_url()).status_code == 200


def test_a_correction_shows_at_once(client, live, editor, django_capture_on_commit_callbacks):
    verdict = live()
    client.get(verdict.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_add(verdict=verdict, note="We fixed the quarter.", editor=editor)
    assert b"We fixed the quarter." in client.get(verdict.get_absolute_url()).content
    assert b"We fixed the quarter." in client.get(reverse("claims:correction_list")).content


def test_a_retraction_shows_at_once(client, live, editor, django_capture_on_commit_callbacks):
    verdict = live()
    client.get(verdict.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_retract(verdict=verdict, editor=editor, note="Figures revised.")
    assert b"This fact-check has been retracted" in client.get(verdict.get_absolute_url()).content


def test_an_edit_to_a_published_verdict_shows_at_once(client, live, editor, django_capture_on_commit_callbacks):
    verdict = live()
    client.get(verdict.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_update(verdict=verdict, expected_version=verdict.version, user=editor,
                                summary="Revised: official figures show 5.2 percent.",
                                note="Updated the summary to the revised figures.")
    page = client.get(verdict.get_absolute_url()).content
    assert b"Revised: official figures show 5.2 percent." in page
    assert b"Updated the summary to the revised figures." in page


def test_a_rating_change_shows_at_once(client, live, editor, django_capture_on_commit_callbacks):
    verdict = live()
    client.get(verdict.get_absolute_url())
    client.get(reverse("claims:rating_list"))
    rating = Rating.objects.get(slug="false")
    rating.label = "Wrong"
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_save(rating=rating, user=editor)
    assert b"Our rating: <strong>Wrong</strong>" in client.get(verdict.get_absolute_url()).content
    assert b"Wrong" in client.get(reverse("claims:rating_list")).content


def test_staff_pages_are_never_cached(client, live, editor):
    verdict = live()
    client.force_login(editor)
    assert "X-Public-Cache" not in client.get(verdict.get_absolute_url())
    assert "X-Public-Cache" not in client.get(verdict.get_absolute_url())


def test_pages_with_pending_messages_are_not_served_from_the_cache(client, live):
    verdict = live()
    client.get(verdict.get_absolute_url())
    client.cookies["messages"] = "anything"
    assert "X-Public-Cache" not in client.get(verdict.get_absolute_url())


def test_error_pages_are_not_cached(client, live):
    assert client.get("/fact-checks/not-yet/").status_code == 404
    assert "X-Public-Cache" not in client.get("/fact-checks/not-yet/")


def test_caching_can_be_switched_off(client, live, settings):
    settings.FACTCHECK_PUBLIC_CACHE_SECONDS = 0
    verdict = live()
    client.get(verdict.get_absolute_url())
    assert "X-Public-Cache" not in client.get(verdict.get_absolute_url())


def test_head_requests_are_answered_like_gets(client, live):
    verdict = live()
    response = client.head(verdict.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


def _page_keys() -> int:
    from django.core.cache import cache

    # The test cache is the in-process memory cache; count the public-page entries in it.
    return sum(1 for key in cache._cache if "factcheck:page:" in key)


def test_unknown_query_parameters_share_one_cache_entry(client, live):
    """Tracking parameters (?utm_source=N, ?fbclid=...) do not change a page, so they must not
    add cache entries: 200 of them make one entry, and every one after the first is a hit."""
    verdict = live()
    answers = [client.get(f"{verdict.get_absolute_url()}?utm_source={n}")["X-Public-Cache"] for n in range(200)]
    answers += [client.get(f"{INDEX}?fbclid={n}&utm_medium=x")["X-Public-Cache"] for n in range(50)]
    assert answers.count("miss") == 2
    assert _page_keys() == 2


def test_the_parameters_a_page_reads_still_key_it(client, live, speaker):
    live(headline="Exports fact-check")
    assert client.get(f"{INDEX}?q=exports")["X-Public-Cache"] == "miss"
    assert client.get(f"{INDEX}?q=exports&utm_source=1")["X-Public-Cache"] == "hit"
    assert client.get(f"{INDEX}?q=imports")["X-Public-Cache"] == "miss"
    assert client.get(f"{INDEX}?utm_source=1&q=exports")["X-Public-Cache"] == "hit"
    assert client.get(f"{INDEX}?speaker={speaker.slug}")["X-Public-Cache"] == "miss"


def test_unknown_parameters_never_reach_a_cached_page(client, live, settings):
    """A page built for ?utm_source=evil is served to everyone: nothing of it may show."""
    settings.FACTCHECK_PUBLIC_PAGE_SIZE = 1
    live(headline="First fact-check")
    live(text="Exports doubled.", headline="Second fact-check")
    page = client.get(f"{INDEX}?utm_source=evil-campaign").content.decode()
    assert "page=2" in page
    assert "evil-campaign" not in page

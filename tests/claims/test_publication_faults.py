"""What survives a fault during publication: the change is committed, the editor gets no error
page, partners are told, and the public cache is invalidated once the cache is back.

The cache faults use a redis-server of the test's own (tests/own_redis.py), stopped or paused
(SIGSTOP) while an editor publishes through the admin over HTTP. These tests commit for real
(transactional), so the after-commit work runs inside the editor's request as in production.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims import publication, services
from claims.models import PublicationEvent, Rating, Verdict
from partners.models import WebhookDelivery
from partners.services import webhook_endpoint_create
from tests.own_redis import OwnRedis

REAL_COMMITS = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PAGES = [
    reverse("claims:factcheck_list"),
    reverse("claims:feed_factchecks_atom"),
    reverse("claims:sitemap_section", kwargs={"section": "fact-checks"}),
]


@pytest.fixture
def own_redis(settings):
    with OwnRedis() as server:
        settings.CACHES = server.cache_settings()
        caches._settings = None  # noqa: SLF001 - pick up the new CACHES in this process
        yield server
    caches._settings = None  # noqa: SLF001


@pytest.fixture
def partner_hook(settings, partner):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    return webhook_endpoint_create(partner=partner, url="http://127.0.0.1:9/hooks")


@pytest.fixture
def run_tasks(monkeypatch, settings):
    """The real db_worker, once over the queue `default` (the publication sweep runs there)."""
    import django_tasks_db.management.commands.db_worker as db_worker

    settings.FACTCHECK_PUBLICATION_SWEEP_SECONDS = 0
    # Between tasks the worker closes "old" connections, which would drop the test database.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--queue-name", "default", "--interval", "0",
                     "--no-startup-delay", verbosity=0)

    return run


def _ready_verdict(claim_text: str, headline: str, *, fact_checker) -> Verdict:
    claim = services.claim_create(text=claim_text)
    services.claim_apply(claim=claim, action="accept", user=fact_checker)
    verdict = services.verdict_create(claim=claim, headline=headline, user=fact_checker,
                                      rating=Rating.objects.get(slug="false"), summary="Not so.")
    services.evidence_add(claim=claim, url=f"https://stats.example/{claim.pk}", user=fact_checker)
    return services.verdict_submit(verdict=verdict, user=fact_checker)


def _publish_in_the_admin(editor_client, verdict: Verdict):
    return editor_client.post(reverse("admin:claims_verdict_workflow", args=[verdict.pk]), {"action": "publish"})


def _cached(reader: Client, url: str) -> bytes:
    reader.get(url, secure=True)
    response = reader.get(url, secure=True)
    assert response["X-Public-Cache"] == "hit", url
    return response.content


@REAL_COMMITS
def test_redis_stopped_during_publish_gives_no_error_and_partners_are_told(
    own_redis, partner_hook, editor_client, fact_checker, editor
):
    verdict = _ready_verdict("Exports doubled in 2023.", "Exports did not double", fact_checker=fact_checker)
    own_redis.stop()

    response = _publish_in_the_admin(editor_client, verdict)

    assert response.status_code == 302  # not a 500
    assert Verdict.objects.get(pk=verdict.pk).status == "published"
    delivery = WebhookDelivery.objects.get(verdict=verdict)
    assert delivery.event == "factcheck.published" and delivery.endpoint == partner_hook
    event = PublicationEvent.objects.get(verdict=verdict)
    assert "cache" not in event.done and event.dispatched_at is None
    assert "cache" in event.last_error

    own_redis.start()
    call_command("publication_dispatch")
    event.refresh_from_db()
    assert event.dispatched_at is not None
    assert WebhookDelivery.objects.filter(verdict=verdict).count() == 1  # not sent twice


@REAL_COMMITS
def test_with_redis_paused_the_index_sitemap_and_feeds_catch_up_once_it_resumes(
    own_redis, partner_hook, editor_client, fact_checker, run_tasks
):
    first = _ready_verdict("Unemployment fell to 4 percent.", "Unemployment did not fall", fact_checker=fact_checker)
    assert _publish_in_the_admin(editor_client, first).status_code == 302
    reader = Client()
    stale = {url: _cached(reader, url) for url in PAGES}
    second = _ready_verdict("The tram cost 900 million.", "The tram cost less", fact_checker=fact_checker)

    own_redis.pause()
    try:
        response = _publish_in_the_admin(editor_client, second)
    finally:
        own_redis.resume()

    assert response.status_code == 302
    assert WebhookDelivery.objects.filter(verdict=second, event="factcheck.published").exists()
    # The bump could not be made while Redis was paused: the old pages are still cached ...
    assert reader.get(PAGES[0], secure=True).content == stale[PAGES[0]]
    # ... until the sweep that the publication enqueued in its own transaction runs.
    run_tasks()
    for url in PAGES:
        page = reader.get(url, secure=True)
        assert page["X-Public-Cache"] == "miss", url
        assert (b"The tram cost less" in page.content) or (second.slug.encode() in page.content), url
    assert not PublicationEvent.objects.filter(dispatched_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_process_killed_after_commit_leaves_nothing_undone(partner_hook, fact_checker, editor, run_tasks):
    """The after-commit work never runs (the process died right after COMMIT): the event and
    the sweep task were written in the publishing transaction, so the worker finishes it."""
    verdict = _ready_verdict("Exports doubled in 2023.", "Exports did not double", fact_checker=fact_checker)
    before = publication.public_generation()
    services.verdict_publish(verdict=verdict, editor=editor)  # on-commit callbacks never run
    assert not WebhookDelivery.objects.exists()

    run_tasks()

    assert WebhookDelivery.objects.get(verdict=verdict).event == "factcheck.published"
    assert publication.public_generation() == before + 1
    assert PublicationEvent.objects.get(verdict=verdict).dispatched_at is not None


@pytest.mark.django_db
def test_a_failing_effect_does_not_stop_the_others(partner_hook, fact_checker, editor, django_capture_on_commit_callbacks):
    def broken(events):
        raise RuntimeError("the search index is down")

    publication.subscribe("search-index", broken)
    try:
        verdict = _ready_verdict("Exports doubled in 2023.", "Exports did not double", fact_checker=fact_checker)
        before = publication.public_generation()
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_publish(verdict=verdict, editor=editor)
        event = PublicationEvent.objects.get(verdict=verdict)
        assert publication.public_generation() == before + 1
        assert WebhookDelivery.objects.filter(verdict=verdict).count() == 1
        assert event.dispatched_at is None and "search-index" in event.last_error
        assert set(event.done) == {"sync", "cache", "partners.webhooks"}
    finally:
        publication._subscribers.pop("search-index")  # noqa: SLF001
    assert publication.events_dispatch_pending() == 0
    assert WebhookDelivery.objects.filter(verdict=verdict).count() == 1  # dispatched again, sent once


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_event(fact_checker, editor):
    verdict = _ready_verdict("Exports doubled in 2023.", "Exports did not double", fact_checker=fact_checker)
    with pytest.raises(RuntimeError), __import__("django.db").db.transaction.atomic():
        services.verdict_publish(verdict=verdict, editor=editor)
        raise RuntimeError("the request failed after the publish")
    assert not PublicationEvent.objects.exists()
    assert Verdict.objects.get(pk=verdict.pk).revision == 0

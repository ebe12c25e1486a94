"""Publication events under real concurrency (PostgreSQL): simultaneous changes of one
fact-check get consecutive versions, and dispatchers racing over the same events (the
request's after-commit work and the sweep) create each webhook delivery once."""

from __future__ import annotations

import threading

from django.db import connections

from claims import publication, services
from claims.models import PublicationEvent, Verdict
from partners.models import WebhookDelivery
from partners.services import webhook_endpoint_create
from tests.concurrency import POSTGRES_RACE, Outcome, race_on_row

pytestmark = POSTGRES_RACE


def test_simultaneous_corrections_get_consecutive_versions(claim, publish_verdict, editor):
    verdict = publish_verdict(claim)
    calls = [
        (lambda n=n: services.correction_add(verdict=verdict, note=f"Correction {n}.", editor=editor))
        for n in range(4)
    ]
    outcomes = race_on_row(Verdict._meta.db_table, verdict.pk, *calls)

    assert all(o.results and not o.errors for o in outcomes)
    versions = sorted(PublicationEvent.objects.filter(verdict=verdict).values_list("version", flat=True))
    assert versions == [1, 2, 3, 4, 5]  # published, then one per correction
    assert Verdict.objects.get(pk=verdict.pk).revision == 5


def test_racing_dispatchers_deliver_each_event_once(settings, partner, claim, publish_verdict, editor):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    webhook_endpoint_create(partner=partner, url="http://127.0.0.1:9/hooks")
    verdict = publish_verdict(claim)  # committed; its after-commit work has not run
    (event,) = PublicationEvent.objects.filter(verdict=verdict)

    # The dispatchers skip events another one holds (SKIP LOCKED), so they cannot all be made
    # to queue on one lock: they start together from a barrier instead.
    calls = [lambda: publication.events_dispatch([event.pk]), publication.events_dispatch_pending] * 2
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def work(call, outcome):
        try:
            barrier.wait(timeout=10)
            outcome.results.append(call())
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcome.errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=pair) for pair in zip(calls, outcomes, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert all(not o.errors for o in outcomes)
    publication.events_dispatch_pending()
    assert WebhookDelivery.objects.filter(verdict=verdict).count() == 1
    assert PublicationEvent.objects.get(pk=event.pk).dispatched_at is not None

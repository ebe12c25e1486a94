"""Every kind of public change to a fact-check is one publication event of exactly the
fact-checks it touches, and each event reaches everyone: partners syncing with
`updated_since`, partners' webhooks, and the cached public page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from claims import services
from claims.models import Appearance, PublicationEvent, Rating, Tag, Verdict
from partners.models import WebhookDelivery, WebhookEndpoint
from partners.services import webhook_endpoint_create
from tests.claims.public_helpers import make_source

pytestmark = pytest.mark.django_db


@dataclass
class World:
    a: Verdict  # the fact-check the changes are made to
    b: Verdict  # another one, by another speaker with another rating: touched only where said
    editor: object
    fact_checker: object
    endpoint: WebhookEndpoint


@pytest.fixture
def world(settings, partner, editor, fact_checker, publish_verdict, django_capture_on_commit_callbacks) -> World:
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    endpoint = webhook_endpoint_create(partner=partner, url="http://127.0.0.1:9/hooks")  # every event
    peskov = services.speaker_create(name="Dmitry Peskov", role="Kremlin press secretary")
    mayor = services.speaker_create(name="Maria Mayor")
    with django_capture_on_commit_callbacks(execute=True):
        claim_a = services.claim_create(text="Unemployment fell to 4 percent in 2024.", speaker=peskov, tags=["Economy"])
        a = publish_verdict(claim_a, headline="Unemployment did not fall to 4 percent", rating_slug="false")
        claim_b = services.claim_create(text="The tram line cost 900 million euros.", speaker=mayor)
        b = publish_verdict(claim_b, headline="The tram did cost 900 million", rating_slug="true")
    return World(a=a, b=b, editor=editor, fact_checker=fact_checker, endpoint=endpoint)


# The changes: each returns (the fact-checks it touches, the webhook event, text now on the
# first one's page).


def edit_claim_text(w: World):
    claim = w.a.claim
    services.claim_update(
        claim=claim, user=w.editor, expected_version=claim.version,
        text="Unemployment fell to 3.9 percent in 2024.", note="Quoted the claim as it was said.",
    )
    return [w.a], "factcheck.updated", "3.9 percent"


def merge_a_claim_into_the_published_one(w: World):
    source = make_source(url="https://radio.example/interview", title="Radio interview",
                         text="Peskov said the jobless rate hit 4 percent.")
    dupe = services.claim_create(text="The jobless rate hit 4 percent.", speaker=w.a.claim.speaker)
    Appearance.objects.create(claim=dupe, source=source, sentence="The jobless rate hit 4 percent.",
                              said_on=date(2024, 6, 1))
    services.claims_merge(keep=w.a.claim, others=[dupe], user=w.editor)
    return [w.a], "factcheck.updated", "Radio interview"


def ingest_an_article_repeating_the_claim(w: World):
    from sources.services import article_ingest

    result = article_ingest(
        text="Officials repeated the figure on Monday. Unemployment fell to 4 percent in 2024. "
        "Economists disputed it.",
        title="Kremlin briefing", publisher="Wire Service", url="https://wire.example/briefing",
        threshold=0.0,
    )
    assert result.appearances_added == 1, "the sentence should match the published claim"
    return [w.a], "factcheck.updated", "Kremlin briefing"


def rename_the_speaker(w: World):
    speaker = w.a.claim.speaker
    speaker.name = "Dmitry S. Peskov"
    services.speaker_update(speaker=speaker, user=w.editor, renamed=True)
    return [w.a], "factcheck.updated", "Dmitry S. Peskov"


def merge_speakers(w: World):
    # The mayor turns out to be listed twice: b's claim moves to the kept speaker.
    keep = services.speaker_create(name="Maria M. Mayor")
    services.speaker_merge(keep=keep, others=[w.b.claim.speaker], user=w.editor)
    return [w.b], "factcheck.updated", "Maria M. Mayor"


def add_evidence(w: World):
    services.evidence_add(claim=w.a.claim, url="https://stats.example/census", user=w.editor,
                          title="Census tables", public_note="Added the census tables.")
    return [w.a], "factcheck.updated", "Census tables"


def change_evidence(w: World):
    link = w.a.claim.evidence_links.get()
    services.evidence_update(
        link=link, user=w.editor, title="Labour statistics, revised edition", public_note="Linked the revised statistics."
    )
    return [w.a], "factcheck.updated", "Labour statistics, revised edition"


def delete_evidence(w: World):
    link = w.a.claim.evidence_links.get()
    services.evidence_delete(link=link, user=w.editor, public_note="Removed a link that no longer works.")
    return [w.a], "factcheck.updated", "Removed a link that no longer works."


def edit_the_rating_scale(w: World):
    rating = Rating.objects.get(slug="false")
    rating.label = "Wrong"
    services.rating_save(rating=rating, user=w.editor)
    return [w.a], "factcheck.updated", "Wrong"


def rename_a_topic(w: World):
    tag = Tag.objects.get(name="Economy")
    tag.name = "Jobs and wages"
    services.tag_update(tag=tag, user=w.editor)
    return [w.a], "factcheck.updated", "Jobs and wages"


def update_the_verdict(w: World):
    services.verdict_update(verdict=w.a, expected_version=w.a.version, user=w.editor,
                            body="The statistics office reported 5.1 percent in its March release.",
                            note="Named the release the figure comes from.")
    return [w.a], "factcheck.updated", "March release"


def correct_the_verdict(w: World):
    services.correction_add(verdict=w.a, note="The rate was 5.1, not 5.2, percent.", editor=w.editor)
    return [w.a], "factcheck.corrected", "The rate was 5.1, not 5.2, percent."


def retract_the_verdict(w: World):
    services.verdict_retract(verdict=w.a, editor=w.editor, note="The figures were withdrawn.")
    return [w.a], "factcheck.retracted", "The figures were withdrawn."


def publish_a_new_fact_check(w: World):
    claim = services.claim_create(text="Exports doubled in 2023.", speaker=w.a.claim.speaker)
    services.claim_apply(claim=claim, action="accept", user=w.fact_checker)
    verdict = services.verdict_create(claim=claim, headline="Exports did not double", user=w.fact_checker,
                                      rating=Rating.objects.get(slug="false"), summary="They rose 4 percent.")
    services.evidence_add(claim=claim, url="https://stats.example/exports", user=w.fact_checker)
    verdict = services.verdict_publish(verdict=verdict, editor=w.editor)
    return [verdict], "factcheck.published", "Exports did not double"


CHANGES = [
    edit_claim_text,
    merge_a_claim_into_the_published_one,
    ingest_an_article_repeating_the_claim,
    rename_the_speaker,
    merge_speakers,
    add_evidence,
    change_evidence,
    delete_evidence,
    edit_the_rating_scale,
    rename_a_topic,
    update_the_verdict,
    correct_the_verdict,
    retract_the_verdict,
    publish_a_new_fact_check,
]


def _synced_ids(partner_client, since) -> set[int]:
    response = partner_client.get(
        "/api/v1/fact-checks/", {"ordering": "updated_at", "updated_since": since.isoformat(), "page_size": 100}
    )
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_public_change_reaches_sync_webhooks_and_the_cached_page(
    change, world, partner_client, django_capture_on_commit_callbacks
):
    reader = Client()
    for verdict in (world.a, world.b):
        reader.get(verdict.get_absolute_url(), secure=True)
        assert reader.get(verdict.get_absolute_url(), secure=True)["X-Public-Cache"] == "hit"
    assert _synced_ids(partner_client, timezone.now()) == set()
    events_before = set(PublicationEvent.objects.values_list("pk", flat=True))
    deliveries_before = set(WebhookDelivery.objects.values_list("pk", flat=True))
    since = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        touched, webhook, text = change(world)
    touched_ids = {v.pk for v in touched}

    events = PublicationEvent.objects.exclude(pk__in=events_before).filter(verdict__isnull=False)
    assert sorted(e.verdict_id for e in events) == sorted(touched_ids)  # one each, no other
    assert all(e.dispatched_at is not None for e in events)
    assert _synced_ids(partner_client, since) == touched_ids
    deliveries = WebhookDelivery.objects.exclude(pk__in=deliveries_before)
    assert sorted((d.verdict_id, d.event, d.endpoint_id) for d in deliveries) == sorted(
        (pk, webhook, world.endpoint.pk) for pk in touched_ids
    )
    page = reader.get(touched[0].get_absolute_url(), secure=True)
    assert page.status_code == 200
    assert page.get("X-Public-Cache") == "miss"
    assert text in page.content.decode()


def test_several_changes_in_one_scope_are_one_event(world, django_capture_on_commit_callbacks):
    """What one admin form saves (the claim, then its evidence rows) is one change."""
    from claims import publication

    before = PublicationEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True), publication.change_scope():
        claim = world.a.claim
        services.claim_update(
            claim=claim, user=world.editor, expected_version=claim.version,
            text="Unemployment fell to 3.9 percent in 2024.", note="Quoted the claim exactly; added a source.",
        )
        services.evidence_add(claim=claim, url="https://stats.example/census", user=world.editor)
    assert PublicationEvent.objects.count() == before + 1
    assert WebhookDelivery.objects.filter(verdict=world.a, event="factcheck.updated").count() == 1


def test_a_change_only_staff_see_is_no_event(world, django_capture_on_commit_callbacks):
    before = PublicationEvent.objects.count()
    claim = world.a.claim
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(
            claim=claim, user=world.fact_checker, expected_version=claim.version,
            internal_note="Check the March release again.",
        )
    assert PublicationEvent.objects.count() == before

"""Ingestion creates speakers curators can trust: no "Critics", no "Statistics" with the role
"National", no alias "Federation" or "Mayor", organisations typed as such (issue 16)."""

import pytest

from claims.claimreview import claim_review
from claims.models import Appearance, Claim, Speaker, SpeakerAlias
from sources.services import article_ingest, tip_submit

pytestmark = pytest.mark.django_db

WIRE = """Housing targets under fire

Critics said the government's plan would do little for first-time buyers.
The Office for National Statistics said house prices rose 4.2% in the year to March.
The Home Builders Federation warned that output would fall by 10% this year.
Shadow housing secretary Matthew Pennycook said the target of 300,000 homes a year was out of reach.
Housing Minister Angela Rayner, speaking in Manchester on Tuesday, promised that 1.5 million homes would be built by 2029, a target independent analysts have called unrealistic.
Central bank governor Andrew Bailey said interest rates would stay at 5.25% until inflation fell.
"""


def test_wire_article_speakers_are_the_named_people_and_bodies_only():
    article_ingest(text=WIRE, threshold=0.0)
    speakers = dict(Speaker.objects.values_list("name", "kind"))
    assert speakers == {
        "Office for National Statistics": "agency",
        "Home Builders Federation": "organisation",
        "Matthew Pennycook": "person",
        "Angela Rayner": "person",
        "Andrew Bailey": "person",
    }


def test_collective_source_stays_a_description_on_the_appearance():
    article_ingest(text=WIRE, threshold=0.0)
    appearance = Appearance.objects.get(sentence__startswith="Critics said")
    assert appearance.claim.speaker is None
    assert appearance.speaker_mention == "Critics"


def test_full_roles_reach_the_appearance_and_the_speaker():
    article_ingest(text=WIRE, threshold=0.0)
    assert Speaker.objects.get(name="Matthew Pennycook").role == "Shadow housing secretary"
    assert Speaker.objects.get(name="Andrew Bailey").role == "Central bank governor"
    rayner = Appearance.objects.get(sentence__startswith="Housing Minister")
    assert (rayner.claim.speaker.name, rayner.speaker_role) == ("Angela Rayner", "Housing Minister")


def test_no_generic_word_becomes_an_alias():
    article_ingest(text=WIRE, threshold=0.0)
    tip_submit(text="Inflation doubled last year.", speaker_name="Maria Mayor")
    generic = {"federation", "statistics", "national", "mayor", "critics", "office"}
    assert not SpeakerAlias.objects.filter(normalized__in=generic).exists()


def test_a_later_russian_federation_is_not_the_home_builders_federation():
    article_ingest(text=WIRE, threshold=0.0)
    article_ingest(text="The Russian Federation said the sanctions were illegal and would fail.", threshold=0.0)
    claim = Claim.objects.get(text__startswith="The Russian Federation")
    assert claim.speaker is not None and claim.speaker.name == "Russian Federation"


def test_a_role_is_offered_to_a_speaker_who_has_none():
    tip_submit(text="Interest rates will stay at 5.25% all year.", speaker_name="Andrew Bailey")
    article_ingest(text=WIRE, threshold=0.0)
    assert Speaker.objects.get(name="Andrew Bailey").role == "Central bank governor"


def test_seed_kremlin_is_an_organisation_in_claimreview(seed_text, publish_verdict):
    article_ingest(text=seed_text, threshold=0.0)
    kremlin = Speaker.objects.get(name="Kremlin")
    assert kremlin.kind == "government"
    verdict = publish_verdict(Claim.objects.filter(speaker=kremlin).first())
    assert claim_review(verdict)["itemReviewed"]["author"] == {"@type": "Organization", "name": "Kremlin"}

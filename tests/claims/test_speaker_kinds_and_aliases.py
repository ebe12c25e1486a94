"""Speakers are people or organisations; aliases never capture someone else; curators can
delete junk speakers, mark them reviewed in bulk and filter by kind (issue 16)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims import services
from claims.claimreview import claim_review
from claims.models import Claim, Speaker, SpeakerAlias
from claims.speaker_names import GENERIC_NAME_WORDS

SPEAKERS = reverse("admin:claims_speaker_changelist")
pytestmark = pytest.mark.django_db


def alias_names(speaker: Speaker) -> set[str]:
    return set(speaker.aliases.values_list("name", flat=True))


@pytest.mark.parametrize("word", sorted(GENERIC_NAME_WORDS))
def test_no_title_or_common_noun_of_the_lexicon_becomes_an_alias(word):
    person = services.speaker_create(name=f"Maria {word.title()}", surname_alias=True)
    assert services.speaker_add_alias(speaker=person, name=word.title()) is None
    assert alias_names(person) == {f"Maria {word.title()}"}


def test_tip_from_maria_mayor_gives_no_mayor_alias():
    maria = services.speaker_create(name="Maria Mayor", surname_alias=True)
    assert alias_names(maria) == {"Maria Mayor"}
    assert not SpeakerAlias.objects.filter(normalized="mayor").exists()


def test_an_organisation_gets_no_surname_alias():
    hbf = services.speaker_create(name="Home Builders Federation", kind="organisation", surname_alias=True)
    assert alias_names(hbf) == {"Home Builders Federation"}
    assert services.speaker_add_alias(speaker=hbf, name="Federation") is None


def test_an_organisation_named_by_a_common_word_keeps_its_own_name_as_alias():
    labour = services.speaker_create(name="Labour", kind="party")
    assert alias_names(labour) == {"Labour"}


def test_a_surname_shared_by_two_unreviewed_people_is_nobodys_alias():
    donald = services.speaker_create(name="Donald Trump", surname_alias=True)
    assert "Trump" in alias_names(donald)
    eric = services.speaker_create(name="Eric Trump", surname_alias=True)
    assert "Trump" not in alias_names(donald) | alias_names(eric)


def test_a_reviewed_speaker_keeps_the_surname_a_curator_vetted():
    donald = services.speaker_create(name="Donald Trump", surname_alias=True, reviewed=True)
    eric = services.speaker_create(name="Eric Trump", surname_alias=True)
    assert "Trump" in alias_names(donald)
    assert "Trump" not in alias_names(eric)


def test_a_kind_outside_the_choices_is_refused():
    with pytest.raises(ValidationError):
        services.speaker_create(name="Somebody", kind="robot")


def test_speaker_without_claims_is_deleted_one_with_claims_is_refused(fact_checker):
    junk = services.speaker_create(name="Critics")
    real = services.speaker_create(name="Angela Rayner")
    services.claim_create(text="1.5 million homes will be built.", speaker=real)
    services.speaker_delete(speaker=junk, user=fact_checker)
    with pytest.raises(ValidationError, match="merge"):
        services.speaker_delete(speaker=real, user=fact_checker)
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Angela Rayner"]


def test_curator_bulk_delete_removes_only_speakers_without_claims(checker_client):
    junk = [services.speaker_create(name=n) for n in ("Critics", "Statistics")]
    real = services.speaker_create(name="Angela Rayner")
    claim = services.claim_create(text="1.5 million homes will be built.", speaker=real)
    response = checker_client.post(
        SPEAKERS,
        {"action": "delete_without_claims", "_selected_action": [s.pk for s in [*junk, real]]},
        follow=True,
    )
    page = response.content.decode()
    assert "Deleted 2" in page and "Kept 1 with claims" in page
    assert list(Speaker.objects.all()) == [real]
    assert Claim.objects.get(pk=claim.pk).speaker == real


def test_admin_offers_no_delete_for_a_speaker_with_claims(checker_client):
    real = services.speaker_create(name="Angela Rayner")
    services.claim_create(text="1.5 million homes will be built.", speaker=real)
    response = checker_client.get(reverse("admin:claims_speaker_delete", args=[real.pk]))
    assert response.status_code == 403


def test_admin_marks_speakers_reviewed_in_bulk(checker_client):
    speakers = [services.speaker_create(name=n) for n in ("Keir Starmer", "Dmitry Peskov", "Kremlin")]
    checker_client.post(SPEAKERS, {"action": "mark_reviewed", "_selected_action": [s.pk for s in speakers[:2]]})
    assert dict(Speaker.objects.values_list("name", "reviewed")) == {
        "Keir Starmer": True, "Dmitry Peskov": True, "Kremlin": False,
    }


def test_admin_filters_speakers_by_kind_and_reviewed(checker_client):
    services.speaker_create(name="Keir Starmer")
    kremlin = services.speaker_create(name="Kremlin", kind="government")
    services.speaker_create(name="Labour", kind="party", reviewed=True)
    response = checker_client.get(SPEAKERS, {"kind__exact": "government", "reviewed__exact": "0"})
    assert list(response.context["cl"].result_list) == [kremlin]


def test_admin_refuses_a_generic_alias_with_a_reason(checker_client):
    speaker = services.speaker_create(name="Maria Mayor")
    existing = [(a.pk, a.name) for a in speaker.aliases.order_by("pk")]
    data = {
        "name": speaker.name, "kind": "person", "role": "", "affiliation": "", "country": "", "wikidata_id": "",
        "aliases-TOTAL_FORMS": str(len(existing) + 1), "aliases-INITIAL_FORMS": str(len(existing)),
        "aliases-1-speaker": speaker.pk, "aliases-1-name": "Mayor",
    }
    for i, (pk, name) in enumerate(existing):
        data |= {f"aliases-{i}-id": pk, f"aliases-{i}-speaker": speaker.pk, f"aliases-{i}-name": name}
    response = checker_client.post(reverse("admin:claims_speaker_change", args=[speaker.pk]), data)
    assert response.status_code == 200
    assert "is a title or a common word" in response.content.decode()
    assert not SpeakerAlias.objects.filter(normalized="mayor").exists()


@pytest.fixture
def kremlin_claim_published(publish_verdict):
    kremlin = services.speaker_create(name="Kremlin", kind="government", role="Russian presidency")
    claim = services.claim_create(text="America's view of global affairs now coincides with ours.", speaker=kremlin)
    return publish_verdict(claim)


def test_claimreview_calls_an_organisation_an_organization(kremlin_claim_published):
    author = claim_review(kremlin_claim_published)["itemReviewed"]["author"]
    assert author == {"@type": "Organization", "name": "Kremlin"}


def test_claimreview_calls_a_person_a_person(publish_verdict):
    peskov = services.speaker_create(name="Dmitry Peskov", role="Kremlin press secretary")
    verdict = publish_verdict(services.claim_create(text="Relations are improving fast.", speaker=peskov))
    author = claim_review(verdict)["itemReviewed"]["author"]
    assert author == {"@type": "Person", "name": "Dmitry Peskov", "jobTitle": "Kremlin press secretary"}


def test_public_speaker_page_says_which_kind(client, kremlin_claim_published):
    page = client.get(kremlin_claim_published.claim.speaker.get_absolute_url()).content.decode()
    assert "Government body" in page


def test_deleting_a_speaker_needs_the_permission(django_user_model):
    junk = services.speaker_create(name="Critics")
    reader = django_user_model.objects.create_user("reader", is_staff=True)
    with pytest.raises(PermissionDenied):
        services.speaker_delete(speaker=junk, user=reader)
    assert Speaker.objects.filter(pk=junk.pk).exists()

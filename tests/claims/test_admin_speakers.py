"""Speakers in the admin: aliases inline, search by alias, merging duplicates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Speaker, SpeakerAlias

SPEAKERS = reverse("admin:claims_speaker_changelist")


def _form(speaker, aliases: list[tuple[int | str, str]], new: list[str] = ()) -> dict:
    data = {
        "name": speaker.name,
        "kind": speaker.kind,
        "role": speaker.role,
        "affiliation": "",
        "country": "",
        "wikidata_id": "",
        "aliases-TOTAL_FORMS": str(len(aliases) + len(new)),
        "aliases-INITIAL_FORMS": str(len(aliases)),
    }
    for i, (pk, name) in enumerate(aliases):
        data[f"aliases-{i}-id"] = pk
        data[f"aliases-{i}-speaker"] = speaker.pk
        data[f"aliases-{i}-name"] = name
    for j, name in enumerate(new, start=len(aliases)):
        data[f"aliases-{j}-speaker"] = speaker.pk
        data[f"aliases-{j}-name"] = name
    return data


@pytest.mark.django_db
def test_aliases_are_added_inline_and_match_normalised(checker_client, speaker):
    existing = [(a.pk, a.name) for a in speaker.aliases.order_by("pk")]
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = checker_client.post(url, _form(speaker, existing, new=["Dmítry  PESKOV Jr"]))
    assert response.status_code == 302
    alias = SpeakerAlias.objects.get(name="Dmítry  PESKOV Jr")
    assert alias.normalized == "dmitry peskov jr" and alias.speaker == speaker


@pytest.mark.django_db
def test_an_alias_of_someone_else_is_refused_naming_them(checker_client, speaker):
    other = services.speaker_create(name="Maria Zakharova")
    existing = [(a.pk, a.name) for a in speaker.aliases.order_by("pk")]
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    response = checker_client.post(url, _form(speaker, existing, new=["maria zakharova"]))
    assert response.status_code == 200
    assert f"already names Maria Zakharova (#{other.pk})" in response.content.decode()
    assert not SpeakerAlias.objects.filter(speaker=speaker, normalized="maria zakharova").exists()


@pytest.mark.django_db
def test_adding_a_speaker_records_their_name_as_an_alias(checker_client):
    response = checker_client.post(
        reverse("admin:claims_speaker_add"),
        {"name": "Volodymyr Zelensky", "kind": "person", "role": "President of Ukraine", "affiliation": "", "country": "Ukraine",
         "wikidata_id": "Q3874799", "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0",
         "aliases-0-name": "Zelensky"},
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert speaker.slug == "volodymyr-zelensky"
    assert sorted(speaker.aliases.values_list("normalized", flat=True)) == ["volodymyr zelensky", "zelensky"]


@pytest.mark.django_db
def test_speaker_search_finds_aliases(checker_client, speaker):
    services.speaker_create(name="Vladimir Putin")
    response = checker_client.get(SPEAKERS, {"q": "peskov"})
    assert [s.pk for s in response.context["cl"].result_list] == [speaker.pk]


@pytest.mark.django_db
def test_merging_speakers_moves_their_claims(checker_client, speaker):
    duplicate = services.speaker_create(name="D. Peskov", aliases=["Kremlin spokesman"])
    claim = services.claim_create(text="Relations improve.", speaker=duplicate)
    data = {"action": "merge_speakers", "_selected_action": [speaker.pk, duplicate.pk]}

    confirm = checker_client.post(SPEAKERS, data)
    assert "Choose the speaker to keep" in confirm.content.decode()
    assert Speaker.objects.count() == 2

    checker_client.post(SPEAKERS, {**data, "confirm": "yes", "keep": speaker.pk})

    assert list(Speaker.objects.all()) == [speaker]
    assert Claim.objects.get(pk=claim.pk).speaker == speaker
    assert {"kremlin spokesman", "d peskov"} <= set(speaker.aliases.values_list("normalized", flat=True))


@pytest.mark.django_db
def test_speaker_list_runs_the_same_queries_for_5_and_50_rows(checker_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_for(n: int) -> int:
        for i in range(Speaker.objects.count(), n):
            services.speaker_create(name=f"Speaker {i}", aliases=[f"Alias {i}"])
        with CaptureQueriesContext(connection) as queries:
            assert len(checker_client.get(SPEAKERS).context["cl"].result_list) == n
        return len(queries)

    assert count_for(5) == count_for(50)

"""Migration claims.0011 withdraws the generic one-word aliases older ingestion added."""

import importlib

import pytest
from django.apps import apps

from claims import services
from claims.models import SpeakerAlias

migration = importlib.import_module("claims.migrations.0011_speaker_kind")


@pytest.mark.django_db
def test_generic_aliases_are_withdrawn_and_own_names_kept():
    hbf = services.speaker_create(name="Home Builders Federation", kind="organisation")
    maria = services.speaker_create(name="Maria Mayor")
    labour = services.speaker_create(name="Labour", kind="party")
    # As the old ingestion wrote them: the last word of every name became an alias.
    SpeakerAlias.objects.create(speaker=hbf, name="Federation", normalized="federation")
    SpeakerAlias.objects.create(speaker=maria, name="Mayor", normalized="mayor")
    SpeakerAlias.objects.create(speaker=maria, name="Maria", normalized="maria")

    migration.withdraw_generic_aliases(apps, None)

    assert set(SpeakerAlias.objects.values_list("normalized", flat=True)) == {
        "home builders federation", "maria mayor", "maria", "labour",
    }
    assert labour.aliases.get().name == "Labour"

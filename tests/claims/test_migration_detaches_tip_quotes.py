"""Upgrading detaches the quotes tips added to ingested articles before the fix: each moves to a
tip page of its own (staff keep it, readers stop seeing it), while the sentences ingestion
located in the article stay public."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("claims", "0007_publication_outbox"), ("sources", "0005_speed_claim_match_keys")]
AFTER = [("claims", "0008_claim_version_revision_proposal")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """The migrations after 0008 are undone to get here: the tests after these need them back."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_tip_text_on_an_article_leaves_the_article_and_ingested_sentences_stay():
    old = _migrate(BEFORE)
    Source, Claim, Appearance = (old.get_model(*m) for m in (("sources", "Source"), ("claims", "Claim"), ("claims", "Appearance")))
    text = "The bridge cost two billion euros, the minister said."
    article = Source.objects.create(url="https://wire.example/b", kind="article", text=text,
                                    fingerprint=hashlib.sha256(text.encode()).hexdigest())
    claim = Claim.objects.create(text="The bridge cost two billion euros.")
    ingested = Appearance.objects.create(claim=claim, source=article, sentence=text, start=0, end=len(text))
    tipped = Appearance.objects.create(claim=claim, source=article, sentence="The bridge cost two billion and he stole it.")

    new = _migrate(AFTER)
    Appearance = new.get_model("claims", "Appearance")
    assert Appearance.objects.get(pk=ingested.pk).source_id == article.pk
    moved = Appearance.objects.select_related("source").get(pk=tipped.pk)
    assert moved.source_id != article.pk and moved.source.kind == "tip"
    assert moved.source.title == "Tip naming https://wire.example/b"
    assert moved.sentence == "The bridge cost two billion and he stole it."  # nothing lost for staff

"""`export` then `import` into an empty database restores everything: a second export is
byte-identical, primary keys and history survive, and new rows get fresh ids."""

from __future__ import annotations

import gzip
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from archive import jsonarchive
from claims.models import Appearance, Claim, EvidenceSnapshot, Verdict


def _wipe() -> None:
    """Leave the database as a fresh `migrate` does: no rows, the seeded rating scale only."""
    from importlib import import_module

    from django.db.migrations.loader import MigrationLoader

    name = "0002_default_ratings_and_trigram_search"
    seed = import_module(f"claims.migrations.{name}")
    # The models as that migration sees them (no history tracking), as a real migrate runs it.
    state = MigrationLoader(connection).project_state(("claims", name))
    with connection.cursor() as cursor:
        # The publication outbox is not archived (delivery state), but points at verdicts.
        cursor.execute("DELETE FROM claims_publicationevent")
        for model in reversed(jsonarchive.archived_models()):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        for table in ("auth_user_groups", "auth_user_user_permissions", "axes_accesslog", "auth_user"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    seed.add_default_scale(state.apps, None)


def _export(tmp_path, name: str) -> bytes:
    path = tmp_path / name
    call_command("export", str(path))
    return path.read_bytes()


@pytest.mark.parametrize("chunk", [jsonarchive.CHUNK, 3])
def test_second_export_after_import_is_byte_identical(varied_newsroom, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(jsonarchive, "CHUNK", chunk)  # 3: every model spans several chunks
    first = _export(tmp_path, "first.jsonl")
    claims_before = list(Claim.objects.order_by("pk").values_list("pk", "text", "status", "duplicate_of"))
    history_before = Claim.history.count()
    verdict_times = list(Verdict.objects.order_by("pk").values_list("pk", "updated_at"))

    _wipe()
    assert not Claim.objects.exists()
    call_command("import", str(tmp_path / "first.jsonl"))
    connection.check_constraints()

    assert _export(tmp_path, "second.jsonl") == first
    assert list(Claim.objects.order_by("pk").values_list("pk", "text", "status", "duplicate_of")) == claims_before
    assert Claim.history.count() == history_before
    published = Verdict.objects.get(pk=varied_newsroom["published"].pk)
    assert published.status == Verdict.Status.PUBLISHED
    assert published.corrections.get().note == "We fixed the date of the vote."
    assert sorted(published.authors.values_list("username", flat=True)) == ["fiona"]
    # auto_now timestamps keep their archived values instead of becoming "now".
    assert list(Verdict.objects.order_by("pk").values_list("pk", "updated_at")) == verdict_times
    snapshot = EvidenceSnapshot.objects.get()
    assert bytes(snapshot.content) == b"%PDF-1.4\r\n\x00\xff raw bytes as served"


def test_archive_covers_every_table_and_hides_credentials(varied_newsroom, tmp_path):
    text = _export(tmp_path, "a.jsonl").decode()
    header = json.loads(text.splitlines()[0])
    for label in (
        "sources.source", "claims.speaker", "claims.speakeralias", "claims.tag", "claims.claim",
        "claims.claim_tags", "claims.appearance", "claims.rating", "claims.verdict",
        "claims.verdict_authors", "claims.evidencelink", "claims.correction",
        "claims.historicalclaim", "claims.historicalverdict", "claims.historicalverdict_authors",
        "claims.evidencesnapshot", "auth.user",
    ):
        assert header["counts"][label] > 0, label
    assert header["version"] == jsonarchive.VERSION
    assert json.loads(text.splitlines()[-1]) == {"end": True}
    assert "pbkdf2" not in text and "@varied_newsroom.test" not in text
    users = [json.loads(line) for line in text.splitlines() if '"model":"auth.user"' in line]
    assert {u["fields"]["username"] for u in users} == {"fiona", "edgar"}
    assert all(set(u["fields"]) == {"username"} for u in users)


def test_restored_users_have_no_usable_password_and_new_rows_get_fresh_ids(varied_newsroom, tmp_path):
    from claims.services import claim_create

    _export(tmp_path, "a.jsonl")
    highest = Claim.objects.order_by("-pk").values_list("pk", flat=True).first()
    _wipe()
    call_command("import", str(tmp_path / "a.jsonl"))
    assert not get_user_model().objects.get(username="edgar").has_usable_password()
    # On PostgreSQL this fails without the sequence reset: the id would collide.
    assert claim_create(text="A brand new claim.").pk > highest
    appearance = Appearance.objects.first()
    assert Appearance.objects.create(
        claim=appearance.claim, source=appearance.source, sentence="x"
    ).pk > appearance.pk


def test_gzipped_archive_round_trips(varied_newsroom, tmp_path):
    call_command("export", str(tmp_path / "a.jsonl.gz"))
    plain = _export(tmp_path, "a.jsonl")
    assert gzip.decompress((tmp_path / "a.jsonl.gz").read_bytes()) == plain
    _wipe()
    call_command("import", str(tmp_path / "a.jsonl.gz"))
    assert _export(tmp_path, "b.jsonl") == plain

"""`import` refuses, clearly and without writing anything, what it cannot restore faithfully."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Rating, Speaker
from tests.archive.test_export_import_roundtrip import _export, _wipe


def test_refuses_a_database_that_already_holds_data(varied_newsroom, tmp_path):
    _export(tmp_path, "a.jsonl")
    claims = Claim.objects.count()
    with pytest.raises(CommandError, match="database is not empty.*claims.claim"):
        call_command("import", str(tmp_path / "a.jsonl"))
    assert Claim.objects.count() == claims


def _rewrite(tmp_path, edit) -> str:
    lines = (tmp_path / "a.jsonl").read_text().splitlines(keepends=True)
    (tmp_path / "b.jsonl").write_text("".join(edit(lines)))
    return str(tmp_path / "b.jsonl")


def _assert_nothing_imported():
    assert not Claim.objects.exists() and not Speaker.objects.exists()
    assert Rating.objects.count() == 8  # the seeded scale, untouched


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda lines: lines[:-3], "cut short"),
        (lambda lines: [lines[0], *lines[2:]], "record counts differ"),
        (lambda lines: [lines[0].replace('"version":1', '"version":2'), *lines[1:]], "version 2 is not supported"),
        (lambda lines: ["{}\n", *lines[1:]], "not a factcheck archive"),
        (lambda lines: [*lines[:-2], "{not json\n", lines[-1]], "not valid JSON"),
        (
            lambda lines: [
                line.replace('"text":', '"mystery":"x","text":', 1) if '"claims.claim"' in line else line
                for line in lines
            ],
            "has no field",
        ),
        (
            lambda lines: [
                line.replace('"score":', '"score":"high","_s":', 1).replace(',"_s":', ',"x_":', 1)
                if '"model":"claims.claim"' in line
                else line
                for line in lines
            ],
            "",
        ),
    ],
    ids=["truncated", "missing-record", "newer-version", "foreign-file", "corrupt-line", "unknown-field", "bad-value"],
)
def test_broken_archives_are_refused_and_nothing_is_imported(varied_newsroom, tmp_path, edit, message):
    _export(tmp_path, "a.jsonl")
    _wipe()
    path = _rewrite(tmp_path, edit)
    with pytest.raises(CommandError, match=message):
        call_command("import", path)
    _assert_nothing_imported()


def test_a_constraint_violation_rolls_everything_back(varied_newsroom, tmp_path):
    _export(tmp_path, "a.jsonl")
    _wipe()

    def break_score(lines):
        for line in lines:
            if '"model":"claims.claim"' in line:
                record = json.loads(line)
                record["fields"]["score"] = 7.5
                line = json.dumps(record) + "\n"
            yield line

    with pytest.raises(CommandError, match="database refused"):
        call_command("import", _rewrite(tmp_path, break_score))
    _assert_nothing_imported()


def test_conflicting_user_is_refused(varied_newsroom, tmp_path, django_user_model):
    _export(tmp_path, "a.jsonl")
    _wipe()
    django_user_model.objects.create_user(username="edgar", password="x" * 12)
    with pytest.raises(CommandError, match="user 'edgar' exists here with another id"):
        call_command("import", str(tmp_path / "a.jsonl"))
    _assert_nothing_imported()


def _edit_records(tmp_path, change) -> str:
    """Rewrite a.jsonl with `change(record)` applied to every record line."""

    def edit(lines):
        yield lines[0]
        for line in lines[1:]:
            record = json.loads(line)
            if "model" in record:
                change(record)
            yield json.dumps(record, sort_keys=True) + "\n"

    return _rewrite(tmp_path, edit)


def _refusal_lines(failure) -> list[str]:
    return [line for line in str(failure.value).splitlines()[1:] if line.strip()]


def test_a_user_record_without_a_username_is_refused_naming_it(varied_newsroom, tmp_path):
    _export(tmp_path, "a.jsonl")
    _wipe()

    def drop_username(record):
        if record["model"] == "auth.user":
            record["fields"].pop("username")

    with pytest.raises(CommandError, match=r"line \d+: auth\.user \d+: no 'username'") as failure:
        call_command("import", _edit_records(tmp_path, drop_username))
    assert "KeyError" not in str(failure.value) and "Traceback" not in str(failure.value)
    assert all(line.startswith("line ") for line in _refusal_lines(failure))
    _assert_nothing_imported()


def test_a_snapshot_of_a_type_the_archiver_refuses_is_not_imported(varied_newsroom, tmp_path):
    _export(tmp_path, "a.jsonl")
    _wipe()

    def to_javascript(record):
        if record["model"] == "claims.evidencesnapshot":
            record["fields"]["content_type"] = "text/javascript"

    with pytest.raises(CommandError, match=r"line \d+: claims\.evidencesnapshot [0-9a-f-]{36}: content type 'text/javascript'"):
        call_command("import", _edit_records(tmp_path, to_javascript))
    _assert_nothing_imported()


def test_a_draft_flipped_to_published_is_refused_with_every_reason(varied_newsroom, tmp_path):
    _export(tmp_path, "a.jsonl")
    _wipe()

    def publish_the_draft(record):
        if record["model"] == "claims.verdict" and record["fields"]["headline"] == "Draft on inflation":
            # What the database checks itself (a publication time, a rating) is filled in too.
            record["fields"]["status"] = "published"
            record["fields"]["published_at"] = "2025-03-01T10:00:00+00:00"

    with pytest.raises(CommandError) as failure:
        call_command("import", _edit_records(tmp_path, publish_the_draft))
    [refusal] = _refusal_lines(failure)
    assert refusal.startswith("claims.verdict ") and "“Draft on inflation”" in refusal
    for reason in ("at least one evidence link", "no editor published it", "is in_research, not published"):
        assert reason in refusal, refusal
    _assert_nothing_imported()


def test_a_claim_flipped_to_published_without_a_verdict_is_refused(varied_newsroom, tmp_path):
    _export(tmp_path, "a.jsonl")
    _wipe()

    def publish_the_claim(record):
        if record["model"] == "claims.claim" and record["fields"]["text"] == "Inflation is 12 percent.":
            record["fields"]["status"] = "published"

    with pytest.raises(CommandError, match=r"claims\.claim \d+: it is published but has no published verdict"):
        call_command("import", _edit_records(tmp_path, publish_the_claim))
    _assert_nothing_imported()


def test_every_refusal_is_reported_not_only_the_first(varied_newsroom, tmp_path):
    _export(tmp_path, "a.jsonl")
    _wipe()

    def tamper(record):
        if record["model"] == "auth.user":
            record["fields"]["username"] = ""
        if record["model"] == "claims.evidencesnapshot":
            record["fields"]["sha256"] = "0" * 64

    with pytest.raises(CommandError, match=r"record\(s\) refused, nothing was imported") as failure:
        call_command("import", _edit_records(tmp_path, tamper))
    lines = _refusal_lines(failure)
    assert len(lines) >= 3  # fiona and edgar (at least), and the snapshot
    assert any("sha256" in line for line in lines)
    _assert_nothing_imported()

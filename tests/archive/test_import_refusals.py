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

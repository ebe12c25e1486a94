"""Hostile and broken files get a clear one-line error naming them, or are ingested cleanly:
never a crash, never a half-written article, never stored markup that could run in a page."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from claims.models import Appearance, Claim, Speaker
from sources.models import Source
from sources.services import paths_ingest
from tests.sources import hostile_corpus
from tests.sources.hostile_corpus import CLEAN, ERROR

# Anything a browser would execute or load if it reached a page unescaped.
EXECUTABLE = re.compile(
    r"<\s*/?\s*(script|iframe|img|svg|object|embed|style|body|a|link|meta|frame)\b"
    r"|\bon[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)
CASES = {case.name: case for case in hostile_corpus.cases()}


@pytest.fixture(autouse=True)
def _small_size_limit(settings):
    settings.FACTCHECK_INGEST_MAX_BYTES = hostile_corpus.SIZE_LIMIT


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Source, Claim, Appearance, Speaker))


def _stored_text() -> list[str]:
    texts: list[str] = []
    for source in Source.objects.all():
        texts += [source.text, source.title, source.publisher, source.author, source.url]
    texts += Claim.objects.values_list("text", flat=True)
    for appearance in Appearance.objects.all():
        texts += [appearance.sentence, appearance.speaker_mention, appearance.speaker_role]
    for speaker in Speaker.objects.all():
        texts += [speaker.name, speaker.role]
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.expect == ERROR])
def test_bad_file_gets_one_clear_error_and_writes_nothing(tmp_path, name):
    case = CASES[name]
    path = tmp_path / name
    path.write_bytes(case.data)
    before = _counts()

    batch = paths_ingest([path])

    assert len(batch.errors) == 1, batch.errors
    [error] = batch.errors
    assert error.startswith(name), error
    assert case.reason.lower() in error.lower(), error
    assert "\n" not in error and "Traceback" not in error and len(error) < 300
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.expect == CLEAN])
def test_awkward_file_is_ingested_cleanly_without_executable_markup(tmp_path, name):
    case = CASES[name]
    path = tmp_path / name
    path.write_bytes(case.data)

    batch = paths_ingest([path])

    assert batch.errors == []
    assert batch.sources_created == 1
    source = Source.objects.get()
    assert source.text.strip()
    for text in _stored_text():
        assert not EXECUTABLE.search(text), text[:200]
        assert "\x00" not in text
        text.encode("utf-8")  # no lone surrogates: every stored string is valid Unicode
    # Every appearance's offsets still point at its sentence in the stored text.
    for appearance in Appearance.objects.select_related("source"):
        assert appearance.source.text[appearance.start : appearance.end] == appearance.sentence


@pytest.mark.django_db
def test_utf16_article_reads_like_its_utf8_twin(tmp_path):
    (tmp_path / "a.txt").write_bytes(hostile_corpus.ARTICLE.encode("utf-16"))
    paths_ingest([tmp_path / "a.txt"])
    assert Source.objects.get().text == hostile_corpus.ARTICLE
    assert Claim.objects.filter(text__contains="4 percent").exists()


@pytest.mark.django_db
def test_mixed_jsonl_keeps_the_good_records_and_names_each_bad_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(hostile_corpus.mixed_jsonl())
    batch = paths_ingest([path])
    assert batch.sources_created == 2
    assert [e.split(":")[0] for e in batch.errors] == ["mixed.jsonl line 2", "mixed.jsonl line 3", "mixed.jsonl line 4"]
    assert set(Source.objects.values_list("url", flat=True)) == {
        "https://news.example/good-1", "https://news.example/good-2",
    }


@pytest.mark.django_db
def test_the_whole_corpus_in_one_command_reports_every_bad_file_and_fails(tmp_path, capsys):
    corpus = hostile_corpus.write(tmp_path / "corpus")
    with pytest.raises(CommandError) as failure:
        call_command("ingest", str(tmp_path / "corpus"), "--no-progress")
    out, err = capsys.readouterr()
    bad = sorted(n for n, c in corpus.items() if c.expect == ERROR)
    reported = sorted(line.removeprefix("error: ").split(":")[0] for line in err.splitlines() if line.startswith("error: "))
    assert reported == bad
    assert f"{len(corpus)} files read" in out
    assert failure.value.returncode == 1
    # Several clean files carry the same article in other encodings: those are "unchanged".
    created, unchanged = map(int, re.search(r"(\d+) sources created, (\d+) unchanged", out).groups())
    assert created + unchanged == sum(c.expect == CLEAN for c in corpus.values())
    assert Source.objects.count() == created


@pytest.mark.django_db
def test_a_good_copy_is_not_lost_because_an_earlier_copy_had_bad_metadata(tmp_path):
    import json

    (tmp_path / "a-bad.json").write_text(json.dumps({"text": hostile_corpus.ARTICLE, "url": "javascript:alert(1)"}))
    (tmp_path / "b-good.json").write_text(json.dumps({"text": hostile_corpus.ARTICLE, "url": "https://news.example/ok"}))
    batch = paths_ingest([tmp_path])
    assert [e.split(":")[0] for e in batch.errors] == ["a-bad.json"]
    assert list(Source.objects.values_list("url", flat=True)) == ["https://news.example/ok"]

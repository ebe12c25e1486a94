"""Batches of files: each article in its own transaction, errors collected per file."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Appearance, Claim
from sources.models import Source
from sources.services import paths_ingest

pytestmark = pytest.mark.django_db

ARTICLE = "The central bank held its benchmark rate at {n} percent for a fifth consecutive meeting."


def write(folder, name, content):
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


DISTINCT = [
    "The central bank held its benchmark rate at 4 percent for a fifth consecutive meeting.",
    "Wheat exports from the Black Sea ports doubled to 12 million tonnes in 2024.",
    "The city council approved a budget of 3.2 billion euros for road repairs.",
]


def test_a_broken_file_rolls_back_only_itself(tmp_path, monkeypatch):
    for n, text in enumerate(DISTINCT, start=1):
        write(tmp_path, f"{n}.txt", text)
    real = Appearance.objects.bulk_create

    def failing_on_the_second(objs, *args, **kwargs):
        if any(a.source.text == DISTINCT[1] for a in objs):
            from django.db import IntegrityError

            raise IntegrityError("simulated failure while writing appearances")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Appearance.objects, "bulk_create", failing_on_the_second)
    batch = paths_ingest([tmp_path], threshold=0.0)
    assert batch.files_read == 3
    assert batch.sources_created == 2
    assert batch.errors == ["2.txt: not saved, database error (simulated failure while writing appearances)"]
    assert not Source.objects.filter(text=DISTINCT[1]).exists()
    assert not Claim.objects.filter(text=DISTINCT[1]).exists()
    assert Claim.objects.count() == 2


def test_unreadable_files_get_one_line_errors_and_the_rest_is_ingested(tmp_path, settings):
    settings.FACTCHECK_INGEST_MAX_BYTES = 2000
    write(tmp_path, "good.txt", ARTICLE.format(n=4))
    write(tmp_path, "empty.txt", "   \n")
    write(tmp_path, "binary.txt", b"\x00\x01\x02PNG")
    write(tmp_path, "latin1.txt", "Caf\xe9 prices rose 5 percent.".encode("latin-1"))
    write(tmp_path, "huge.txt", "x" * 3000)
    write(tmp_path, "slides.pdf", b"%PDF-1.4")
    batch = paths_ingest([tmp_path, tmp_path / "missing.txt"], threshold=0.0)
    assert batch.sources_created == 1
    assert sorted(batch.errors) == sorted(
        [
            f"{tmp_path / 'missing.txt'}: no such file or folder",
            "binary.txt: binary data, not text",
            "empty.txt: empty file",
            "huge.txt: 3,000 bytes is over the 2,000-byte limit (FACTCHECK_INGEST_MAX_BYTES)",
            "latin1.txt: not UTF-8 text (byte 0xe9 at offset 3)",
            "slides.pdf: unsupported format '.pdf' (expected .htm, .html, .json, .jsonl, .txt)",
        ]
    )


def test_txt_metadata_from_sidecar_json_and_flags(tmp_path):
    write(tmp_path, "a.txt", ARTICLE.format(n=4))
    write(tmp_path, "a.json", json.dumps({"title": "Rates on hold", "url": "https://news.example/rates",
                                          "published_at": "2025-03-02"}))
    write(tmp_path, "b.txt", ARTICLE.format(n=6))
    batch = paths_ingest([tmp_path], defaults={"publisher": "Wire"}, threshold=0.0)
    assert (batch.sources_created, batch.errors) == (2, [])
    a = Source.objects.get(url="https://news.example/rates")
    assert (a.title, a.publisher, a.published_at.date().isoformat()) == ("Rates on hold", "Wire", "2025-03-02")
    assert a.appearances.get().said_on.isoformat() == "2025-03-02"
    assert Source.objects.get(text__contains="at 6 percent").publisher == "Wire"


def test_json_and_jsonl_articles_with_a_bad_record(tmp_path):
    write(tmp_path, "list.json", json.dumps([
        {"url": "https://n.example/1", "title": "One", "publisher": "N", "published_at": "2025-01-02T10:00:00Z",
         "text": ARTICLE.format(n=1)},
        {"title": "No text"},
    ]))
    write(tmp_path, "feed.jsonl", "\n".join([
        json.dumps({"url": "https://n.example/2", "text": "<p>Exports rose <b>7 percent</b> in 2024.</p>"}),
        "{not json",
    ]))
    batch = paths_ingest([tmp_path], threshold=0.0)
    assert batch.sources_created == 2
    assert sorted(batch.errors) == ["feed.jsonl line 2: invalid JSON (Expecting property name enclosed in double quotes)",
                                    "list.json item 2: missing or empty 'text'"]
    assert Source.objects.get(url="https://n.example/2").text == "Exports rose 7 percent in 2024."


def test_html_main_text_and_metadata_without_markup(tmp_path):
    paragraphs = "".join(
        f"<p>The ministry said exports rose {n} percent in 2024, the fastest pace in a decade of records.</p>"
        for n in range(3, 9)
    )
    write(tmp_path, "page.html", f"""<!doctype html><html><head><title>Exports surge | Daily</title>
<link rel="canonical" href="https://daily.example/exports">
<meta property="og:site_name" content="The Daily">
<meta name="author" content="Ana Pardo">
<meta property="article:published_time" content="2025-02-03T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Exports surge</h1>{paragraphs}</article>
<footer>Copyright The Daily. Subscribe now.</footer></body></html>""")
    batch = paths_ingest([tmp_path / "page.html"], threshold=0.0)
    assert batch.errors == []
    source = Source.objects.get()
    assert source.url == "https://daily.example/exports"
    assert source.publisher == "The Daily"
    assert source.author == "Ana Pardo"
    assert source.published_at.date().isoformat() == "2025-02-03"
    assert "exports rose 3 percent" in source.text
    assert "<" not in source.text and "Home" not in source.text and "Subscribe" not in source.text


def test_ingest_command_prints_a_summary_and_fails_when_a_file_failed(tmp_path, capsys):
    write(tmp_path, "good.txt", ARTICLE.format(n=4))
    write(tmp_path, "notes.docx", b"PK\x03\x04")
    with pytest.raises(CommandError) as failure:
        call_command("ingest", str(tmp_path), "--threshold", "0", "--publisher", "Wire")
    assert failure.value.returncode == 1
    out, err = capsys.readouterr()
    assert "error: notes.docx: unsupported format '.docx'" in err
    assert "2 files read, 1 sources created, 0 unchanged, 1 candidate claims created" in out
    call_command("ingest", str(tmp_path / "good.txt"), "--threshold", "0")
    assert "1 files read, 0 sources created, 1 unchanged" in capsys.readouterr().out


def test_ingest_command_rejects_a_bad_date_flag(tmp_path):
    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("ingest", str(tmp_path), "--published-at", "yesterday")


def test_ingest_command_date_and_title_flags_apply_to_a_txt_file(tmp_path):
    write(tmp_path, "wire.txt", ARTICLE.format(n=5))
    call_command(
        "ingest", str(tmp_path / "wire.txt"), "--threshold", "0",
        "--published-at", "2025-03-02", "--title", "Rates on hold", "--publisher", "Wire",
    )
    source = Source.objects.get(title="Rates on hold")
    assert (source.publisher, source.published_at.date().isoformat()) == ("Wire", "2025-03-02")

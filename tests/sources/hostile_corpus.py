"""A corpus of hostile and broken input files for the ingestion pipeline.

Built on the fly (some files are large or binary, and generating them keeps the repository
small and the intent readable). Each entry says what the pipeline must do with the file:
refuse it with a one-line error naming it (`ERROR`), or ingest it cleanly (`CLEAN`).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
CLEAN = "clean"

# The size limit the tests set (FACTCHECK_INGEST_MAX_BYTES), small to keep the suite fast.
SIZE_LIMIT = 256 * 1024

ARTICLE = (
    'The minister said unemployment fell to 4 percent in 2024. "We have created 200,000 jobs '
    'since January," she told reporters on Monday. Critics said the figure was 5.1 percent.'
)

# Markup that would run in a browser if it ever reached a page unescaped.
PAYLOADS = (
    "<script>alert('xss')</script>",
    '<iframe src="https://evil.example/"></iframe>',
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(1)"></svg>',
    '<a href="javascript:alert(1)">click</a>',
    '<body onload="alert(1)">',
)


@dataclass(frozen=True)
class Case:
    name: str
    expect: str
    data: bytes
    reason: str  # a fragment the error message must contain (for ERROR cases)


def _html(body: str, title: str = "Hostile page") -> bytes:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def cases() -> list[Case]:
    long_sentence = " ".join(f"word{i % 997}" for i in range(14000))[:100_000]
    script_html = _html(
        "<article><h1>Minister on jobs</h1>"
        + "".join(f"<p>{ARTICLE}</p>{payload}" for payload in PAYLOADS)
        + '<p onclick="alert(1)">Officials said exports rose 12 percent in 2023.</p>'
        + "<style>body{background:url(javascript:alert(1))}</style></article>",
        title="<script>alert('title')</script>Jobs",
    )
    # The same payloads entity-encoded: text in the file, markup once decoded.
    encoded = " ".join(html.escape(payload) for payload in PAYLOADS)
    entity_html = _html(
        f"<article><h1>Minister on jobs</h1><p>{ARTICLE} {encoded}</p>"
        f"<p>Officials said exports rose 12 percent in 2023 {html.escape(html.escape(PAYLOADS[2]))}.</p></article>",
        title=html.escape("<img src=x onerror=alert(1)>Jobs"),
    )
    nested = _html("<div>" * 100 + f"<p>{ARTICLE}</p>" + "</div>" * 100)
    # Deeper than the HTML parser follows (libxml2 stops at 256 levels): refused, cleanly.
    too_deep = _html("<div>" * 5000 + f"<p>{ARTICLE}</p>" + "</div>" * 5000)
    return [
        Case("empty.txt", ERROR, b"", "empty file"),
        Case("blank.txt", ERROR, b" \n\t\n  \n", "empty file"),
        Case("binary.txt", ERROR, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        Case("elf.html", ERROR, b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "binary"),
        Case("oversize.txt", ERROR, (ARTICLE + "\n").encode() * (SIZE_LIMIT // len(ARTICLE) + 10), "limit"),
        Case("invalid-utf8.txt", ERROR, ARTICLE.encode() + b" caf\xe9 \xff\xfe\xfd", "not UTF-8"),
        Case("utf16-bom.txt", CLEAN, ARTICLE.encode("utf-16"), ""),
        Case("utf16-bom-be.txt", CLEAN, b"\xfe\xff" + ARTICLE.encode("utf-16-be"), ""),
        Case("utf8-bom.txt", CLEAN, b"\xef\xbb\xbf" + ARTICLE.encode(), ""),
        Case("scripts.html", CLEAN, script_html, ""),
        Case("markup-in-text.txt", CLEAN, (ARTICLE + " " + " ".join(PAYLOADS)).encode(), ""),
        Case("entity-markup.txt", CLEAN, f"{ARTICLE} {encoded}".encode(), ""),
        Case("entity-markup-numeric.txt", CLEAN, (ARTICLE + " &#60;img src=x onerror=alert(1)&#x3e;").encode(), ""),
        Case("entity-markup.html", CLEAN, entity_html, ""),
        Case("nested.html", CLEAN, nested, ""),
        Case("nested-too-deep.html", ERROR, too_deep, "no article text"),
        Case("nested-only-markup.html", ERROR, ("<div>" * 3000 + "</div>" * 3000).encode(), "no article text"),
        Case("long-sentence.txt", CLEAN, long_sentence.encode(), ""),
        Case("many-quotes.txt", CLEAN, ('"' * 20000 + " said Peskov. " + "“”" * 5000).encode(), ""),
        Case("quote-pairs.txt", CLEAN, (' "a" ' * 8000).encode(), ""),
        Case(
            "unbalanced-quotes.txt",
            CLEAN,
            ('Peskov said "the vote was 93 to 18. It was never closed. ' * 50 + ARTICLE + ' "').encode(),
            "",
        ),
        Case("control-chars.txt", CLEAN, (ARTICLE[:40] + "\x01\x07\x1b[31m\x7f" + ARTICLE[40:]).encode(), ""),
        Case("nul-early.txt", ERROR, (ARTICLE[:40] + "\x00" + ARTICLE[40:]).encode(), "binary"),
        Case("nul-late.txt", CLEAN, (ARTICLE + " " * 9000 + "\x00 The budget was 3 billion.").encode(), ""),
        Case("unknown.exe", ERROR, b"MZ\x90\x00", "unsupported format"),
        Case("not-json.json", ERROR, b"{'text': 'single quotes'}", "invalid JSON"),
        Case("json-list-empty.json", ERROR, b"[]", "empty JSON list"),
        Case("json-scalar.json", ERROR, b'"just a string"', "expected an object"),
        Case("json-null.json", ERROR, b"null", "expected an object"),
        Case("json-text-number.json", ERROR, json.dumps({"text": 12345}).encode(), "text"),
        Case("json-no-text.json", ERROR, json.dumps({"title": "No text here"}).encode(), "text"),
        Case("json-title-list.json", ERROR, json.dumps({"text": ARTICLE, "title": ["a", "b"]}).encode(), "title"),
        Case("json-date-number.json", ERROR, json.dumps({"text": ARTICLE, "published_at": 20240101}).encode(), "published_at"),
        Case("json-date-garbage.json", ERROR, json.dumps({"text": ARTICLE, "published_at": "yesterday"}).encode(), "published_at"),
        Case("json-bad-url.json", ERROR, json.dumps({"text": ARTICLE, "url": "javascript:alert(1)"}).encode(), "URL"),
        Case(
            "json-nul-metadata.json",
            CLEAN,
            json.dumps({"text": ARTICLE, "title": "Jobs\u0000 report", "publisher": "Wire\u0000"}).encode(),
            "",
        ),
        Case(
            "json-lone-surrogate.json",
            CLEAN,
            json.dumps({"text": ARTICLE + " LONE end.", "title": "Jobs LONE"}).replace("LONE", "\\ud800").encode(),
            "",
        ),
        Case(
            "json-html-fields.json",
            CLEAN,
            json.dumps(
                {"text": "<p>" + ARTICLE + "</p>" + PAYLOADS[0], "title": PAYLOADS[2] + "Jobs", "author": PAYLOADS[0]}
            ).encode(),
            "",
        ),
        Case("json-deep.json", ERROR, b"[" * 100_000 + b"]" * 100_000, "JSON"),
    ]


def mixed_jsonl() -> bytes:
    """Good and bad records in one file: the good ones go in, each bad one is reported."""
    lines = [
        json.dumps({"text": ARTICLE, "url": "https://news.example/good-1"}),
        "{not json",
        json.dumps({"text": 42}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "Exports rose 12 percent in 2023, officials said.", "url": "https://news.example/good-2"}),
    ]
    return "\n".join(lines).encode()


def write(directory: Path) -> dict[str, Case]:
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for case in cases():
        (directory / case.name).write_bytes(case.data)
        written[case.name] = case
    return written

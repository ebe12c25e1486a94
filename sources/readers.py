"""Read article files into plain text plus metadata.

`.txt` (metadata from a sidecar `<name>.json` beside it and/or command-line defaults),
`.html`/`.htm` (main text and metadata extracted by trafilatura), `.json` (one object or a
list of objects) and `.jsonl` (one object per line). Every problem becomes a `ReadError`
whose message is one line naming the file, so a batch can report it and go on.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
METADATA_FIELDS = ("title", "publisher", "author", "url", "published_at", "language")
_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]{0,20}|/[a-zA-Z][a-zA-Z0-9]{0,20})(?:\s[^<>]{0,2000})?/?>")


class ReadError(Exception):
    """A file (or one record of it) that cannot be ingested; the message names it."""


@dataclass
class RawArticle:
    text: str
    origin: str  # file name, or "file.jsonl line 3"
    title: str = ""
    publisher: str = ""
    author: str = ""
    url: str = ""
    published_at: datetime | None = None
    language: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)

    def metadata(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in METADATA_FIELDS}


def parse_published_at(value: Any, origin: str) -> datetime | None:
    """An aware datetime from an ISO date or datetime string (naive values are UTC)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ReadError(f"{origin}: published_at must be an ISO date string, not {type(value).__name__}")
    try:
        parsed = parse_datetime(value.strip())
        if parsed is None:
            day = parse_date(value.strip())
            parsed = datetime.combine(day, time()) if day else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ReadError(f"{origin}: published_at {value!r} is not an ISO date (e.g. 2025-03-02T10:00:00Z)")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


# Text saved as UTF-16/32 (Windows tools do this) announces itself with a byte-order mark;
# without one, NUL bytes mean binary data.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(path: Path, data: bytes) -> str:
    name = path.name
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                data = data.decode(encoding).encode("utf-8")
            except UnicodeError:
                raise ReadError(f"{name}: not valid {encoding.upper()} text despite its byte-order mark") from None
            break
    if not data.strip():
        raise ReadError(f"{name}: empty file")
    if b"\x00" in data[:8192]:
        raise ReadError(f"{name}: binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def read_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    limit = settings.FACTCHECK_INGEST_MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise ReadError(
                f"{path.name}: {size:,} bytes is over the {limit:,}-byte limit (FACTCHECK_INGEST_MAX_BYTES)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None


def strip_markup(text: str) -> str:
    """Plain text from a string that carries HTML markup (via trafilatura); other text as is."""
    if not _TAG.search(text):
        return text
    document = _extract_html(f"<html><body>{text}</body></html>")
    return document.text if document is not None and document.text else _TAG.sub(" ", text)


def _extract_html(html: str, url: str | None = None):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, TypeError):
        return None


def _article_from_mapping(obj: Any, origin: str, defaults: dict[str, Any]) -> RawArticle:
    if not isinstance(obj, dict):
        raise ReadError(f"{origin}: expected an object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(f"{origin}: missing or empty 'text'")
    values: dict[str, Any] = {}
    for name in ("title", "publisher", "author", "url", "language"):
        value = obj.get(name, defaults.get(name) or "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ReadError(f"{origin}: '{name}' must be a string")
        values[name] = value.strip()
    published = obj.get("published_at", obj.get("date"))
    values["published_at"] = parse_published_at(published, origin) if published else defaults.get("published_at")
    return RawArticle(text=strip_markup(text), origin=origin, language=values.pop("language") or "en", **values)


def read_file(path: Path, *, defaults: dict[str, Any] | None = None) -> Iterator[RawArticle | ReadError]:
    """The articles in one file; a problem with the whole file or one record is yielded as a ReadError."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        yield _unsupported(path.name)
        return
    try:
        data = read_bytes(path)
    except ReadError as exc:
        yield exc
        return
    yield from read_content(path.name, data, defaults=defaults, sidecar=sidecar_path(path))


def read_upload(name: str, data: bytes, *, defaults: dict[str, Any] | None = None) -> Iterator[RawArticle | ReadError]:
    """The articles in an uploaded file (the admin's "Add article" page)."""
    limit = settings.FACTCHECK_INGEST_MAX_BYTES
    if len(data) > limit:
        yield ReadError(f"{name}: {len(data):,} bytes is over the {limit:,}-byte limit (FACTCHECK_INGEST_MAX_BYTES)")
        return
    yield from read_content(name, data, defaults=defaults)


def _unsupported(name: str) -> ReadError:
    suffix = Path(name).suffix.lower()
    return ReadError(
        f"{name}: unsupported format {suffix or '(no extension)'!r} "
        f"(expected {', '.join(sorted(SUPPORTED_SUFFIXES))})"
    )


def read_content(
    name: str, data: bytes, *, defaults: dict[str, Any] | None = None, sidecar: Path | None = None
) -> Iterator[RawArticle | ReadError]:
    defaults = defaults or {}
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield _unsupported(name)
        return
    try:
        content = _decode(Path(name), data)
    except ReadError as exc:
        yield exc
        return
    path = Path(name)
    if suffix in TEXT_SUFFIXES:
        yield _read_text(path, content, defaults, sidecar)
    elif suffix in HTML_SUFFIXES:
        yield _read_html(path, content, defaults)
    elif suffix == ".jsonl":
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            origin = f"{name} line {number}"
            try:
                yield _article_from_mapping(json.loads(line), origin, defaults)
            except json.JSONDecodeError as exc:
                yield ReadError(f"{origin}: invalid JSON ({exc.msg})")
            except RecursionError:
                yield ReadError(f"{origin}: invalid JSON (nested too deeply)")
            except ReadError as exc:
                yield exc
    else:
        try:
            loaded = json.loads(content)
        except json.JSONDecodeError as exc:
            yield ReadError(f"{name}: invalid JSON ({exc.msg} at line {exc.lineno})")
            return
        except RecursionError:
            yield ReadError(f"{name}: invalid JSON (nested too deeply)")
            return
        items = loaded if isinstance(loaded, list) else [loaded]
        if not items:
            yield ReadError(f"{name}: an empty JSON list")
        for number, obj in enumerate(items, start=1):
            origin = name if len(items) == 1 else f"{name} item {number}"
            try:
                yield _article_from_mapping(obj, origin, defaults)
            except ReadError as exc:
                yield exc


def sidecar_path(path: Path) -> Path:
    return path.with_suffix(".json")


def _read_text(path: Path, content: str, defaults: dict[str, Any], sidecar: Path | None) -> RawArticle | ReadError:
    # Sidecar values win over the command line's; defaults are already parsed (a datetime).
    metadata: dict[str, Any] = {}
    if sidecar is not None and sidecar.is_file():
        try:
            extra = json.loads(_decode(sidecar, read_bytes(sidecar)))
        except json.JSONDecodeError as exc:
            return ReadError(f"{sidecar.name}: invalid JSON metadata for {path.name} ({exc.msg})")
        except RecursionError:
            return ReadError(f"{sidecar.name}: invalid JSON metadata for {path.name} (nested too deeply)")
        except ReadError as exc:
            return exc
        if not isinstance(extra, dict):
            return ReadError(f"{sidecar.name}: metadata for {path.name} must be a JSON object")
        metadata.update({k: v for k, v in extra.items() if k in METADATA_FIELDS and v})
    try:
        return _article_from_mapping({**metadata, "text": content}, path.name, defaults)
    except ReadError as exc:
        return exc


def _read_html(path: Path, content: str, defaults: dict[str, Any]) -> RawArticle | ReadError:
    document = _extract_html(content, url=defaults.get("url") or None)
    if document is None or not (document.text or "").strip():
        return ReadError(f"{path.name}: no article text found in the HTML")
    try:
        published = parse_published_at(document.date, path.name) if document.date else None
    except ReadError:
        published = None
    return RawArticle(
        text=document.text,
        origin=path.name,
        title=(defaults.get("title") or document.title or "").strip(),
        publisher=(defaults.get("publisher") or document.sitename or "").strip(),
        author=(defaults.get("author") or document.author or "").strip(),
        url=(defaults.get("url") or document.url or "").strip(),
        published_at=defaults.get("published_at") or published,
        language=(document.language or defaults.get("language") or "en"),
    )


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files to read: the files given, and every supported file under the folders given.

    A `.json` beside a `.txt` of the same name is that file's metadata, not an article.
    """
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            stems = {p.with_suffix("") for p in files if p.suffix.lower() == ".txt"}
            for file in files:
                if file.suffix.lower() == ".json" and file.with_suffix("") in stems:
                    continue
                yield file
        else:
            yield path

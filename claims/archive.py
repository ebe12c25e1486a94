"""Evidence archiving: fetch an evidence link's page and keep a snapshot of it.

The fetch is careful because the URL comes from a person: http(s) only, every address the host
resolves to must be public (unless FACTCHECK_ARCHIVE_ALLOW_PRIVATE), the connection goes to the
address that was checked (a second DNS answer cannot point it elsewhere; both rules live in
`factcheck.outbound`, shared with webhook delivery), redirects are followed
by hand and checked the same way, the content type must be one we archive, and the body is read
against a size limit and an overall deadline.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import ssl
import time
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import EvidenceLink, EvidenceSnapshot
from factcheck import outbound

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
TEXT_TYPES = {"text/plain", "text/csv", "application/json"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
# What /archive/<id>/raw serves under its own type (always sandboxed); anything else, whatever
# FACTCHECK_ARCHIVE_CONTENT_TYPES or an imported archive says, goes out as a download of bytes.
SERVED_TYPES = frozenset(TEXT_TYPES | HTML_TYPES | {"application/pdf"})


class ArchiveRefused(Exception):
    """The URL cannot be archived (not http, private address, wrong type, too big, 4xx)."""


class ArchiveUnavailable(Exception):
    """The page could not be fetched this time (network, timeout, 5xx, 429); worth retrying."""


@dataclass(frozen=True)
class Fetched:
    requested_url: str
    final_url: str
    status: int
    content_type: str
    charset: str
    content: bytes


def _address_for(host: str, port: int, *, allow_private: bool) -> str:
    try:
        return outbound.checked_address(host, port, allow_private=allow_private)
    except outbound.UnresolvableHost as exc:
        raise ArchiveUnavailable(str(exc)) from exc
    except outbound.RefusedAddress as exc:
        raise ArchiveRefused(f"{exc}; set FACTCHECK_ARCHIVE_ALLOW_PRIVATE to archive internal pages") from exc


def _content_type(header: str) -> tuple[str, str]:
    main, _, params = header.partition(";")
    match = re.search(r"charset=\"?([\w.:-]+)", params, re.IGNORECASE)
    return main.strip().lower(), (match.group(1) if match else "")


def fetch(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    allowed_types: list[str],
    allow_private: bool,
    user_agent: str = "factcheck-archiver",
) -> Fetched:
    """GET `url` within the limits above; raise ArchiveRefused or ArchiveUnavailable otherwise."""
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ArchiveRefused(f"only http and https URLs can be archived, not {current!r}")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise ArchiveRefused(f"invalid port in {current!r}") from exc
        address = _address_for(parts.hostname, port, allow_private=allow_private)
        connection = outbound.pinned_connection(parts.scheme, parts.hostname, address, port=port, timeout=timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                "GET",
                target,
                headers={
                    "User-Agent": user_agent,
                    "Accept": ", ".join(allowed_types),
                    "Accept-Encoding": "identity",
                },
            )
            response = connection.getresponse()
            status = response.status
            if status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location")
                if not location:
                    raise ArchiveRefused(f"{current} redirects without a Location")
                current = urljoin(current, location)
                continue
            if status in {408, 425, 429} or status >= 500:
                raise ArchiveUnavailable(f"{current} answered HTTP {status}")
            if not 200 <= status < 300:
                raise ArchiveRefused(f"{current} answered HTTP {status}")
            content_type, charset = _content_type(response.getheader("Content-Type", ""))
            if content_type not in allowed_types:
                raise ArchiveRefused(
                    f"{current} is {content_type or 'of no declared type'}, which is not archived "
                    f"(archived types: {', '.join(allowed_types)})"
                )
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ArchiveRefused(f"{current} is {declared} bytes, over the {max_bytes}-byte limit")
            body = bytearray()
            while chunk := response.read(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise ArchiveRefused(f"{current} is over the {max_bytes}-byte limit")
                if time.monotonic() > deadline:
                    raise ArchiveUnavailable(f"{current} took longer than {timeout}s to download")
            return Fetched(url, current, status, content_type, charset, bytes(body))
        except ssl.SSLCertVerificationError as exc:
            raise ArchiveRefused(f"{current} has an invalid TLS certificate: {exc}") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise ArchiveUnavailable(f"fetching {current} failed: {exc!r}") from exc
        finally:
            connection.close()
    raise ArchiveRefused(f"{url} redirects more than {MAX_REDIRECTS} times")


def readable_text(fetched: Fetched) -> tuple[str, str]:
    """(title, text) a reader can search and quote; empty for binary documents such as PDF."""
    if fetched.content_type in TEXT_TYPES:
        return "", fetched.content.decode(fetched.charset or "utf-8", errors="replace")
    if fetched.content_type not in HTML_TYPES:
        return "", ""
    import trafilatura  # Heavy import, needed only by the worker.

    html = fetched.content.decode(fetched.charset or "utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, favor_recall=True) or ""
    # The document's own <title> is what the page called itself when it was archived.
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    title = unescape(" ".join(match.group(1).split())) if match else ""
    return title[:500], text


def snapshot_problems(snapshot: EvidenceSnapshot) -> list[str]:
    """What is wrong with a snapshot the archiver did not make itself (an imported archive):
    a type it would not have archived, or a size or checksum that is not the content's."""
    problems = []
    if snapshot.content_type not in settings.FACTCHECK_ARCHIVE_CONTENT_TYPES:
        problems.append(
            f"content type {snapshot.content_type!r} is not archived here "
            f"(FACTCHECK_ARCHIVE_CONTENT_TYPES: {', '.join(settings.FACTCHECK_ARCHIVE_CONTENT_TYPES)})"
        )
    content = bytes(snapshot.content or b"")
    if snapshot.size != len(content) or snapshot.sha256 != hashlib.sha256(content).hexdigest():
        problems.append("its size or sha256 does not match its content")
    return problems


def evidence_archive(*, link: EvidenceLink) -> EvidenceSnapshot:
    """Fetch `link.url`, store a snapshot, and point `archived_url` at it unless one was given."""
    fetched = fetch(
        link.url,
        timeout=settings.FACTCHECK_ARCHIVE_TIMEOUT,
        max_bytes=settings.FACTCHECK_ARCHIVE_MAX_BYTES,
        allowed_types=settings.FACTCHECK_ARCHIVE_CONTENT_TYPES,
        allow_private=settings.FACTCHECK_ARCHIVE_ALLOW_PRIVATE,
        user_agent=settings.FACTCHECK_ARCHIVE_USER_AGENT,
    )
    title, text = readable_text(fetched)
    with transaction.atomic():
        snapshot = EvidenceSnapshot.objects.create(
            link=link,
            requested_url=fetched.requested_url,
            final_url=fetched.final_url,
            fetched_at=timezone.now(),
            http_status=fetched.status,
            content_type=fetched.content_type,
            size=len(fetched.content),
            sha256=hashlib.sha256(fetched.content).hexdigest(),
            title=title,
            text=text,
            content=fetched.content,
        )
        # Lock the row: a fact-checker may be editing the link while the worker finishes.
        current = EvidenceLink.objects.select_for_update().get(pk=link.pk)
        if not current.archived_url:
            current.archived_url = settings.FACTCHECK_SITE_URL + snapshot.get_absolute_url()
            current.save(update_fields=["archived_url"])
            link.archived_url = current.archived_url
    return snapshot

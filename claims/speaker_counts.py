"""The speaker scorecard's counts (`SpeakerRatingCount`) in plain SQL, shared by
`claims.publication` (which keeps them current) and the migration that fills them (which
must not import models): published fact-checks per (speaker, rating) of the speakers' claims."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

_TABLE = "claims_speakerratingcount"
_COUNTS = (
    "SELECT c.speaker_id, v.rating_id, COUNT(*) FROM claims_verdict v"
    " JOIN claims_claim c ON c.id = v.claim_id"
    " WHERE v.status = 'published' AND v.rating_id IS NOT NULL AND c.speaker_id IS NOT NULL{only}"
    " GROUP BY c.speaker_id, v.rating_id"
)
_INSERT = f"INSERT INTO {_TABLE} (speaker_id, rating_id, count) "
# Speakers per statement: well under SQLite's 32,766 parameters, twice (delete and insert).
_BATCH = 5000


def counts_rebuild(connection: BaseDatabaseWrapper = default_connection) -> None:
    """Count every speaker afresh (a migration on an existing database, a bulk load)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_TABLE}")  # noqa: S608 - a constant table name
        cursor.execute(_INSERT + _COUNTS.format(only=""))


def counts_refresh(speaker_ids: Iterable[int], connection: BaseDatabaseWrapper = default_connection) -> None:
    """Count these speakers afresh: one aggregate over their claims' verdicts."""
    ids = sorted({int(pk) for pk in speaker_ids if pk is not None})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {_TABLE} WHERE speaker_id IN ({marks})", batch)  # noqa: S608 - placeholders only
            cursor.execute(_INSERT + _COUNTS.format(only=f" AND c.speaker_id IN ({marks})"), batch)

"""SQLite only: put back the triggers that keep the claims' FTS5 word index in step.

SQLite cannot alter a column in place, so Django rebuilds `claims_claim` (create, copy, drop,
rename) for migrations such as 0013 (rejection reason), and the triggers of migration 0010
went with the old table: new claims were no longer indexed and matching found nothing on
SQLite. This recreates them and rebuilds the index from the table. A later migration that
rebuilds `claims_claim` on SQLite must do the same (`tests/claims/test_claim_matching.py`
fails otherwise).
"""

from django.db import migrations

from claims.migrations._operations import SqliteOnlySQL

TABLE, SOURCE, COLUMN = "claims_claim_words", "claims_claim", "text"

FORWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}(rowid, {COLUMN}) VALUES (new.id, new.{COLUMN}); END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMN}) VALUES ('delete', old.id, old.{COLUMN}); END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF {COLUMN} ON {SOURCE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMN}) VALUES ('delete', old.id, old.{COLUMN}); "
    f"INSERT INTO {TABLE}(rowid, {COLUMN}) VALUES (new.id, new.{COLUMN}); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]


class Migration(migrations.Migration):
    dependencies = [("claims", "0016_claim_speaker_queue_idx")]

    operations = [SqliteOnlySQL(FORWARD, migrations.RunSQL.noop)]

"""SQLite only: an FTS5 word index over claims_claim.text, kept in step by triggers.

Claim matching (sources.matching) uses it on SQLite to find the few claims that share rare
words with a sentence before computing pg_trgm-style similarity on them; PostgreSQL uses the
GIN trigram index `claim_text_trgm_idx` instead, so nothing runs there.
"""

from django.db import migrations


class SqliteOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


FORWARD = [
    "CREATE VIRTUAL TABLE sources_claim_words USING fts5(text, content='claims_claim', content_rowid='id')",
    "CREATE TRIGGER sources_claim_words_insert AFTER INSERT ON claims_claim BEGIN "
    "INSERT INTO sources_claim_words(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER sources_claim_words_delete AFTER DELETE ON claims_claim BEGIN "
    "INSERT INTO sources_claim_words(sources_claim_words, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER sources_claim_words_update AFTER UPDATE OF text ON claims_claim BEGIN "
    "INSERT INTO sources_claim_words(sources_claim_words, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO sources_claim_words(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO sources_claim_words(sources_claim_words) VALUES ('rebuild')",
    # How many claims contain each word: matching looks up a sentence's rarest words.
    "CREATE VIRTUAL TABLE sources_claim_vocab USING fts5vocab(sources_claim_words, 'row')",
]
BACKWARD = [
    "DROP TABLE IF EXISTS sources_claim_vocab",
    "DROP TRIGGER IF EXISTS sources_claim_words_update",
    "DROP TRIGGER IF EXISTS sources_claim_words_delete",
    "DROP TRIGGER IF EXISTS sources_claim_words_insert",
    "DROP TABLE IF EXISTS sources_claim_words",
]


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
        ("claims", "0003_fulltext_search_indexes"),
    ]

    operations = [SqliteOnlySQL(sql=FORWARD, reverse_sql=BACKWARD)]

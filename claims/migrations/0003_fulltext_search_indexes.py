from django.db import migrations

from claims.migrations._operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_default_ratings_and_trigram_search")]

    operations = [
        # Same expressions as claims.search.CLAIM_DOCUMENT / VERDICT_DOCUMENT, so the planner uses them.
        PostgresOnlySQL(
            "CREATE INDEX claim_text_fts_idx ON claims_claim "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')));",
            "DROP INDEX IF EXISTS claim_text_fts_idx;",
        ),
        PostgresOnlySQL(
            "CREATE INDEX verdict_fts_idx ON claims_verdict USING gin "
            "(to_tsvector('english'::regconfig, COALESCE(headline, '') || ' ' || COALESCE(summary, '')));",
            "DROP INDEX IF EXISTS verdict_fts_idx;",
        ),
    ]

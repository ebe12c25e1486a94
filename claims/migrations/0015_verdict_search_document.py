from django.db import migrations, models

from claims.migrations._operations import PostgresOnlySQL

# Same expression as claims.search.VERDICT_DOCUMENT, partial on what readers may see.
CREATE_INDEX = (
    "CREATE INDEX verdict_public_search_idx ON claims_verdict USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_document, ''))) "
    "WHERE status IN ('published', 'retracted');"
)

# One UPDATE on both databases: SQLite and PostgreSQL both spell concatenation `||`.
BACKFILL = (
    "UPDATE claims_verdict SET search_document = "
    "(SELECT text FROM claims_claim WHERE claims_claim.id = claims_verdict.claim_id) "
    "|| char(10) || headline || char(10) || summary "
    "WHERE status IN ('published', 'retracted');"
)
BACKFILL_PG = BACKFILL.replace("char(10)", "chr(10)")


def backfill(apps, schema_editor):
    schema_editor.execute(BACKFILL_PG if schema_editor.connection.vendor == "postgresql" else BACKFILL)


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_claim_rejection_reason")]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        PostgresOnlySQL(CREATE_INDEX, "DROP INDEX IF EXISTS verdict_public_search_idx;"),
        # The headline/summary index stays for the admin's search over drafts (search_all_verdicts).
    ]

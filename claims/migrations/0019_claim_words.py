"""The claim word index in a narrow table of its own, with statistics for its whole vocabulary.

Lexical retrieval (claims.matching.lexical) reads a few thousand tsvectors a lookup: stored
beside each claim's 1 KB sentence vector, every one was a page of its own (1.3 GB for a million
claims; 186 MB alone). And it picks a wording's rarest words by the planner's statistics of the
column: the default target lists only the 1,000 commonest lexemes, so every other word looked
as common as the thousandth (1,667 claims in 1,000,000, where most are in a handful); 2,500
lists every lexeme in at least ~30 of a million claims (8,155 in the benchmark archive).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from claims.migrations._operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_sqlite_claim_word_triggers")]

    operations = [
        migrations.CreateModel(
            name="ClaimWords",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="+",
                        serialize=False, to="claims.claim",
                    ),
                ),
                ("words", django.contrib.postgres.search.SearchVectorField(editable=False)),
            ],
        ),
        PostgresOnlySQL(
            sql=[
                "INSERT INTO claims_claimwords (claim_id, words) "
                "SELECT claim_id, words FROM claims_claimembedding WHERE words IS NOT NULL",
                "CREATE INDEX claimwords_words_idx ON claims_claimwords USING gin (words) WITH (fastupdate = off)",
                "ALTER TABLE claims_claimwords ALTER COLUMN words SET STATISTICS 2500",
                "DROP INDEX IF EXISTS claimembedding_words_idx",
                "ANALYZE claims_claimwords",
            ],
            reverse_sql=[
                "UPDATE claims_claimembedding e SET words = w.words FROM claims_claimwords w WHERE w.claim_id = e.claim_id",
                "CREATE INDEX claimembedding_words_idx ON claims_claimembedding USING gin (words) WITH (fastupdate = off)",
                "DROP INDEX IF EXISTS claimwords_words_idx",
            ],
        ),
        migrations.RemoveField(model_name="claimembedding", name="words"),
    ]

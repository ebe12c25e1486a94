"""Lexical retrieval (claims.matching.lexical) reads the planner's statistics of the claim word
index to pick a wording's rarest words: keep them for the whole vocabulary of a newsroom's
archive. The default target lists only the 1,000 commonest lexemes, so every other word looked
as common as the thousandth (1,667 claims in 1,000,000 where most are in a handful); 2,500 lists
every lexeme in at least ~30 of a million claims (8,155 in the benchmark archive)."""

from django.db import migrations

from claims.migrations._operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_sqlite_claim_word_triggers")]

    operations = [
        PostgresOnlySQL(
            sql="ALTER TABLE claims_claimembedding ALTER COLUMN words SET STATISTICS 2500",
            reverse_sql="ALTER TABLE claims_claimembedding ALTER COLUMN words SET STATISTICS -1",
        ),
    ]

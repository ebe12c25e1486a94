"""Claim matching moves into claims (claims.matching): sentence vectors per claim, other
publishers' fact-checks, and the possible matches curators confirm or reject.

Word indexes for lexical retrieval: SQLite gets FTS5 tables (Porter-stemmed, like PostgreSQL's
english configuration) kept in step by triggers; PostgreSQL uses the GIN index of migration
0003 for claims and gets one for external fact-checks here. Claim vectors are not computed
here (a migration must not run live code): matching embeds a claim that has none when it reads
it, and `manage.py rebuild_match_index` writes them all.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from claims.migrations._operations import PostgresOnlySQL, SqliteOnlySQL


def fts5(table: str, source: str, column: str) -> tuple[list[str], list[str]]:
    """An external-content FTS5 index of `source.column`, kept in step by triggers."""
    forward = [
        f"CREATE VIRTUAL TABLE {table} USING fts5({column}, content='{source}', content_rowid='id', "
        "tokenize='porter unicode61')",
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON {source} BEGIN "
        f"INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON {source} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER {table}_update AFTER UPDATE OF {column} ON {source} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]
    backward = [
        f"DROP TRIGGER IF EXISTS {table}_update",
        f"DROP TRIGGER IF EXISTS {table}_delete",
        f"DROP TRIGGER IF EXISTS {table}_insert",
        f"DROP TABLE IF EXISTS {table}",
    ]
    return forward, backward


CLAIM_WORDS = fts5("claims_claim_words", "claims_claim", "text")
EXTERNAL_WORDS = fts5("claims_externalfactcheck_words", "claims_externalfactcheck", "claim_text")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0008_claim_version_revision_proposal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimEmbedding',
            fields=[
                ('claim', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='claims.claim')),
                ('model', models.CharField(help_text='Which embedding model wrote the vector.', max_length=60)),
                ('vector', models.BinaryField(help_text='Little-endian float32, unit length.')),
                ('words', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='ExternalFactCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('review_url', models.URLField(help_text="The publisher's fact-check page.", max_length=2000, unique=True)),
                ('publisher_name', models.CharField(blank=True, max_length=200)),
                ('publisher_url', models.URLField(blank=True, max_length=2000)),
                ('rating_text', models.CharField(blank=True, help_text="The publisher's own rating words.", max_length=200)),
                ('reviewed_on', models.DateField(blank=True, null=True)),
                ('claim_text', models.TextField()),
                ('claimant', models.CharField(blank=True, max_length=300)),
                ('claim_date', models.DateField(blank=True, null=True)),
                ('language', models.CharField(blank=True, max_length=12)),
                ('vector', models.BinaryField(blank=True)),
                ('imported_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'external fact-check',
                'ordering': ['-reviewed_on', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('claim_text', ''), _negated=True), name='external_claim_text_not_empty')],
            },
        ),
        migrations.CreateModel(
            name='MatchSuggestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('similarity', models.FloatField()),
                ('differences', models.JSONField(blank=True, default=list, help_text='Slots only one wording states.')),
                ('decision', models.CharField(choices=[('pending', 'Awaiting a curator'), ('confirmed', 'Same claim'), ('rejected', 'Different claim')], default='pending', max_length=10)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='match_suggestions', to='claims.claim')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('external', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='suggestions', to='claims.externalfactcheck')),
                ('match', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim')),
            ],
            options={
                'ordering': ['-similarity', 'id'],
                'indexes': [models.Index(fields=['claim', 'decision'], name='suggestion_claim_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('match__isnull', False), ('external__isnull', True)), models.Q(('match__isnull', True), ('external__isnull', False)), _connector='OR'), name='suggestion_one_target'), models.CheckConstraint(condition=models.Q(('match__isnull', True), models.Q(('match', models.F('claim')), _negated=True), _connector='OR'), name='suggestion_not_itself'), models.CheckConstraint(condition=models.Q(('decision__in', ['pending', 'confirmed', 'rejected'])), name='suggestion_decision_valid'), models.UniqueConstraint(condition=models.Q(('match__isnull', False)), fields=('claim', 'match'), name='suggestion_claim_once'), models.UniqueConstraint(condition=models.Q(('external__isnull', False)), fields=('claim', 'external'), name='suggestion_external_once')],
            },
        ),
        SqliteOnlySQL(sql=CLAIM_WORDS[0], reverse_sql=CLAIM_WORDS[1]),
        SqliteOnlySQL(sql=EXTERNAL_WORDS[0], reverse_sql=EXTERNAL_WORDS[1]),
        PostgresOnlySQL(
            # fastupdate off: new claims go straight into the index instead of a pending list
            # every lookup would scan (50 ms after a few thousand inserts, until vacuum).
            sql="CREATE INDEX claimembedding_words_idx ON claims_claimembedding USING gin (words) "
            "WITH (fastupdate = off)",
            reverse_sql="DROP INDEX IF EXISTS claimembedding_words_idx",
        ),
        PostgresOnlySQL(
            sql="CREATE INDEX external_claim_text_fts_idx ON claims_externalfactcheck "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(claim_text, '')))",
            reverse_sql="DROP INDEX IF EXISTS external_claim_text_fts_idx",
        ),
    ]

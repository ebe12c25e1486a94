"""Claim matching through MinHash band keys (sources.matching), the same on both databases.

Creates `sources_claimmatchkey`, indexes the claims that already exist, and on SQLite drops
the FTS5 word index of migration 0004 (its triggers cost every claim insert and nothing reads
it any more).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

previous = importlib.import_module("sources.migrations.0004_ingest_claim_words_sqlite")


def index_existing_claims(apps, schema_editor):
    # The band keys were dropped by sources.0006 (claims.matching replaced them); this step
    # used to import the live matching module, which no longer exists, so it does nothing now.
    return


class SqliteOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0005_admin_review_queue'),
        ('sources', '0004_ingest_claim_words_sqlite'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimMatchKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.BigIntegerField()),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim')),
            ],
            options={
                'indexes': [models.Index(fields=['key', 'claim'], name='claimmatchkey_key_idx')],
            },
        ),
        migrations.RunPython(index_existing_claims, migrations.RunPython.noop),
        SqliteOnlySQL(sql=previous.BACKWARD, reverse_sql=previous.FORWARD),
    ]

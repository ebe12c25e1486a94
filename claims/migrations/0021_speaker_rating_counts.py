"""The speaker scorecard's precomputed counts (issue 19): published fact-checks per (speaker,
rating), kept by claims.publication; an existing database gets them counted here."""

import django.db.models.deletion
from django.db import migrations, models

from claims.speaker_counts import counts_rebuild


def count_all(apps, schema_editor):
    counts_rebuild(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("claims", "0019_claim_words")]

    operations = [
        migrations.CreateModel(
            name="SpeakerRatingCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("count", models.PositiveIntegerField()),
                (
                    "rating",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.rating"),
                ),
                (
                    "speaker",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.speaker"),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("speaker", "rating"), name="speaker_rating_count_unique")],
            },
        ),
        migrations.RunPython(count_all, migrations.RunPython.noop),
    ]

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from claims.migrations._operations import PostgresOnlySQL

DEFAULT_SCALE = [
    # label, slug, value, colour, description
    ("True", "true", 6, "#1b7a3a", "The statement is accurate and nothing significant is missing."),
    ("Mostly true", "mostly-true", 5, "#4d7f1f", "The statement is accurate but needs clarification or additional information."),
    ("Half true", "half-true", 4, "#8a6d00", "The statement is partially accurate but leaves out important details or takes things out of context."),
    ("Mostly false", "mostly-false", 3, "#b35300", "The statement contains an element of truth but ignores critical facts that would give a different impression."),
    ("False", "false", 2, "#b3261e", "The statement is not accurate."),
    ("Pants on fire", "pants-on-fire", 1, "#7a1212", "The statement is not accurate and makes a ridiculous claim."),
    ("Misleading", "misleading", None, "#5b3f8c", "The statement uses accurate facts in a way that leaves a false impression; outside the truth scale."),
    ("Unproven", "unproven", None, "#4f5b66", "The available evidence neither proves nor disproves the statement; outside the truth scale."),
]


def add_default_scale(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for position, (label, slug, value, colour, description) in enumerate(DEFAULT_SCALE, start=1):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "value": value,
                "colour": colour,
                "description": description,
                "position": position,
            },
        )


def remove_default_scale(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    Rating.objects.filter(slug__in=[row[1] for row in DEFAULT_SCALE], verdicts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [
        migrations.RunPython(add_default_scale, remove_default_scale),
        TrigramExtension(),
        # Claim matching: trigram similarity of a new sentence against existing claim text.
        PostgresOnlySQL(
            "CREATE INDEX claim_text_trgm_idx ON claims_claim USING gin (text gin_trgm_ops);",
            "DROP INDEX IF EXISTS claim_text_trgm_idx;",
        ),
    ]

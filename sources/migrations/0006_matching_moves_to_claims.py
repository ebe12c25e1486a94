"""The MinHash band keys of claim wording are gone: claims.matching (migration claims.0010)
retrieves candidates by words and sentence vectors instead."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0005_speed_claim_match_keys'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ClaimMatchKey',
        ),
    ]

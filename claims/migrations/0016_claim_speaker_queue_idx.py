from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_verdict_search_document")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status", "candidate")),
                fields=["speaker", "-score", "-created_at"],
                name="claim_speaker_queue_idx",
            ),
        ),
    ]

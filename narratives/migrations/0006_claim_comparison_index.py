# The event page's index, in its own migration: PostgreSQL refuses CREATE INDEX in the transaction that
# filled the new columns (their foreign-key checks are still pending there).

import datetime

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("narratives", "0005_copy_claim_side_published"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.F("event"),
                models.F("side"),
                models.F("position"),
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("published"), models.Value(datetime.date(1, 1, 1))
                    ),
                    descending=True,
                ),
                models.F("article"),
                models.F("start"),
                models.F("id"),
                condition=models.Q(("rejected", False)),
                include=("kind", "published", "reviewed_at", "speaker"),
                name="claim_live_comparison_idx",
            ),
        ),
    ]

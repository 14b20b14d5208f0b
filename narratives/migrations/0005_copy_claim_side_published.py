# Fills the columns 0004 added. A migration of its own, because on PostgreSQL the UPDATE must not share a
# transaction with 0004's deferred index creation or 0006's index ("pending trigger events").

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_side_and_date(apps, schema_editor):
    """Fill the new copies from the speaker and the article, in two UPDATEs."""
    Actor = apps.get_model("narratives", "Actor")
    Article = apps.get_model("narratives", "Article")
    Claim = apps.get_model("narratives", "Claim")
    Claim.objects.filter(speaker__isnull=False).update(
        side=Subquery(Actor.objects.filter(pk=OuterRef("speaker_id")).values("side_id")[:1])
    )
    Claim.objects.update(
        published=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("published")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("narratives", "0004_claim_side_published"),
    ]

    operations = [
        migrations.RunPython(copy_side_and_date, migrations.RunPython.noop),
    ]

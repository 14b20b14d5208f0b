# Full-text search over articles, PostgreSQL only (SQLite has no GIN), as 0003 does for claims. The
# expression is the one Django emits for SearchVector("title", "text", config="english"), which
# views/search.article_vector() filters on, so the planner can use this index.

from django.db import migrations

ARTICLE_SEARCH_INDEX = "article_search_gin"
ARTICLE_SEARCH_SQL = (
    f'CREATE INDEX IF NOT EXISTS "{ARTICLE_SEARCH_INDEX}" ON "narratives_article" USING gin '
    "(to_tsvector('english'::regconfig, COALESCE(\"title\", '') || ' ' || COALESCE(\"text\", '')))"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ARTICLE_SEARCH_SQL)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{ARTICLE_SEARCH_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("narratives", "0006_claim_comparison_index"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
    ]

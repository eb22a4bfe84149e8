"""PostgreSQL: ANALYZE lists the 10,000 commonest tokens of each vector, not 1,000.

The search chooses between walking the newest entries and asking the GIN index from these
statistics (search/backends.py, `walk_budget`). The choice turns where a token is in
sqrt(hits wanted / entries) of them: 1.3 % at 2.5 million entries. With the default target
the least listed token was in 3 % of them, so every token between looked alike (补偿标准's
偿标 was taken for rare and its 180,000 candidates read one by one). SQLite: nothing to do.
"""

from django.db import migrations

COLUMNS = ("head_vec", "title_vec", "doc_vec")


def _set(schema_editor, target: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE search_pgvector ALTER COLUMN {column} SET STATISTICS {target}"
        )


def more_statistics(apps, schema_editor):
    _set(schema_editor, 1000)


def default_statistics(apps, schema_editor):
    _set(schema_editor, -1)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_i17_url_index")]

    operations = [migrations.RunPython(more_statistics, default_statistics)]

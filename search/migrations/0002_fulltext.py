"""Create the full-text part of the index for the database in use.

SQLite: a contentless FTS5 table whose rowid is SearchEntry.id (the text itself stays in
search_searchentry). It receives our tokens separated by spaces, so the plain 'ascii'
tokenizer (spaces and ASCII punctuation separate, every other character is part of a
token) keeps them exactly as they are, faster than unicode61. PostgreSQL: tsvector columns on search_searchentry with a GIN index.
Both hold the character-bigram tokens of search/text.py.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "head, title, body, content='', columnsize=0, tokenize='ascii')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"

POSTGRES_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN head_vec tsvector, "
    "ADD COLUMN title_vec tsvector, ADD COLUMN doc_vec tsvector",
    "CREATE INDEX search_entry_doc_vec ON search_searchentry USING gin (doc_vec)",
    "CREATE INDEX search_entry_head_vec ON search_searchentry USING gin (head_vec)",
    "CREATE INDEX search_entry_title_vec ON search_searchentry USING gin (title_vec)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_doc_vec",
    "DROP INDEX IF EXISTS search_entry_head_vec",
    "DROP INDEX IF EXISTS search_entry_title_vec",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS head_vec, "
    "DROP COLUMN IF EXISTS title_vec, DROP COLUMN IF EXISTS doc_vec",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [SQLITE_CREATE])
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [SQLITE_DROP])
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

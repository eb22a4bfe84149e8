"""Create the full-text part of the index for the database in use.

SQLite: a contentless FTS5 table whose rowid is SearchEntry.id (the text itself stays in
search_searchentry). It receives our tokens separated by spaces, so the plain 'ascii'
tokenizer (spaces and ASCII punctuation separate, every other character is part of a
token) keeps them exactly as they are, faster than unicode61. PostgreSQL: a table
search_pgvector of tsvectors keyed by the entry id, with GIN indexes. Both hold the
character-bigram tokens of search/text.py.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "head, title, body, content='', columnsize=0, tokenize='ascii')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"

POSTGRES_CREATE = [
    # Apart from the entries, so visiting many GIN hits reads only vectors; rows over the
    # 2 kB toast threshold (whole documents) keep only pointers here. No foreign key:
    # Django's test flush truncates search_searchentry on its own, and rebuilding the
    # index (load_gazette does) clears both tables together.
    "CREATE TABLE search_pgvector (id bigint PRIMARY KEY, head_vec tsvector NOT NULL, "
    "title_vec tsvector NOT NULL, doc_vec tsvector NOT NULL) WITH (toast_tuple_target = 128)",
    "CREATE INDEX search_pgvector_doc_vec ON search_pgvector USING gin (doc_vec)",
    "CREATE INDEX search_pgvector_head_vec ON search_pgvector USING gin (head_vec)",
    "CREATE INDEX search_pgvector_title_vec ON search_pgvector USING gin (title_vec)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_pgvector"]


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

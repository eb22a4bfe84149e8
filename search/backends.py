"""The full-text index on each database, behind one interface.

Both backends index the same tokens (search/text.py: character bigrams with
positions) and answer a query as "every term occurs, each as consecutive tokens":

* SQLite: a contentless FTS5 table `search_fts(head, title, body)` whose rowid is the
  SearchEntry id; a term is an FTS5 phrase ("无偿 偿献 献血"), a one-character term a
  prefix ("献" *).
* PostgreSQL: tsvector columns on search_searchentry built from the same tokens with
  their positions, a GIN index on `doc_vec`; a term is a phrase tsquery
  ('无偿' <-> '偿献' <-> '献血'), a one-character term a prefix ('献':*).

`IcontainsBackend` answers with a plain substring scan; the benchmark uses it as the
baseline and it serves any other database.
"""

from __future__ import annotations

from django.db import connection as default_connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from search.models import SearchEntry
from search.query import ParsedQuery, Term
from search.text import token_string

# Score tiers: exact document number, exact title, hit in a heading, hit in a title.
EXACT_NUMBER, EXACT_TITLE, IN_HEAD, IN_TITLE, IN_BODY = 5, 4, 3, 2, 0


def _exact_whens(query: ParsedQuery) -> list[When]:
    whens = []
    if query.doc_number is not None:
        whens.append(
            When(
                Q(kind="document", doc_number_key=query.doc_number.canonical),
                then=Value(EXACT_NUMBER),
            )
        )
    if query.key:
        whens.append(When(title_key=query.key[:300], then=Value(EXACT_TITLE)))
    return whens


# Columns of search_searchentry that the index writer fills, in order (all but id).
COLUMNS = [f.column for f in SearchEntry._meta.concrete_fields if not f.primary_key]


def indexed_texts(row: dict) -> tuple[str, str, str]:
    """Return the tokens indexed in the head, title and body columns of an entry."""
    title = f"{row['title']} {row['doc_number']}" if row["doc_number"] else row["title"]
    return token_string(row["head"]), token_string(title), token_string(row["body"])


class Backend:
    """What every backend offers; the index writer and the search page use only this."""

    vendor = ""
    batch_size = 500

    def __init__(self, connection=None):
        self.connection = connection or default_connection

    def _insert_sql(self, rows: int, *, extra: str = "", extra_values: str = "") -> str:
        quote = self.connection.ops.quote_name
        one = "(" + ", ".join(["%s"] * len(COLUMNS)) + extra_values + ")"
        return (
            f"INSERT INTO search_searchentry ({', '.join(quote(c) for c in COLUMNS)}{extra})"
            f" VALUES {', '.join([one] * rows)}"
        )

    def insert(self, rows: list[dict]) -> None:
        """Store new entries (dicts of COLUMNS) and index their text."""
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), self.batch_size):
                batch = rows[start : start + self.batch_size]
                cursor.execute(
                    self._insert_sql(len(batch)), [row[c] for row in batch for c in COLUMNS]
                )

    def remove(self, ids: list[int]) -> None:
        """Delete entries and their index."""
        with self.connection.cursor() as cursor:
            for start in range(0, len(ids), self.batch_size):
                batch = ids[start : start + self.batch_size]
                cursor.execute(
                    "DELETE FROM search_searchentry WHERE id IN ("
                    + ", ".join(["%s"] * len(batch))
                    + ")",
                    batch,
                )

    def clear(self) -> None:
        """Delete every entry and the whole index."""
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry")

    def before_rebuild(self) -> None:
        """Prepare for writing the whole index at once."""

    def after_rebuild(self) -> None:
        """Tidy the index after a full rebuild."""

    def match(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """Keep the entries that contain every term and annotate their `score`."""
        raise NotImplementedError


class SQLiteBackend(Backend):
    vendor = "sqlite"
    batch_size = 200  # rows per INSERT: SQLite allows 32766 variables

    def insert(self, rows):
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), self.batch_size):
                batch = rows[start : start + self.batch_size]
                # RETURNING gives the ids in the order of the rows, as Django's
                # bulk_create relies on too.
                cursor.execute(
                    self._insert_sql(len(batch)) + " RETURNING id",
                    [row[c] for row in batch for c in COLUMNS],
                )
                ids = [pk for (pk,) in cursor.fetchall()]
                cursor.executemany(
                    "INSERT INTO search_fts(rowid, head, title, body) VALUES (%s, %s, %s, %s)",
                    [(pk, *indexed_texts(row)) for pk, row in zip(ids, batch, strict=True)],
                )

    def remove(self, ids):
        # A contentless FTS5 table forgets a row only when told the tokens it indexed,
        # which we recompute from the stored text.
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            stored = SearchEntry.objects.filter(id__in=batch).values(
                "id", "head", "title", "body", "doc_number"
            )
            with self.connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO search_fts(search_fts, rowid, head, title, body) "
                    "VALUES ('delete', %s, %s, %s, %s)",
                    [(row["id"], *indexed_texts(row)) for row in stored],
                )
        super().remove(ids)

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        super().clear()

    def _configure(self, **settings: int) -> None:
        with self.connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute(
                    "INSERT INTO search_fts(search_fts, rank) VALUES (%s, %s)", [name, value]
                )

    def before_rebuild(self):
        # Merge the segments once at the end rather than over and over while writing.
        self._configure(automerge=0, crisismerge=2000)

    def after_rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        self._configure(automerge=4, crisismerge=16)  # FTS5's defaults, for later edits

    @staticmethod
    def fts_term(term: Term) -> str:
        phrase = " ".join(t.text for t in term.tokens)
        return f'"{phrase}"' + (" *" if term.tokens[-1].prefix else "")

    def fts_query(self, query: ParsedQuery) -> str:
        """Write the FTS5 MATCH expression: every term as a phrase, joined with AND."""
        return " AND ".join(self.fts_term(t) for t in query.terms)

    def _ids_matching(self, expression: str) -> RawSQL:
        return RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])

    def match(self, queryset, query):
        expression = self.fts_query(query)
        return queryset.filter(id__in=self._ids_matching(expression)).annotate(
            score=Case(
                *_exact_whens(query),
                When(id__in=self._ids_matching(f"{{head}} : ({expression})"), then=Value(IN_HEAD)),
                When(
                    id__in=self._ids_matching(f"{{title}} : ({expression})"), then=Value(IN_TITLE)
                ),
                default=Value(IN_BODY),
                output_field=IntegerField(),
            )
        )


class PostgresBackend(Backend):
    vendor = "postgresql"
    batch_size = 200
    # Sits between title and body in doc_vec for one position, then is deleted, so a phrase
    # cannot run on from the title into the body. A lone combining mark: PostgreSQL's parser
    # keeps it as a word, search/text.py never emits it.
    GAP = "\u05b0"
    INDEX = (
        "CREATE INDEX IF NOT EXISTS search_entry_doc_vec ON search_searchentry USING gin (doc_vec)"
    )

    def insert(self, rows):
        # Our tokens are words separated by spaces already; the parser of the 'simple'
        # configuration gives each its own position (tests/search check that they agree).
        vectors = (
            ", to_tsvector('simple', %s), to_tsvector('simple', %s),"
            f" ts_delete(to_tsvector('simple', %s), '{self.GAP}')"
        )
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), self.batch_size):
                batch = rows[start : start + self.batch_size]
                params: list = []
                for row in batch:
                    params.extend(row[c] for c in COLUMNS)
                    head, title, body = indexed_texts(row)
                    params.extend([head, title, f"{title} {self.GAP} {body}"])
                cursor.execute(
                    self._insert_sql(
                        len(batch), extra=", head_vec, title_vec, doc_vec", extra_values=vectors
                    ),
                    params,
                )

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_searchentry")

    def before_rebuild(self):
        # Building a GIN index once is far quicker than growing it row by row.
        with self.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_entry_doc_vec")

    def after_rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(self.INDEX)
            cursor.execute("ANALYZE search_searchentry")

    @staticmethod
    def ts_term(term: Term) -> str:
        parts = [f"'{t.text}'" + (":*" if t.prefix else "") for t in term.tokens]
        return "(" + " <-> ".join(parts) + ")"

    def ts_query(self, query: ParsedQuery) -> str:
        """Write the tsquery literal: every term as a phrase, joined with &."""
        return " & ".join(self.ts_term(t) for t in query.terms)

    @staticmethod
    def _vector_matches(column: str, tsquery: str) -> RawSQL:
        return RawSQL(
            f'"search_searchentry"."{column}" @@ %s::tsquery',
            [tsquery],
            output_field=BooleanField(),
        )

    def match(self, queryset, query):
        tsquery = self.ts_query(query)
        return queryset.filter(self._vector_matches("doc_vec", tsquery)).annotate(
            score=Case(
                *_exact_whens(query),
                When(self._vector_matches("head_vec", tsquery), then=Value(IN_HEAD)),
                When(self._vector_matches("title_vec", tsquery), then=Value(IN_TITLE)),
                default=Value(IN_BODY),
                output_field=IntegerField(),
            )
        )


class IcontainsBackend(Backend):
    """Answer by scanning the stored text with icontains: the benchmark's baseline."""

    vendor = "icontains"

    def match(self, queryset, query):
        in_body = Q()
        in_title = Q()
        in_head = Q()
        for term in query.terms:
            text = term.text.replace('"', "")
            in_body &= (
                Q(head__icontains=text)
                | Q(title__icontains=text)
                | Q(body__icontains=text)
                | Q(doc_number__icontains=text)
            )
            in_title &= Q(title__icontains=text) | Q(doc_number__icontains=text)
            in_head &= Q(head__icontains=text)
        return queryset.filter(in_body).annotate(
            score=Case(
                *_exact_whens(query),
                When(in_head, then=Value(IN_HEAD)),
                When(in_title, then=Value(IN_TITLE)),
                default=Value(IN_BODY),
                output_field=IntegerField(),
            )
        )


def backend_for(connection=None, *, baseline: bool = False) -> Backend:
    """Pick the backend for the database in use (or the icontains baseline)."""
    connection = connection or default_connection
    if baseline:
        return IcontainsBackend(connection)
    return {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}.get(
        connection.vendor, IcontainsBackend
    )(connection)

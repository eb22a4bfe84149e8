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

Entry ids follow dates (see `entry_ids`), so "newest first" is the order of the primary
key and of FTS5's rowids: a page needs only the newest hits, never all of them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from django.db import connection as default_connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from search.models import SearchEntry
from search.query import ParsedQuery, Term
from search.text import token_string

# Score tiers: exact document number, exact title, hit in a heading, hit in a title.
EXACT_NUMBER, EXACT_TITLE, IN_HEAD, IN_TITLE, IN_BODY = 5, 4, 3, 2, 0
PARTS = ("all", "head", "title")  # where a query must match: anywhere, the heading, the title

# An id is the record's day (days since 1900-01-01, 0 when undated) then a counter.
DAY_SHIFT = 22
_EPOCH = dt.date(1900, 1, 1).toordinal() - 1


def day_number(date: dt.date | None) -> int:
    return date.toordinal() - _EPOCH if date else 0


def day_of(entry_id: int) -> int:
    return entry_id >> DAY_SHIFT


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
    parts_within_all = False  # see SQLiteBackend

    def __init__(self, connection=None):
        self.connection = connection or default_connection

    def _insert_sql(self, rows: int, *, extra: str = "", extra_values: str = "") -> str:
        quote = self.connection.ops.quote_name
        one = "(%s, " + ", ".join(["%s"] * len(COLUMNS)) + extra_values + ")"
        return (
            f"INSERT INTO search_searchentry (id, {', '.join(quote(c) for c in COLUMNS)}{extra})"
            f" VALUES {', '.join([one] * rows)}"
        )

    def entry_ids(self, rows: list[dict]) -> list[int]:
        """Give new rows ids that sort by date: the day, then a counter within the day."""
        days = [day_number(row["date"]) for row in rows]
        last: dict[int, int] = {}
        with self.connection.cursor() as cursor:
            for day in sorted(set(days)):
                cursor.execute(
                    "SELECT MAX(id) FROM search_searchentry WHERE id >= %s AND id < %s",
                    [day << DAY_SHIFT, (day + 1) << DAY_SHIFT],
                )
                (top,) = cursor.fetchone()
                last[day] = top if top is not None else (day << DAY_SHIFT) - 1
        ids = []
        for day in days:
            last[day] += 1
            ids.append(last[day])
        return ids

    def insert(self, rows: list[dict]) -> None:
        """Store new entries (dicts of COLUMNS) and index their text."""
        ids = self._last_ids = self.entry_ids(rows)
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), self.batch_size):
                batch = rows[start : start + self.batch_size]
                cursor.execute(
                    self._insert_sql(len(batch)),
                    [
                        value
                        for pk, row in zip(ids[start:], batch, strict=False)
                        for value in (pk, *(row[c] for c in COLUMNS))
                    ],
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

    def ids(self, ids: list[int]) -> Q:
        """Return a filter on a list of ids, as one parameter where the database allows."""
        return Q(id__in=ids)

    def condition(self, query: ParsedQuery, part: str = "all"):
        """Return the filter that keeps entries matching the query (in `part` only)."""
        raise NotImplementedError

    def match(self, queryset: QuerySet, query: ParsedQuery, part: str = "all") -> QuerySet:
        """Keep the entries that contain every term."""
        return queryset.filter(self.condition(query, part))

    def hit_ids(
        self, queryset: QuerySet, query: ParsedQuery, *, part: str, limit: int, filtered: bool
    ) -> tuple[list[int], bool]:
        """Return the ids of the newest `limit` matching entries, and whether more match."""
        ids = list(
            self.match(queryset, query, part)
            .order_by("-id")
            .values_list("id", flat=True)[: limit + 1]
        )
        return ids[:limit], len(ids) > limit

    def count(self, queryset: QuerySet, query: ParsedQuery, *, filtered: bool) -> int | None:
        """Count every match when the index can do it cheaply; None otherwise."""
        return None

    def estimate(self, query: ParsedQuery, *, filtered: bool) -> int | None:
        """Estimate the number of matches from the database's statistics; None if it cannot."""
        return None


class SQLiteBackend(Backend):
    vendor = "sqlite"
    batch_size = 200  # rows per INSERT: SQLite allows 32766 variables
    # A match in the head or title columns is also a match of the whole row, so when every
    # hit of a query is in hand, which of them match there can be read from their text.
    parts_within_all = True

    def insert(self, rows):
        super().insert(rows)
        ids = self._last_ids
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts(rowid, head, title, body) VALUES (%s, %s, %s, %s)",
                [(pk, *indexed_texts(row)) for pk, row in zip(ids, rows, strict=True)],
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
        # Merge segments once at the end rather than again and again while writing (FTS5
        # allows 2000 segments; the ordered build writes about one per megabyte of tokens).
        self._configure(automerge=0, crisismerge=64)

    def after_rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        self._configure(automerge=4, crisismerge=16)  # FTS5's defaults, for later edits

    @staticmethod
    def fts_term(term: Term) -> str:
        def phrase(tokens) -> str:
            return f'"{" ".join(t.text for t in tokens)}"' + (" *" if tokens[-1].prefix else "")

        if term.gap:
            # At most one token between the two parts (FTS5 has no exact distance).
            return f"NEAR({phrase(term.tokens[: term.gap])} {phrase(term.tokens[term.gap :])}, 1)"
        return phrase(term.tokens)

    def fts_query(self, query: ParsedQuery) -> str:
        """Write the FTS5 MATCH expression: every term as a phrase, joined with AND."""
        return (" OR " if query.any_of else " AND ").join(self.fts_term(t) for t in query.terms)

    def ids(self, ids):
        # One JSON parameter instead of a thousand: cheaper to build and to bind.
        return Q(id__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)]))

    def _expression(self, query: ParsedQuery, part: str) -> str:
        expression = self.fts_query(query)
        return expression if part == "all" else f"{{{part}}} : ({expression})"

    def condition(self, query, part="all"):
        return Q(
            id__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                [self._expression(query, part)],
            )
        )

    def hit_ids(self, queryset, query, *, part, limit, filtered):
        if filtered:
            return super().hit_ids(queryset, query, part=part, limit=limit, filtered=filtered)
        # Unfiltered, FTS5 walks its rowids (our ids, by date) backwards and stops at `limit`.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [self._expression(query, part), limit + 1],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        return ids[:limit], len(ids) > limit

    def count(self, queryset, query, *, filtered):
        if filtered:
            return None
        # Counting rowids in FTS5's doclists is cheap; joining every hit to its row is not.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s",
                [self._expression(query, "all")],
            )
            return cursor.fetchone()[0]


class PostgresBackend(Backend):
    """tsvectors in a table of their own, `search_pgvector`, with GIN indexes.

    Apart from the entries (whose rows carry the text), so visiting GIN hits reads only
    vectors; whole documents' vectors go out of line (toast_tuple_target). A GIN index
    answers an AND of tokens exactly but must re-read each row's positions for a phrase
    (<->): phrases are checked in a second step on the newest candidates only.
    """

    vendor = "postgresql"
    batch_size = 200
    # Sits between title and body in doc_vec for one position, then is deleted, so a phrase
    # cannot run on from the title into the body. A lone combining mark: PostgreSQL's parser
    # keeps it as a word, search/text.py never emits it.
    GAP = "\u05b0"
    VECTORS = {"all": "doc_vec", "head": "head_vec", "title": "title_vec"}
    INDEXES = {
        column: f"CREATE INDEX IF NOT EXISTS search_pgvector_{column} ON search_pgvector "
        f"USING gin ({column})"
        for column in VECTORS.values()
    }
    CANDIDATES = 4  # candidates read per hit wanted, for phrases checked afterwards

    def insert(self, rows):
        # COPY, not INSERT: one stream per table and batch, no SQL to parse per row.
        ids = self._last_ids = self.entry_ids(rows)
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY search_searchentry (id, {', '.join(quote(c) for c in COLUMNS)}) FROM STDIN",
                _CopyStream(
                    [pk, *(row[c] for c in COLUMNS)] for pk, row in zip(ids, rows, strict=True)
                ),
            )
            # Our tokens are words separated by spaces already; the parser of the 'simple'
            # configuration gives each its own position (tests/search check that they
            # agree). The token strings go to a temporary table, then to_tsvector.
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS search_tokens "
                "(id bigint, head text, title text, doc text) ON COMMIT DELETE ROWS"
            )
            cursor.execute("TRUNCATE search_tokens")

            def tokens():
                for pk, row in zip(ids, rows, strict=True):
                    head, title, body = indexed_texts(row)
                    yield [pk, head, title, f"{title} {self.GAP} {body}"]

            cursor.copy_expert("COPY search_tokens FROM STDIN", _CopyStream(tokens()))
            cursor.execute(
                "INSERT INTO search_pgvector (id, head_vec, title_vec, doc_vec) "
                "SELECT id, to_tsvector('simple', head), to_tsvector('simple', title), "
                f"ts_delete(to_tsvector('simple', doc), '{self.GAP}') FROM search_tokens"
            )

    def remove(self, ids):
        with self.connection.cursor() as cursor:
            for start in range(0, len(ids), self.batch_size):
                batch = ids[start : start + self.batch_size]
                cursor.execute(
                    "DELETE FROM search_pgvector WHERE id IN ("
                    + ", ".join(["%s"] * len(batch))
                    + ")",
                    batch,
                )
        super().remove(ids)

    def clear(self):
        with self.connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_searchentry, search_pgvector")

    def before_rebuild(self):
        # Building a GIN index once is far quicker than growing it row by row.
        with self.connection.cursor() as cursor:
            for column in self.INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS search_pgvector_{column}")

    def after_rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for statement in self.INDEXES.values():
                cursor.execute(statement)
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute("ANALYZE search_pgvector")

    @staticmethod
    def ts_term(term: Term, *, phrase: bool = True) -> str:
        parts = [f"'{t.text}'" + (":*" if t.prefix else "") for t in term.tokens]
        if term.gap and phrase:
            # The unknown character's token sits between: two positions on.
            return (
                "("
                + " <-> ".join(parts[: term.gap])
                + " <2> "
                + " <-> ".join(parts[term.gap :])
                + ")"
            )
        return "(" + (" <-> " if phrase else " & ").join(parts) + ")"

    def ts_query(self, query: ParsedQuery, *, phrase: bool = True) -> str:
        """Write the tsquery literal: every term as a phrase (or its tokens ANDed), with &."""
        joiner = " | " if query.any_of else " & "
        return joiner.join(self.ts_term(t, phrase=phrase) for t in query.terms)

    def ids(self, ids):
        return Q(RawSQL('"search_searchentry"."id" = ANY(%s)', [ids], output_field=BooleanField()))

    def condition(self, query, part="all"):
        return Q(
            id__in=RawSQL(
                f"SELECT id FROM search_pgvector WHERE {self.VECTORS[part]} @@ %s::tsquery",
                [self.ts_query(query)],
            )
        )

    def estimate(self, query, *, filtered):
        if filtered:
            return None
        # The planner's row estimate for the tokens (GIN statistics of most common
        # elements): a plan, not a scan, so it costs about a millisecond.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (FORMAT JSON) SELECT id FROM search_pgvector WHERE doc_vec @@ %s::tsquery",
                [self.ts_query(query, phrase=False)],
            )
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def hit_ids(self, queryset, query, *, part, limit, filtered):
        column = self.VECTORS[part]
        where, params = f"{column} @@ %s::tsquery", [self.ts_query(query, phrase=False)]
        if filtered:
            inner, inner_params = queryset.values("id").query.sql_with_params()
            where += f" AND id IN ({inner})"
            params += list(inner_params)
        phrases = any(len(term.tokens) > 1 for term in query.terms)
        wanted = limit * self.CANDIDATES if phrases else limit + 1
        candidates = f"SELECT id FROM search_pgvector WHERE {where} ORDER BY id DESC LIMIT %s"
        params.append(wanted)
        with self.connection.cursor() as cursor:
            if not phrases:
                cursor.execute(candidates, params)
                ids = [pk for (pk,) in cursor.fetchall()]
                return ids[:limit], len(ids) > limit
            # Positions are read for the newest candidates only, not for every GIN hit;
            # the first row says how many candidates there were.
            # `id = ANY(ARRAY(…))` keeps the candidates an index condition: joined instead,
            # the planner (which cannot estimate phrases) checks every GIN hit.
            cursor.execute(
                f"WITH candidate AS MATERIALIZED ({candidates}) "
                "SELECT COUNT(*) FROM candidate UNION ALL ("
                "SELECT id FROM search_pgvector WHERE id = ANY(ARRAY(SELECT id FROM candidate)) "
                f"AND {column} @@ %s::tsquery ORDER BY id DESC LIMIT %s)",
                [*params, self.ts_query(query), limit + 1],
            )
            (found, *ids) = [value for (value,) in cursor.fetchall()]
        return ids[:limit], len(ids) > limit or found == wanted


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class _CopyStream:
    """A file-like object that COPY reads: rows in PostgreSQL's text format, made lazily."""

    def __init__(self, rows):
        self._lines = ("\t".join(map(_copy_value, row)) + "\n" for row in rows)
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            line = next(self._lines, None)
            if line is None:
                break
            self._buffer += line.encode()
        if size < 0:
            size = len(self._buffer)
        chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk

    readline = read


class IcontainsBackend(Backend):
    """Answer by scanning the stored text with icontains: the benchmark's baseline."""

    vendor = "icontains"

    def condition(self, query, part="all"):
        found = Q()
        for term in query.terms:
            if query.any_of:
                found |= self.condition(replace(query, terms=(term,), any_of=False), part)
                continue
            if term.gap:
                text = term.text.split("?")
                found &= Q(body__contains=text[0]) & Q(body__contains=text[1])
                continue
            text = term.text.replace('"', "")
            if part == "head":
                found &= Q(head__icontains=text)
            elif part == "title":
                found &= Q(title__icontains=text) | Q(doc_number__icontains=text)
            else:
                found &= (
                    Q(head__icontains=text)
                    | Q(title__icontains=text)
                    | Q(body__icontains=text)
                    | Q(doc_number__icontains=text)
                )
        return found


def backend_for(connection=None, *, baseline: bool = False) -> Backend:
    """Pick the backend for the database in use (or the icontains baseline)."""
    connection = connection or default_connection
    if baseline:
        return IcontainsBackend(connection)
    return {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}.get(
        connection.vendor, IcontainsBackend
    )(connection)

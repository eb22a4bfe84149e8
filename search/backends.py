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
import math
import time
from dataclasses import dataclass, replace

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
    hands over its hits in no order, and each must then be read from the table: cheap for
    a rare term, dear for a frequent one. Walking the entries newest first and checking
    each is the opposite. `walk_budget` picks one from the statistics of the tokens.
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
    CANDIDATES = 4  # candidates whose phrase is checked, per hit wanted
    STATISTICS_SECONDS = 300  # how long a process trusts the token statistics it read
    _statistics: TokenStatistics | None = None
    _statistics_read_at = -math.inf

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
        PostgresBackend._statistics_read_at = -math.inf  # read the new statistics

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

    def statistics(self) -> TokenStatistics:
        """The share of entries holding each common token, per vector (ANALYZE's statistics).

        Read once per STATISTICS_SECONDS per process: ANALYZE (after a rebuild, or
        autovacuum's) changes them seldom, and a page should not pay a query for them.
        """
        now = time.monotonic()
        cls = PostgresBackend
        if cls._statistics is not None and now - cls._statistics_read_at < self.STATISTICS_SECONDS:
            return cls._statistics
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.attname, s.most_common_elems::text::text[], "
                "s.most_common_elem_freqs FROM pg_class c LEFT JOIN pg_stats s "
                "ON s.schemaname = current_schema() AND s.tablename = c.relname "
                "WHERE c.oid = 'search_pgvector'::regclass"
            )
            found = cursor.fetchall()
        columns = {}
        for _rows, column, tokens, shares in found:
            if column and tokens and shares:
                columns[column] = dict(zip(tokens, shares[: len(tokens)], strict=True))
        cls._statistics = TokenStatistics(rows=max(0, int(found[0][0] or 0)), columns=columns)
        cls._statistics_read_at = now
        return cls._statistics

    def estimate(self, query, *, filtered):
        if filtered:
            return None
        statistics = self.statistics()
        share = statistics.share(query, self.VECTORS["all"])
        return round(share * statistics.rows) if share is not None else None

    def hit_ids(self, queryset, query, *, part, limit, filtered):
        column = self.VECTORS[part]
        restrict, restrict_params = "", []
        if filtered:
            inner, inner_params = queryset.values("id").query.sql_with_params()
            restrict, restrict_params = f" AND id IN ({inner})", list(inner_params)
        want = limit + 1
        phrase, tokens = self.ts_query(query), self.ts_query(query, phrase=False)
        phrases = phrase != tokens
        statistics = self.statistics()
        # Walking pays only for tokens the statistics list as common: one they do not list
        # may be in no entry at all (量子), and a walk in vain through 2.5 million entries
        # cost 170 ms at 100,000 documents.
        share = statistics.share(query, column, unlisted=0.0)
        budget = walk_budget(share, statistics.rows, want) or 0
        # One statement, whose parts run only when needed:
        # 1. `walked`: the newest `budget` entries checked one by one, stopping at `want`
        #    hits (none when the statistics say the term is rare);
        # 2. when they hold fewer, `candidate`: every entry holding the tokens, from the GIN
        #    index (MATERIALIZED keeps the planner from walking the primary key instead,
        #    which reads every row when a term is rarer than it guessed: 1.7 s for a word
        #    found nowhere at 10,000 documents), the newest first;
        # 3. a phrase is checked on the newest CANDIDATES per hit wanted only: checking
        #    one re-reads the entry's positions, which the index does not hold.
        # The first row is the number of candidates, so that the caller knows whether
        # older ones were left unchecked.
        take = limit * self.CANDIDATES if phrases else want
        checked = (
            "SELECT id FROM search_pgvector WHERE id = ANY(ARRAY(SELECT id FROM candidate)) "
            f"AND {column} @@ %s::tsquery ORDER BY id DESC LIMIT %s"
            if phrases
            else "SELECT id FROM candidate"
        )
        sql = (
            "WITH walked AS MATERIALIZED (SELECT id FROM (SELECT id, "
            f"{column} FROM search_pgvector WHERE TRUE{restrict} ORDER BY id DESC LIMIT %s) "
            f"AS newest WHERE {column} @@ %s::tsquery LIMIT %s), "
            "candidate AS MATERIALIZED (SELECT id FROM (WITH hit AS MATERIALIZED ("
            f"SELECT id FROM search_pgvector WHERE {column} @@ %s::tsquery{restrict}) "
            "SELECT id FROM hit ORDER BY id DESC LIMIT %s) AS newest_hits "
            "WHERE (SELECT COUNT(*) FROM walked) < %s) "
            "SELECT COUNT(*) FROM candidate "
            "UNION ALL (SELECT id FROM walked WHERE (SELECT COUNT(*) FROM walked) >= %s) "
            f"UNION ALL ({checked})"
        )
        params = [*restrict_params, budget, phrase, want]
        params += [tokens, *restrict_params, take, want, want]
        params += [phrase, want] if phrases else []
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            (candidates, *found) = [value for (value,) in cursor.fetchall()]
        ids = sorted(found, reverse=True)
        return ids[:limit], len(ids) > limit or (phrases and candidates == take)


@dataclass(frozen=True)
class TokenStatistics:
    """How many entries there are, and which share of them holds each common token."""

    rows: int
    columns: dict[str, dict[str, float]]  # vector column → token → share of entries

    def share(
        self, query: ParsedQuery, column: str, *, unlisted: float | None = None
    ) -> float | None:
        """The share of entries the query matches, as far as the statistics tell; None if unknown.

        A token missing from the statistics is rarer than every token in them: like
        PostgreSQL's planner, we take half the least share (or `unlisted`). A run of
        overlapping bigrams is no commoner than its rarest, a prefix than its tokens
        together; separate words are taken as independent, and words of which one is
        enough (a word and its synonyms) as common as the commonest: several rare words
        are still best found through the index.
        """
        shares = self.columns.get(column)
        if not shares or self.rows <= 0:
            return None
        unknown = min(shares.values()) / 2 if unlisted is None else unlisted

        def token_share(token) -> float:
            if token.prefix:
                found = sum(s for t, s in shares.items() if t.startswith(token.text))
                return min(1.0, found or unknown)
            return shares.get(token.text, unknown)

        def term_share(tokens) -> float:
            # Overlapping bigrams (无偿 偿献 献血) go together: a run of them is about as
            # common as its rarest. Separate runs (威政发, 2020, 7) are taken as independent.
            share, run = 1.0, [tokens[0]]
            for previous, token in zip(tokens, tokens[1:], strict=False):
                if previous.text[-1:] == token.text[:1] and len(previous.text) == 2:
                    run.append(token)
                    continue
                share *= min(token_share(t) for t in run)
                run = [token]
            return share * min(token_share(t) for t in run)

        terms = [term_share(term.tokens) for term in query.terms if term.tokens]
        if not terms:
            return None
        return max(terms) if query.any_of else math.prod(terms)


WALK_MARGIN = 2


def walk_budget(share: float | None, rows: int, want: int) -> int | None:
    """How many of the newest entries to check one by one, or None to ask the GIN index.

    Walking finds `want` hits after about want / share entries; the index hands over all
    share × rows candidates, each then read from the table. Walking costs less when
    want / share < share × rows. The share is an estimate (a phrase of common tokens, such
    as a document number, is far rarer than any of them), so the walk stops after
    WALK_MARGIN times the entries expected, and never reads more entries than the index
    would hand over: a walk in vain costs at most what asking the index costs.
    """
    if not share or rows <= 0 or share * share * rows < want:
        return None
    return min(rows, math.ceil(WALK_MARGIN * want / share), math.ceil(share * rows))


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

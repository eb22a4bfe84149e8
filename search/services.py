"""Write the search index: rebuild it, or bring one source (or part of one) up to date."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction

from gazette_site import dataversion
from gazette_text import parse_doc_number
from search import registry
from search.backends import backend_for, day_number
from search.models import SearchEntry
from search.registry import SearchRecord, SearchSource
from search.text import compact
from search.timeline import timeline_for

BATCH = 2000


@dataclass(frozen=True)
class IndexReport:
    added: int = 0
    removed: int = 0
    unchanged: int = 0


def _digest(record: SearchRecord) -> str:
    """Fingerprint everything a record shows, to rewrite only what changed."""
    payload = repr(
        (
            record.kind,
            record.title,
            record.body,
            record.url,
            record.doc_number,
            record.date,
            sorted(record.facets.items(), key=lambda item: item[0]),
            record.scope,
        )
    )
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


def _text(value) -> str:
    return "" if value is None else str(value)


_ISSUE_VALUE = re.compile(r"(\d{4})-(\d{1,2})")
_ISSUE_LABEL = re.compile(r"(\d{4})年第(\d{1,2})期")


def _issue(facets: dict) -> tuple[str, str]:
    """Return the issue facet as ("2020-08", "2020年第8期"), whichever form a source gave."""
    value, label = _text(facets.get("issue")).strip(), _text(facets.get("issue_label")).strip()
    match = _ISSUE_VALUE.fullmatch(value) or _ISSUE_LABEL.fullmatch(value)
    if match:
        year, number = int(match[1]), int(match[2])
        return f"{year}-{number:02d}", label or f"{year}年第{number}期"
    return value[:20], (label or value)[:50]


@lru_cache(maxsize=4096)
def _timeline(in_force_from, effective_to, repealed_on):
    # Every provision repeats its document's dates: compute each combination once.
    return timeline_for(
        {"in_force_from": in_force_from, "effective_to": effective_to, "repealed_on": repealed_on}
    )


@lru_cache(maxsize=4096)
def _number_key(doc_number: str) -> str:
    number = parse_doc_number(doc_number) if doc_number else None
    return number.canonical if number else ""


def entry_values(record: SearchRecord, *, source: str) -> dict:
    """Turn a source's record into the column values of its index row."""
    facets = record.facets or {}
    issuers = facets.get("issuers") or []
    if isinstance(issuers, str):
        issuers = [issuers]
    timeline = _timeline(
        facets.get("in_force_from"), facets.get("effective_to"), facets.get("repealed_on")
    )
    year = facets.get("year") or (record.date.year if record.date else None)
    issue, issue_label = _issue(facets)
    statuses, changes = timeline.statuses, timeline.changes
    return {
        "key": record.key,
        "source": source,
        "kind": record.kind,
        "scope": record.scope,
        "digest": _digest(record),
        "date": record.date,
        "year": int(year) if year else None,
        "issue": issue,
        "issue_label": issue_label,
        "section": _text(facets.get("section"))[:50],
        "doc_kind": _text(facets.get("doc_kind"))[:20],
        "issuers": "".join(f"|{name}" for name in issuers) + "|" if issuers else "",
        "status_0": statuses[0],
        "change_1": changes[0],
        "status_1": statuses[1],
        "change_2": changes[1],
        "status_2": statuses[2],
        "change_3": changes[2],
        "status_3": statuses[3],
        "doc_number_key": _number_key(record.doc_number),
        "title_key": compact(record.title)[:300],
        "doc_number": record.doc_number,
        "url": record.url,
        "head": _text(facets.get("heading") or record.title)[:300],
        "title": record.title,
        "body": record.body or "",
    }


def _batches(items: Iterable, size: int = BATCH):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(backend, rows: list[dict]) -> int:
    """Write rows oldest first, so ids (which follow dates) only grow while writing.

    FTS5 flushes its buffer to a new segment whenever a rowid is lower than the last one,
    and a table grows fastest at its end: order makes the whole build one pass.
    """
    rows.sort(key=lambda row: day_number(row["date"]))  # stable: printed order within a day
    for start in range(0, len(rows), BATCH):
        backend.insert(rows[start : start + BATCH])
    return len(rows)


@transaction.atomic
def index_rebuild(*, sources: list[str] | None = None) -> IndexReport:
    """Rebuild the index from scratch from every registered source (or the named ones).

    Records are streamed in batches of BATCH, so memory stays flat whatever the size of
    the gazette (a source yields its records oldest first, which keeps ids growing).
    """
    backend = backend_for()
    chosen = [s for s in registry.sources() if sources is None or s.name in sources]
    if sources is None:
        backend.clear()
        backend.before_rebuild()
    else:
        for source in chosen:
            backend.remove(
                list(SearchEntry.objects.filter(source=source.name).values_list("id", flat=True))
            )
    added = 0
    for source in chosen:
        for batch in _batches(source.records()):
            added += _insert(backend, [entry_values(r, source=source.name) for r in batch])
    if sources is None:
        backend.after_rebuild()
    dataversion.bump()  # the index is written with raw SQL: no signals
    return IndexReport(added=added)


def _sync(backend, source: SearchSource, records: Iterable[SearchRecord], existing) -> IndexReport:
    """Make the stored entries `existing` (key → (id, digest)) equal to `records`."""
    keep: set[str] = set()
    fresh: list[SearchRecord] = []
    stale: list[int] = []
    unchanged = 0
    for record in records:
        digest = _digest(record)
        keep.add(record.key)
        old = existing.get(record.key)
        if old is not None and old[1] == digest:
            unchanged += 1
            continue
        if old is not None:
            stale.append(old[0])
        fresh.append(record)
    stale.extend(pk for key, (pk, _digest_) in existing.items() if key not in keep)
    # A record may have moved to another scope (a provision to another document):
    # forget it wherever it was, or its key would clash.
    stale_ids = set(stale)
    for batch in _batches([r.key for r in fresh], 500):
        moved = SearchEntry.objects.filter(key__in=batch).values_list("id", flat=True)
        stale.extend(pk for pk in moved if pk not in stale_ids)
    backend.remove(stale)
    added = _insert(backend, [entry_values(r, source=source.name) for r in fresh])
    if stale or added:
        # The index changes after the data's commit: cached search results must go too.
        dataversion.bump()
    return IndexReport(added=added, removed=len(stale), unchanged=unchanged)


@transaction.atomic
def index_refresh_source(*, name: str) -> IndexReport:
    """Bring one source's entries up to date, rewriting only the records that changed."""
    source = registry.get(name)
    backend = backend_for()
    existing = {
        key: (pk, digest)
        for key, pk, digest in SearchEntry.objects.filter(source=name).values_list(
            "key", "id", "digest"
        )
    }
    return _sync(backend, source, source.records(), existing)


@transaction.atomic
def index_refresh_scopes(*, name: str, scopes: set[str]) -> IndexReport:
    """Bring the given scopes of one source up to date (for sources that offer scopes)."""
    source = registry.get(name)
    backend = backend_for()
    existing = {
        key: (pk, digest)
        for key, pk, digest in SearchEntry.objects.filter(
            source=name, scope__in=sorted(scopes)
        ).values_list("key", "id", "digest")
    }
    return _sync(backend, source, source.records_in(set(scopes)), existing)


def after_fixtures_loaded() -> None:
    """Rebuild the index once the fixtures are in (load_gazette calls this)."""
    index_rebuild()

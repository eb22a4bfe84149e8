"""What each app contributes to the portal's search, without search knowing the apps.

An app describes its searchable records with `SearchSource`s and declares the callable that
returns them in its AppConfig (`search_sources`, see `gazette_site/contract.py`); the search
app registers every declared source when it starts:

    def sources():
        return [SearchSource(name="wildlife", label="野生动物补偿标准",
                             models=(Species,), records=species_records)]

`records()` yields every `SearchRecord` of the source (used by the rebuild command and
after a change to one of `models`). The search app owns the index and keeps it in step.

A big source may also say which part of it a change touches, so that an edit re-indexes
that part only: give each record a `scope` (e.g. "documents.document:7" for a document
and its provisions), `scopes_for(instance)` naming the scopes a changed instance
affects (before and after the change: use ids, not values that can be edited), and
`records_in(scopes)` yielding the current records of those scopes. Without them a
change re-indexes the whole source (only the records that differ are rewritten).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Model


@dataclass(frozen=True)
class SearchRecord:
    """One searchable thing: a document, an article, a catalogue item, a rate…"""

    key: str  # unique across the portal, e.g. "intermediary.item:12"
    kind: str  # machine name of what it is, e.g. "document", "provision", "species"
    title: str
    body: str
    url: str
    doc_number: str = ""  # the gazette document it belongs to, as printed
    date: dt.date | None = None  # the date to sort by (signed date of its document)
    facets: dict = field(default_factory=dict)  # issue, year, section, issuers, doc_kind…
    scope: str = ""  # the part of its source it is re-indexed with (see the module docstring)


@dataclass(frozen=True)
class SearchSource:
    """A dataset an app offers to search."""

    name: str  # machine name, also the `dataset` filter value
    label: str  # Chinese name shown as a filter choice
    models: tuple[type[Model], ...]
    records: Callable[[], Iterable[SearchRecord]]
    scopes_for: Callable[[Model], Iterable[str]] | None = None
    records_in: Callable[[set[str]], Iterable[SearchRecord]] | None = None


_sources: dict[str, SearchSource] = {}


_listeners: list[Callable[[SearchSource], None]] = []


def register(source: SearchSource) -> None:
    """Add (or replace) a source; SearchConfig.ready() calls this for every declared source."""
    _sources[source.name] = source
    for listener in _listeners:
        listener(source)


def on_register(listener: Callable[[SearchSource], None]) -> None:
    """Call `listener` with every source registered so far and every later one."""
    _listeners.append(listener)
    for source in list(_sources.values()):
        listener(source)


def sources() -> list[SearchSource]:
    """Return every registered source."""
    return list(_sources.values())


def get(name: str) -> SearchSource:
    """Return the source registered under `name` (KeyError when there is none)."""
    return _sources[name]


def source_for_model(model: type[Model]) -> list[SearchSource]:
    """Return the sources whose records depend on this model."""
    return [s for s in _sources.values() if model in s.models]

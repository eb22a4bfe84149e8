"""What each app contributes to the portal's search, without search knowing the apps.

An app describes its searchable records with a `SearchSource` and registers it from
its AppConfig.ready():

    from search.registry import SearchSource, register
    register(SearchSource(name="wildlife", label="野生动物补偿标准",
                          models=(Species,), records=species_records))

`records()` yields every `SearchRecord` of the source (used by the rebuild command and
after a change to one of `models`). The search app owns the index and keeps it in step.
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


@dataclass(frozen=True)
class SearchSource:
    """A dataset an app offers to search."""

    name: str  # machine name, also the `dataset` filter value
    label: str  # Chinese name shown as a filter choice
    models: tuple[type[Model], ...]
    records: Callable[[], Iterable[SearchRecord]]


_sources: dict[str, SearchSource] = {}


def register(source: SearchSource) -> None:
    """Add (or replace) a source; apps call this from AppConfig.ready()."""
    _sources[source.name] = source


def sources() -> list[SearchSource]:
    """Return every registered source."""
    return list(_sources.values())


def source_for_model(model: type[Model]) -> list[SearchSource]:
    """Return the sources whose records depend on this model."""
    return [s for s in _sources.values() if model in s.models]

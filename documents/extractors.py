"""Domain extractors, registered by document: which app turns which printed document into its data.

Each domain app declares in its AppConfig (`extractors`) the documents it can read, by kind and
title pattern (a 补偿标准 table, a reward measure, a service catalogue). `extractors_for`
tells the ingest command and the clerk's review which apps a parsed document feeds; the
extractor's `read` takes the parsed draft (and the whole source text, for readers that
still work from the printed lines) and returns that app's own draft of the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from documents.parsing import DocumentDraft
from gazette_site.contract import declared, gazette_apps


@dataclass(frozen=True)
class Extractor:
    app: str
    label: str  # shown to the clerk: what the app makes of the document
    title_pattern: str  # searched in the document's title and the titles it carries
    read: Callable[[DocumentDraft, str], object]
    kinds: tuple[str, ...] = ()  # document kinds accepted; empty means any

    def accepts(self, draft: DocumentDraft) -> bool:
        if self.kinds and draft.kind not in self.kinds:
            return False
        titles = [draft.title, *draft.carried_titles, *(a.title for a in draft.attachments)]
        return any(re.search(self.title_pattern, t) for t in titles)


_REGISTRY: dict[tuple[str, str], Extractor] = {}


def register(extractor: Extractor) -> None:
    """Declare an extractor (called from an app's ready(); registering twice replaces it)."""
    _REGISTRY[(extractor.app, extractor.label)] = extractor


def registered() -> list[Extractor]:
    return list(_REGISTRY.values())


def extractors_for(draft: DocumentDraft) -> list[Extractor]:
    """The extractors that accept a parsed document, in registration order."""
    return [e for e in _REGISTRY.values() if e.accepts(draft)]


def register_declared() -> None:
    """Register the extractors every installed gazette app declares (from DocumentsConfig.ready)."""
    for config in gazette_apps():
        make_extractors = declared(config.extractors)
        for extractor in make_extractors() if make_extractors else ():
            register(extractor)

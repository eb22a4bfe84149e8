"""A record's status (现行有效 …) on every date, stored so the database can filter and count by it.

`documents.rules.document_status` decides the status; it only compares the date
asked about with three dates (takes effect, repealed, expires the day after
effective_to), so the status is constant between them. We evaluate it once per
stretch at indexing time and store at most four stretches; the query then picks
the stretch that contains the date asked about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from documents.rules import document_status

STRETCHES = 4


@dataclass(frozen=True)
class Timeline:
    statuses: tuple[str, ...]  # STRETCHES values; "" when unknown
    changes: tuple[dt.date | None, ...]  # STRETCHES - 1 dates, ascending; None when unused

    def status_on(self, day: dt.date) -> str:
        """Return the stored status for a date (the query does the same in SQL)."""
        for index, change in enumerate(self.changes):
            if change is None or day < change:
                return self.statuses[index]
        return self.statuses[-1]


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def timeline_for(facets: dict) -> Timeline:
    """Build the timeline from the in_force_from / effective_to / repealed_on facets."""
    in_force_from = _date(facets.get("in_force_from"))
    effective_to = _date(facets.get("effective_to"))
    repealed_on = _date(facets.get("repealed_on"))
    if not (in_force_from or effective_to or repealed_on):
        return Timeline(("",) * STRETCHES, (None,) * (STRETCHES - 1))

    def status(day: dt.date) -> str:
        value = document_status(
            in_force_from=in_force_from,
            effective_to=effective_to,
            repealed_on=repealed_on,
            as_of=day,
        )
        return value.value if value else ""

    expires_on = effective_to + dt.timedelta(days=1) if effective_to else None
    changes = sorted({d for d in (in_force_from, repealed_on, expires_on) if d is not None})
    statuses = [status(changes[0] - dt.timedelta(days=1))] + [status(d) for d in changes]
    # Pad so every record has the same columns; repeating the last stretch changes nothing.
    while len(statuses) < STRETCHES:
        statuses.append(statuses[-1])
    padded = [*changes, *([None] * (STRETCHES - 1 - len(changes)))]
    return Timeline(tuple(statuses), tuple(padded))

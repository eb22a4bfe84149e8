"""The stored status stretches give the same answer as documents.rules.document_status."""

import datetime as dt
import itertools

from documents.rules import document_status
from search.timeline import timeline_for

DATES = [None, dt.date(2020, 1, 1), dt.date(2020, 6, 30), dt.date(2021, 1, 1)]
PROBES = [dt.date(2019, 12, 31) + dt.timedelta(days=d) for d in range(0, 400, 3)] + [
    dt.date(2020, 6, 30),
    dt.date(2020, 7, 1),
    dt.date(2021, 1, 1),
]


def test_every_combination_of_dates_matches_document_status_on_every_probe_day():
    for in_force_from, effective_to, repealed_on in itertools.product(DATES, repeat=3):
        facets = {
            "in_force_from": in_force_from and in_force_from.isoformat(),
            "effective_to": effective_to and effective_to.isoformat(),
            "repealed_on": repealed_on and repealed_on.isoformat(),
        }
        timeline = timeline_for(facets)
        for day in PROBES:
            expected = document_status(
                in_force_from=in_force_from,
                effective_to=effective_to,
                repealed_on=repealed_on,
                as_of=day,
            )
            assert timeline.status_on(day) == (expected.value if expected else ""), (facets, day)


def test_records_without_dates_have_no_status():
    assert timeline_for({}).status_on(dt.date(2020, 8, 18)) == ""

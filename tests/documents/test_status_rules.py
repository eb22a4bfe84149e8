import datetime as dt

import pytest

from documents.models import Status
from documents.rules import document_status, repeal_date

D = dt.date


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2020, 10, 31), Status.NOT_YET),
        (D(2020, 11, 1), Status.IN_FORCE),
        (D(2025, 10, 31), Status.IN_FORCE),
        (D(2025, 11, 1), Status.EXPIRED),
    ],
)
def test_blood_donation_measure_boundaries(as_of, expected):
    status = document_status(
        in_force_from=D(2020, 11, 1), effective_to=D(2025, 10, 31), repealed_on=None, as_of=as_of
    )
    assert status == expected


def test_repeal_counts_from_the_day_the_repealing_document_starts():
    kwargs = {"in_force_from": D(2017, 1, 1), "effective_to": None, "repealed_on": D(2020, 8, 18)}
    assert document_status(as_of=D(2020, 8, 17), **kwargs) == Status.IN_FORCE
    assert document_status(as_of=D(2020, 8, 18), **kwargs) == Status.REPEALED


def test_a_document_that_expired_before_its_repeal_stays_expired():
    status = document_status(
        in_force_from=D(2017, 1, 1),
        effective_to=D(2019, 12, 31),
        repealed_on=D(2020, 8, 18),
        as_of=D(2026, 1, 1),
    )
    assert status == Status.EXPIRED


def test_unknown_dates_give_no_status_rather_than_a_guess():
    assert (
        document_status(
            in_force_from=None, effective_to=None, repealed_on=None, as_of=D(2026, 1, 1)
        )
        is None
    )


def test_earliest_repealer_wins_and_undated_repealers_are_ignored():
    assert repeal_date(repealer_start_dates=[D(2021, 1, 1), None, D(2020, 8, 18)]) == D(2020, 8, 18)
    assert repeal_date(repealer_start_dates=[None]) is None

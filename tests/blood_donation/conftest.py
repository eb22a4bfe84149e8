"""The measure as loaded from the committed fixture, for the blood-donation tests."""

import datetime as dt

import pytest

from blood_donation.selectors import measure_for_date


@pytest.fixture
def measure(db):
    """The measure in force on a day inside its validity, with all its rule rows."""
    measure = measure_for_date(dt.date(2021, 1, 1))
    assert measure is not None, "fixtures/blood_donation 未载入"
    return measure

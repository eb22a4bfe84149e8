"""Shared set-up for the pricing tests: the schedule from the committed fixtures, test enterprises."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from documents.models import District
from pricing import rules, selectors, services

_serial = itertools.count(1)


def make_credit_code(serial: int | None = None) -> str:
    """Build a well-formed test code (prefix 91, Weihai 371000, serial) with its check character."""
    number = next(_serial) if serial is None else serial
    body = f"91371000MA{number:07d}"
    return body + rules.credit_code_check_char(body)


@pytest.fixture
def policy(db):
    """The notice as loaded from fixtures/pricing, with its steps and rules."""
    policy = selectors.policy_get()
    assert policy is not None, "fixtures/pricing 未载入"
    return policy


@pytest.fixture
def schedule(policy):
    return selectors.schedule_of(policy)


@pytest.fixture
def district(db):
    return District.objects.get(name="环翠区")


@pytest.fixture
def other_district(db):
    return District.objects.get(name="荣成市")


@pytest.fixture
def enterprise_with(district):
    """Create a test enterprise with a history of (year, grade, published_on) results."""

    def create(history=(), *, name=None, district_obj=None):
        code = make_credit_code()
        enterprise = services.enterprise_create(
            name=name or f"测试企业{code[-6:]}",
            credit_code=code,
            district=district_obj or district,
        )
        for year, grade, published_on in history:
            services.evaluation_record(
                enterprise=enterprise, year=year, grade=grade, published_on=published_on
            )
        return enterprise

    return create


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)

"""When a document is in force: pure functions over its dates."""

from __future__ import annotations

import datetime as dt

from documents.models import Status


def repeal_date(*, repealer_start_dates: list[dt.date | None]) -> dt.date | None:
    """Return the day a document stops by repeal: the earliest start of a repealing document."""
    dates = [d for d in repealer_start_dates if d is not None]
    return min(dates) if dates else None


def document_status(
    *,
    in_force_from: dt.date | None,
    effective_to: dt.date | None,
    repealed_on: dt.date | None,
    as_of: dt.date,
) -> Status | None:
    """Compute 尚未施行 / 现行有效 / 已失效 / 已废止 for a date; None when dates are unknown.

    A repeal counts from the day the repealing document takes effect. A document that
    expired before any repeal took effect stays 已失效.
    """
    expired_on = effective_to + dt.timedelta(days=1) if effective_to else None
    if repealed_on and repealed_on <= as_of and (expired_on is None or repealed_on < expired_on):
        return Status.REPEALED
    if expired_on and expired_on <= as_of:
        return Status.EXPIRED
    if in_force_from is None:
        return None
    if as_of < in_force_from:
        return Status.NOT_YET
    return Status.IN_FORCE

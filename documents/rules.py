"""When a document is in force: pure functions over its dates."""

from __future__ import annotations

import datetime as dt
import re

from documents.models import DocumentKind, Status

# A plan's period printed in its title: 三年行动计划（2020—2022年）.
_PERIOD_RE = re.compile(r"[（(]\s*(\d{4})\s*[—–\-－~～至]+\s*(\d{4})\s*年\s*[)）]")


def carries_status(kind: str) -> bool:
    """An appointment list (名单) regulates nothing, so it is never in force or expired."""
    return kind != DocumentKind.LIST


def plan_period_end(title: str) -> dt.date | None:
    """Return the last day of the period a plan states in its title (（2020—2022年） → 2022-12-31)."""
    m = _PERIOD_RE.search(title)
    if not m or int(m[2]) < int(m[1]):
        return None
    return dt.date(int(m[2]), 12, 31)


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
    kind: str = "",
) -> Status | None:
    """Compute a document's status for a date; None when it has none or dates are unknown.

    A repeal counts from the day the repealing document takes effect. A document that
    expired before any repeal took effect stays 已失效; a plan (计划) past its stated period
    is 已到期. A document in effect that states no end is 未载明有效期, not 现行有效:
    nothing printed says it still applies.
    """
    if not carries_status(kind):
        return None
    expired_on = effective_to + dt.timedelta(days=1) if effective_to else None
    if repealed_on and repealed_on <= as_of and (expired_on is None or repealed_on < expired_on):
        return Status.REPEALED
    if expired_on and expired_on <= as_of:
        return Status.ENDED if kind == DocumentKind.ACTION_PLAN else Status.EXPIRED
    if in_force_from is None:
        return None
    if as_of < in_force_from:
        return Status.NOT_YET
    if effective_to is None:
        return Status.NO_TERM
    return Status.IN_FORCE

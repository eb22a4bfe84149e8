"""When a document is in force and how it is cited: pure functions over its dates and text."""

from __future__ import annotations

import datetime as dt
import re

from documents.choices import DocumentKind, Status

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


# Endings of the names of laws, regulations and government documents (《无偿献血证》 is a
# certificate, 《使用林地申请表》 a form: neither is a document one can link to).
_DOCUMENT_ENDINGS = (
    "法",
    "条例",
    "规定",
    "办法",
    "细则",
    "意见",
    "通知",
    "方案",
    "规划",
    "决定",
    "计划",
    "规程",
    "指南",
    "清单",
    "目录",
    "规则",
    "规范",
    "标准",
    "要求",
    "复函",
    "批复",
    "指引",
    "预案",
    "纲要",
)
_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[)）]$")

NATIONAL_LAW_DATABASE = "国家法律法规数据库（flk.npc.gov.cn）"
STATE_COUNCIL_SITE = "中国政府网（www.gov.cn）"
SHANDONG_SITE = "山东省人民政府网站（www.shandong.gov.cn）"
WEIHAI_SITE = "威海市人民政府网站（www.weihai.gov.cn）及《威海市人民政府公报》"


def is_document_title(title: str) -> bool:
    """Tell whether 《title》 names a law or a document (GB/T 9704 titles end in the document kind)."""
    bare = _TRAILING_NOTE.sub("", title.strip())
    return len(bare) >= 3 and bare.endswith(_DOCUMENT_ENDINGS)


def official_source(*, title: str, doc_number_code: str = "") -> str:
    """Name where the official text of a work outside the gazette is published.

    National laws and administrative regulations are in the NPC's national database; State
    Council documents on gov.cn; Shandong's and Weihai's on their governments' sites.
    """
    code = doc_number_code
    if code.startswith("威") or title.startswith("威海市"):
        return WEIHAI_SITE
    if code.startswith("鲁") or title.startswith("山东省"):
        return SHANDONG_SITE
    if code.startswith("国") or title.startswith("国务院"):
        return STATE_COUNCIL_SITE
    bare = _TRAILING_NOTE.sub("", title)
    national = bare.endswith("条例") or (bare.endswith("法") and not bare.endswith("办法"))
    if title.startswith("中华人民共和国") or (not code and national):
        return NATIONAL_LAW_DATABASE
    return f"发布机关的官方网站或{STATE_COUNCIL_SITE}"


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence of `text` holding [start, end): between 。；！？ or line ends."""
    stops = "。；！？\n"
    left = max(text.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (text.find(ch, end) for ch in stops) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def provision_citation_label(labels: list[str], kinds: list[str]) -> str:
    """Write a provision's place the way Chinese legal citations do: 第二十六条第（一）项.

    `labels`/`kinds` run from the outermost unit below the chapter to the provision itself.
    """
    parts = []
    for label, kind in zip(labels, kinds, strict=True):
        if kind == "chapter":
            continue
        if kind == "subsection" and parts:
            parts.append(f"第{label}项")
        elif kind == "item" and parts:
            parts.append(f"第{label.rstrip('.．')}目")
        else:
            parts.append(label.rstrip("、"))
    return "".join(parts)

"""Read 威发改发〔2020〕227号 out of the gazette text and turn it into the app's fixtures.

The printed text is extracted from paper: sentences run over page breaks (a blank line in the
middle of a word), stray spaces sit between Chinese characters, and 〔〕/[] are both used.
The parser joins what the page broke, records every such reading, and refuses to guess:
anything it cannot find raises TextError.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from gazette_text import (
    TextError,
    is_date_line,
    parse_date,
    parse_doc_number,
    read_validity,
    squeeze_cjk_spaces,
)

DOC_NUMBER = "威发改发〔2020〕227号"

_TERMINAL = ("。", "：", "；", "！", "？")
_SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")
_STEP = re.compile(
    r"(?P<step>第一年|连续(?P<n>[两二三四五六七八九十])年(?P<more>及以上)?)"
    r"列(?P<verb>[入为])D类的，"
    r"(?P<what>用电价格每千瓦时|综合水价每立方米)加价(?P<rate>\d+(?:\.\d+)?)元"
)
_NUMBERS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_RESOURCES = {
    "用电价格每千瓦时": ("electricity", "用电量", "千瓦时"),
    "综合水价每立方米": ("water", "计划内用水量", "立方米"),
}


def source_path() -> Path:
    """Return the gazette text the portal is built from (settings.GAZETTE_SOURCE)."""
    return Path(settings.GAZETTE_SOURCE)


@dataclass
class Paragraph:
    """A paragraph of the notice, joined across page breaks, with its source lines."""

    text: str
    lines: list[int]
    anchor: str = ""

    @property
    def line_label(self) -> str:
        return "、".join(str(n) for n in self.lines)


@dataclass
class ParsedStep:
    resource: str
    basis: str
    unit: str
    consecutive_years: int
    and_more: bool
    rate: Decimal
    printed_rate: str
    source_text: str
    lines: list[int]
    notes: list[str] = field(default_factory=list)


@dataclass
class ParsedNotice:
    doc_number: str
    slug: str
    title: str
    issuer: str
    signed_date: dt.date
    effective_from: dt.date
    effective_to: dt.date
    registration_no: str
    first_line: int
    last_line: int
    paragraphs: list[Paragraph]
    steps: list[ParsedStep]
    notes: list[str]

    def paragraphs_at(self, anchor: str) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.anchor == anchor]


def _squeeze(text: str) -> str:
    return squeeze_cjk_spaces(text, around_digits=True)


def _is_heading(text: str) -> bool:
    return bool(_SECTION.match(text)) and not text.endswith(_TERMINAL)


def _is_own_number(line: str) -> bool:
    number = parse_doc_number(line)
    return number is not None and number.canonical == DOC_NUMBER


def parse_notice(text: str) -> ParsedNotice:
    """Parse 威发改发〔2020〕227号 from the whole gazette text."""
    lines = text.splitlines()
    numbered = list(enumerate(lines, start=1))
    starts = [n for n, line in numbered if _is_own_number(line)]
    if len(starts) != 1:
        raise TextError(f"expected one body line with {DOC_NUMBER}, found {len(starts)}")
    number_line = starts[0]
    parsed_number = parse_doc_number(lines[number_line - 1])
    doc_number = parsed_number.canonical if parsed_number else ""
    if doc_number != DOC_NUMBER:
        raise TextError(f"unexpected document number {doc_number}")
    notes: list[str] = []

    title_line = max(n for n, line in numbered[: number_line - 1] if line.strip())
    raw_title = lines[title_line - 1]
    title = _squeeze(raw_title)
    if title != raw_title.strip():
        notes.append(
            f"标题（第{title_line}行）印作“{raw_title.strip()}”，字间有多余空格，已删去；"
            "与目录所载标题一致。"
        )
    issuer = title.split("关于", 1)[0]

    body: list[tuple[int, str]] = [
        (n, line.strip()) for n, line in numbered[number_line:] if line.strip()
    ]
    # The body ends at the signature: the issuer's name alone on a line, then the date.
    sign_at = next((i for i, (_, line) in enumerate(body) if line == issuer), None)
    if sign_at is None:
        raise TextError("signature not found")
    date_line_no, date_text = body[sign_at + 1]
    if not is_date_line(date_text):
        raise TextError(f"signed date not found at line {date_line_no}")
    signed_date = parse_date(date_text)
    reg_line_no, reg_text = body[sign_at + 2]
    if not reg_text.startswith("WHCR"):
        raise TextError(f"registration number not found at line {reg_line_no}")

    paragraphs = _paragraphs(body[1:sign_at], notes)  # body[0] is the addressee line
    steps = _steps(paragraphs)
    closing = " ".join(p.text for p in paragraphs if p.text.startswith("本通知自"))
    validity = read_validity(closing)
    if validity.effective_from is None or validity.effective_to is None:
        raise TextError("validity sentence not found")
    return ParsedNotice(
        doc_number=doc_number,
        slug=parsed_number.slug,
        title=title,
        issuer=issuer,
        signed_date=signed_date,
        effective_from=validity.effective_from,
        effective_to=validity.effective_to,
        registration_no=reg_text,
        first_line=title_line,
        last_line=reg_line_no,
        paragraphs=paragraphs,
        steps=steps,
        notes=notes,
    )


def _paragraphs(body: list[tuple[int, str]], notes: list[str]) -> list[Paragraph]:
    """Join lines broken by the page layout and label each paragraph with its anchor."""
    paragraphs: list[Paragraph] = []
    section = ""
    current: Paragraph | None = None
    for number, line in body:
        if current is None:
            current = Paragraph(text=line, lines=[number])
        else:
            joined_by_space = current.lines[-1] + 1 == number
            kind = "换行" if joined_by_space else "分页或空行"
            notes.append(
                f"第{current.lines[-1]}行“{_squeeze(current.text)[-6:]}”与第{number}行"
                f"“{_squeeze(line)[:6]}”之间{kind}"
                "把一句话断开，已接续为一段。"
            )
            current.text += line
            current.lines.append(number)
        if _is_heading(current.text) or current.text.endswith(_TERMINAL):
            text = _squeeze(current.text)
            if text != current.text:
                notes.append(
                    f"第{current.line_label}行的“{current.text}”字间有多余空格，已读作“{text}”。"
                )
                current.text = text
            heading = _SECTION.match(current.text)
            if heading and _is_heading(current.text):
                section = heading.group(1)
                current.anchor = section
            else:
                item = _ITEM.match(current.text)
                current.anchor = f"{section}-（{item.group(1)}）" if item and section else section
                if current.text.startswith("本通知自"):
                    # The closing sentence belongs to no numbered section.
                    current.anchor = ""
            paragraphs.append(current)
            current = None
    if current is not None:
        raise TextError(f"unfinished paragraph at line {current.lines[0]}")
    return paragraphs


def _steps(paragraphs: list[Paragraph]) -> list[ParsedStep]:
    steps: list[ParsedStep] = []
    for paragraph in paragraphs:
        for match in _STEP.finditer(paragraph.text):
            resource, basis, unit = _RESOURCES[match.group("what")]
            if resource == "water" and basis not in paragraph.text:
                raise TextError("water steps do not name the planned volume")
            n = 1 if match.group("step") == "第一年" else _NUMBERS[match.group("n")]
            printed = match.group("rate")
            rate = Decimal(printed)
            if rate.as_tuple().exponent > -2:
                rate = rate.quantize(Decimal("0.01"))
            notes: list[str] = []
            if str(rate) != printed:
                notes.append(f"原文印作“{printed}元”，按{rate}元录入。")
            if match.group("verb") == "为":
                notes.append("原文此处作“列为D类”（其余各档作“列入D类”），按同义读。")
            if len(paragraph.lines) > 1 and resource == "electricity" and n == 1:
                notes.append(
                    f"原文“每千瓦时”被分页断在第{paragraph.lines[0]}行“每千”"
                    f"和第{paragraph.lines[1]}行“瓦时”，已接续。"
                )
            if n == 1:
                notes.append("“第一年列入D类”读作连续列入D类1年（上一年度不是D类或没有评价结果）。")
            steps.append(
                ParsedStep(
                    resource=resource,
                    basis=basis,
                    unit=unit,
                    consecutive_years=n,
                    and_more=bool(match.group("more")),
                    rate=rate,
                    printed_rate=printed,
                    source_text=match.group(0),
                    lines=paragraph.lines,
                    notes=notes,
                )
            )
    found = {(s.resource, s.consecutive_years) for s in steps}
    if len(found) != len(steps) or not steps:
        raise TextError("steps missing or repeated")
    return steps


def read_notice(path: Path | None = None) -> ParsedNotice:
    """Parse the notice from the gazette file."""
    path = path or source_path()
    return parse_notice(path.read_text(encoding="utf-8"))


# --- fixtures ----------------------------------------------------------------------

# Plain words for each rule, and how to find the printed paragraph it restates.
# Rates and dates are not repeated here: the page shows them from the schedule.
RULES = (
    (
        "electricity_steps",
        "用电价格每千瓦时加价",
        True,
        "列入D类（限制发展类）的企业，用电价格按连续列入D类的年数逐年递增加价："
        "第一年、连续两年、连续三年及以上各有一档，每千瓦时的加价见上表。",
    ),
    (
        "no_double",
        "不再重复加价",
        True,
        "企业同时执行淘汰类、限制类差别电价，惩罚性电价或阶梯电价的，只按其中最高的加价标准执行，"
        "不重复加价。本站的算法：实际执行的电价加价取本通知标准与企业已执行的其他加价中较高者；"
        "本通知应收部分 = 实际执行的加价 − 已执行的其他加价（不低于0），"
        "所以其他加价不低于本通知标准时，本通知不另收电价加价。",
    ),
    (
        "water_steps",
        "综合水价每立方米加价",
        True,
        "列入D类企业的计划内用水量，综合水价按连续列入D类的年数逐年递增加价，每立方米的加价见上表。",
    ),
    (
        "water_over_plan",
        "超过核定用水计划",
        False,
        "实际用水量超过核定用水计划的部分，仍按《威海市节约用水条例》规定的非居民用水超计划累进加价办法执行。"
        "这部分不属于本通知，本站不计算：计算器只对计划内用水量计算本通知的加价。",
    ),
    (
        "start_month",
        "次月抄见表量",
        True,
        "供电、供水企业根据当地政府公布的企业评价结果，自公布的次月抄见表量起收取加价。"
        "本站的算法：计算某月时，只计入在该月1日之前公布的评价结果；"
        "在某月公布的结果，从下一个月的表量起计收。",
    ),
    (
        "income",
        "加价收入按规定上缴",
        False,
        "加价收入由供电、供水企业按规定上缴。本站不计算上缴金额。",
    ),
    (
        "feedback",
        "及时反馈",
        False,
        "政策执行中遇到的问题及建议，请及时反馈。",
    ),
    (
        "validity",
        "本通知自",
        True,
        "本通知的施行日期和有效期见上方。有效期以外的月份不按本通知加价。"
        "只有部分日子在有效期内的月份（施行当月），按在有效期内的天数占当月天数的比例折算当月抄见表量计收；"
        "原文对此未作规定，这是本站的解读（见说明）。",
    ),
)


def _article_label(notice: ParsedNotice, anchor: str) -> str:
    if not anchor:
        return "正文末段"
    section, _, item = anchor.partition("-")
    heading = next(p.text for p in notice.paragraphs_at(section) if _is_heading(p.text))
    return f"{heading}{item}"


def _decimal_text(value: Decimal) -> str:
    return f"{value:f}"


def fixture_data(notice: ParsedNotice) -> dict[str, list[dict]]:
    """Build the app's fixture files (name → Django fixture objects) from the parsed notice."""
    policy_notes = [
        *notice.notes,
        f"统一登记号{notice.registration_no}（第{notice.last_line}行）印在本通知落款之后、"
        "下一份文件标题之前。门户按山东省规范性文件的版式（登记号印在文件首页版头之上）"
        "统一把它归属下一份文件威市监发〔2020〕56号，见公报文件页的转录说明。",
        "本通知没有列出任何企业：企业及其评价结果由工作人员按当地政府公布的结果录入或导入。",
    ]
    objects: list[dict] = [
        {
            "model": "pricing.policy",
            "fields": {
                "document": [notice.doc_number],
                "issuer": notice.issuer,
                "source_lines": f"{notice.first_line}–{notice.last_line}",
                "source_note": "\n".join(policy_notes),
            },
        }
    ]
    ordered = sorted(notice.steps, key=lambda s: (s.resource != "electricity", s.consecutive_years))
    policy_key = [notice.doc_number]
    for step in ordered:
        objects.append(
            {
                "model": "pricing.surcharge",
                "fields": {
                    "policy": policy_key,
                    "resource": step.resource,
                    "consecutive_years": step.consecutive_years,
                    "and_more": step.and_more,
                    "rate": _decimal_text(step.rate),
                    "basis": step.basis,
                    "unit": step.unit,
                    "source_text": step.source_text,
                    "source_note": "\n".join(
                        [f"原文第{'、'.join(str(n) for n in step.lines)}行。", *step.notes]
                    ),
                },
            }
        )
    for order, (topic, marker, computed, plain) in enumerate(RULES, start=1):
        matches = [p for p in notice.paragraphs if marker in p.text]
        if len(matches) != 1:
            raise TextError(f"rule {topic}: expected one paragraph with {marker!r}")
        paragraph = matches[0]
        note = []
        if len(paragraph.lines) > 1:
            note.append(f"原文分在第{paragraph.line_label}行，已接续为一段。")
        if topic == "validity":
            note.append(
                "这句话印在“（二）”之后、落款之前，不属于任何编号条目，"
                "所以引用时链接到文件页（文件页开头列出施行日期和有效期），不带条目锚点。"
            )
        objects.append(
            {
                "model": "pricing.policyrule",
                "fields": {
                    "policy": policy_key,
                    "topic": topic,
                    "order": order,
                    "anchor": paragraph.anchor,
                    "article": _article_label(notice, paragraph.anchor),
                    "plain": plain,
                    "quote": paragraph.text,
                    "computed": computed,
                    "source_lines": paragraph.line_label,
                    "source_note": "\n".join(note),
                },
            }
        )
    return {"02_policy.json": objects}


def fixture_texts(notice: ParsedNotice) -> dict[str, str]:
    """Render the fixture files exactly as they are committed."""
    return {
        name: json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
        for name, objects in fixture_data(notice).items()
    }


def fixture_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "pricing"

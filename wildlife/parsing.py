"""Read 威政办字〔2020〕50号 from the gazette text into the plan's data (fixture 02_standard).

The printed issue was extracted to text: page breaks split words and paragraphs, stray
spaces split Chinese words, and `〔〕`/`[]` are both used. The parser locates the document by
its number, rebuilds the numbered sections, and reads the figures from the sentences
that state them. It fails loudly (TextError) when a sentence it relies on is missing,
so a changed source cannot silently produce different data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from gazette_text import TextError, cn_number, parse_date, squeeze_cjk_spaces

DOC_NUMBER = "威政办字〔2020〕50号"

FIXTURE_NAME = "02_standard.json"

CN_DIGITS = "一二三四五六七八九十"
# Our own short labels for filters and tables; the page always shows the full printed text.
SCOPE_SHORT_NAMES = {
    1: "持证以食用为目的养殖",
    2: "代养协议养殖主体",
    3: "2020年2月24日前已申请许可",
    4: "建档立卡贫困养殖户",
    5: "其他情况的养殖户",
}


def default_source_path() -> Path:
    """Return the gazette text the portal is built from (settings.GAZETTE_SOURCE)."""
    return Path(settings.GAZETTE_SOURCE)


def cn_date_value(text: str) -> dt.date:
    """Read 2020年7月31日 as a date, or stop with the reason."""
    try:
        return parse_date(text)
    except TextError as exc:
        raise TextError(str(exc)) from exc


@dataclass
class Section:
    """A numbered section: anchor like 二-（一）, the source line where it starts, its text."""

    anchor: str
    line: int
    text: str = ""


@dataclass
class ParsedPlan:
    doc_number: str
    title: str
    plan_title: str
    signed_date: dt.date
    city_share_parts: int
    county_share_parts: int
    registration_cutoff: dt.date
    completion_deadline: dt.date
    standard_title: str
    batch_species: list[str]
    standard_note: str
    scopes: list[dict] = field(default_factory=list)
    methods: list[dict] = field(default_factory=list)
    species: list[dict] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


def _find(lines: list[str], pattern: str, start: int = 0, stop: int | None = None) -> int:
    """Return the index of the first line matching pattern, or raise TextError."""
    regex = re.compile(pattern)
    for i in range(start, len(lines) if stop is None else stop):
        if regex.search(lines[i]):
            return i
    raise TextError(f"原文中找不到：{pattern}")


def _locate(lines: list[str]) -> tuple[int, int]:
    """Return the indexes of the document's first line and the line after its last."""
    number = _find(lines, r"^威政办字[〔\[]2020[〕\]]50号\s*$")
    start = number
    while start > 0 and not lines[start].startswith("威海市人民政府"):
        start -= 1
    end = _find(lines, r"^威海市人民政府(办公室)?\s*关于", number + 1)
    while not lines[end - 1].strip():
        end -= 1
    return start, end


def _sections(lines: list[str], first: int, stop: int) -> dict[str, Section]:
    """Rebuild numbered sections, joining lines a page break split (no separator)."""
    sections: dict[str, Section] = {}
    chapter = ""
    current: Section | None = None
    for i in range(first, stop):
        text = lines[i].strip()
        if not text:
            continue
        chapter_match = re.match(rf"^([{CN_DIGITS}]+)、", text)
        section_match = re.match(rf"^[(（]([{CN_DIGITS}]+)[)）]\s*", text)
        if chapter_match:
            chapter = chapter_match.group(1)
            current = Section(anchor=chapter, line=i + 1, text=text)
            sections[chapter] = current
        elif section_match and chapter:
            anchor = f"{chapter}-（{section_match.group(1)}）"
            current = Section(anchor=anchor, line=i + 1, text=text[section_match.end() :])
            sections[anchor] = current
        elif text.startswith("附件"):
            break
        elif current is not None:
            current.text += text
    return sections


def _numbered_items(text: str, count: int) -> list[str]:
    """Split "一是…。二是…。" into its items, in order; a marker must open a sentence."""
    positions = []
    cursor = 0
    for n in range(count):
        marker = f"{CN_DIGITS[n]}是"
        pos = text.find(marker, cursor)
        while pos > 0 and text[pos - 1] not in "。；":
            pos = text.find(marker, pos + 1)
        if pos < 0:
            raise TextError(f"找不到“{marker}”")
        positions.append(pos)
        cursor = pos + len(marker)
    ends = [*positions[1:], len(text)]
    return [text[pos + 2 : stop].strip() for pos, stop in zip(positions, ends, strict=True)]


def _method(number: int, text: str, line: int) -> dict:
    """Turn one disposal method's text into its conditions, read from its sentences."""
    name, _, body = text.partition("。")
    approval = "never"
    authority = ""
    match = re.search(r"([^。]*)须报([^。，]+?)同意", body)
    if match:
        authority = match.group(2)
        approval = "national_key" if "国家重点保护野生动物" in match.group(1) else "always"
    return {
        "number": number,
        "label": CN_DIGITS[number - 1],
        "name": name,
        "text": f"{name}。{body}",
        "native_species_only": "本地物种" in body and "外来物种严禁" in body,
        "needs_assessment": "经科学评估" in body and "野外生存能力" in body,
        "approval": approval,
        "approval_authority": authority,
        "needs_receiving_unit": "移交" in body,
        "line": line,
    }


def _species_table(lines: list[str], first: int, stop: int) -> tuple[str, int, list[dict], int]:
    """Read 附件2: its title and its index, the rows (repeated headers skipped), the note's index."""
    header = re.compile(r"^序号\s*种类\s*单位\s*价格\s*[(（]元[)）]\s*$")
    row = re.compile(r"^(\d+)\t(.+?)\t\s*(只|斤)\s*\t\s*(\d+(?:\.\d+)?)\s*$")
    head = _find(lines, header.pattern, first, stop)
    title_index = head - 1
    while not lines[title_index].strip():
        title_index -= 1
    title = squeeze_cjk_spaces(lines[title_index])
    rows: list[dict] = []
    note_index = None
    for i in range(head + 1, stop):
        text = lines[i].rstrip("\n")
        if not text.strip() or header.match(text.strip()):
            continue
        match = row.match(text)
        if match:
            rows.append(
                {
                    "number": int(match.group(1)),
                    "name": squeeze_cjk_spaces(match.group(2)),
                    "unit": match.group(3),
                    "price": Decimal(match.group(4)),
                    "line": i + 1,
                }
            )
            continue
        if text.startswith("注"):
            note_index = i
        break
    if note_index is None:
        raise TextError("附件2 表后找不到“注”")
    if [r["number"] for r in rows] != list(range(1, len(rows) + 1)):
        raise TextError("附件2 序号不连续")
    return title, title_index, rows, note_index


def parse_plan(text: str) -> ParsedPlan:
    """Parse the plan's figures, categories, methods and standard from the gazette text."""
    lines = text.splitlines()
    start, end = _locate(lines)
    number_index = _find(lines, r"^威政办字", start, end)
    title_index = _find(lines, r"关于印发", start, end)
    date_index = _find(lines, r"^\d{4}年\d{1,2}月\d{1,2}日\s*$", number_index, end)
    plan_title_match = re.search(r"《(.+?)》", lines[_find(lines, r"^《", number_index, end)])
    body_start = _find(lines, r"^一、", date_index, end)
    sections = _sections(lines, body_start, end)

    def section(anchor: str) -> Section:
        if anchor not in sections:
            raise TextError(f"找不到第 {anchor} 节")
        return sections[anchor]

    split = re.search(r"按照(\d+)\s*[:：]\s*(\d+)的比例", section("二-（四）").text)
    cutoff = re.search(r"登记数据截止时间为(\d{4}年\d{1,2}月\d{1,2}日)", section("三-（一）").text)
    deadline = re.search(r"应于(\d{4}年\d{1,2}月\d{1,2}日)前完成", section("三-（三）").text)
    batch = re.search(r"第一批人工繁育退出的物种为(.+?)等共(\d+)种", section("二-（二）").text)
    if not (split and cutoff and deadline and batch):
        raise TextError("找不到补偿比例、登记截止时间、完成时限或第一批物种")
    batch_species = batch.group(1).split("、")
    if len(batch_species) != int(batch.group(2)):
        raise TextError("第一批物种名单与“共N种”不符")

    scope_section = section("二-（一）")
    scope_text = scope_section.text.removeprefix("补偿范围。")
    scopes = []
    for n, item in enumerate(_numbered_items(scope_text, 5), start=1):
        scopes.append(
            {
                "number": n,
                "label": CN_DIGITS[n - 1],
                "text": item,
                "short_name": SCOPE_SHORT_NAMES[n],
                # "由各区市政府、开发区管委自行处置": outside the city's standard and 5:5 funding.
                "city_compensated": "自行处置" not in item,
                "line": scope_section.line,
            }
        )

    disposal_section = section("三-（三）")
    marker = "处置原则上分为四种方式。"
    if marker not in disposal_section.text:
        raise TextError(f"找不到“{marker}”")
    methods_text = disposal_section.text.split(marker, 1)[1]
    method_line = _find(lines, re.escape(marker), disposal_section.line - 1, end) + 1
    methods = [
        _method(n, item, method_line)
        for n, item in enumerate(_numbered_items(methods_text, 4), start=1)
    ]

    standard_title, standard_index, rows, note_index = _species_table(lines, body_start, end)
    note = squeeze_cjk_spaces(lines[note_index])
    juvenile = re.search(r"注[：:](.+?)幼体[(（](.+?)[)）]每只\s*(\d+(?:\.\d+)?)\s*元", note)
    if not juvenile:
        raise TextError(f"附件2 注无法识别：{note}")
    if sorted(r["name"] for r in rows) != sorted(batch_species):
        raise TextError("附件2 的物种与二、(二)所列第一批物种不一致")
    for species_row in rows:
        has_juvenile = species_row["name"] == juvenile.group(1)
        species_row["juvenile_price"] = Decimal(juvenile.group(3)) if has_juvenile else None
        species_row["juvenile_definition"] = juvenile.group(2) if has_juvenile else ""
        species_row["note_line"] = note_index + 1 if has_juvenile else None
    if not any(r["juvenile_price"] for r in rows):
        raise TextError(f"附件2 注中的物种“{juvenile.group(1)}”不在表中")

    return ParsedPlan(
        doc_number=squeeze_cjk_spaces(lines[number_index]).replace("[", "〔").replace("]", "〕"),
        title=squeeze_cjk_spaces(lines[title_index]),
        plan_title=squeeze_cjk_spaces(plan_title_match.group(1)) if plan_title_match else "",
        signed_date=cn_date_value(lines[date_index].strip()),
        city_share_parts=int(split.group(1)),
        county_share_parts=int(split.group(2)),
        registration_cutoff=cn_date_value(cutoff.group(1)),
        completion_deadline=cn_date_value(deadline.group(1)),
        standard_title=standard_title,
        batch_species=batch_species,
        standard_note=lines[note_index].strip(),
        scopes=scopes,
        methods=methods,
        species=rows,
        lines={
            "start": start + 1,
            "end": end,
            "title": title_index + 1,
            "split": section("二-（四）").line,
            "cutoff": section("三-（一）").line,
            "deadline": disposal_section.line,
            "batch": section("二-（二）").line,
            "table_title": standard_index + 1,
            "note": note_index + 1,
        },
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def fixture_objects(plan: ParsedPlan) -> list[dict]:
    """Turn the parsed plan into Django fixture objects identified by natural keys (no ids)."""
    plan_key = [plan.doc_number, 1]
    ln = plan.lines
    plan_note = (
        f"据公报原文第{ln['start']}—{ln['end']}行转录。"
        f"标题第{ln['title']}行“陆生野生动物 后续处置”中的空格为排版断行，已删去。"
        f"5:5 读作市级:县级（第{ln['split']}行“由市县两级财政按照5:5的比例承担”）。"
        f"登记截止日期取自第{ln['cutoff']}行“登记数据截止时间为2020年7月31日”，读作核查日期不得晚于此日。"
        f"完成时限取自三、(三)（第{ln['deadline']}行起）“上述工作应于2020年8月31日前完成”。"
        f"附件2 标题第{ln['table_title']}行“人工繁育主体 第一批”中的空格为排版断行，已删去。"
    )
    objects: list[dict] = [
        {
            "model": "wildlife.compensationplan",
            "fields": {
                "document": [plan.doc_number],
                "batch": 1,
                "standard_title": plan.standard_title,
                "city_share_parts": plan.city_share_parts,
                "county_share_parts": plan.county_share_parts,
                "registration_cutoff": plan.registration_cutoff.isoformat(),
                "completion_deadline": plan.completion_deadline.isoformat(),
                "source_note": plan_note,
            },
        }
    ]
    for scope in plan.scopes:
        objects.append(
            {
                "model": "wildlife.scopecategory",
                "fields": {
                    "plan": plan_key,
                    "number": scope["number"],
                    "label": scope["label"],
                    "text": scope["text"],
                    "short_name": scope["short_name"],
                    "city_compensated": scope["city_compensated"],
                },
            }
        )
    for method in plan.methods:
        objects.append(
            {
                "model": "wildlife.disposalmethod",
                "fields": {
                    "plan": plan_key,
                    "number": method["number"],
                    "label": method["label"],
                    "name": method["name"],
                    "text": method["text"],
                    "native_species_only": method["native_species_only"],
                    "needs_assessment": method["needs_assessment"],
                    "approval": method["approval"],
                    "approval_authority": method["approval_authority"],
                    "needs_receiving_unit": method["needs_receiving_unit"],
                },
            }
        )
    for row in plan.species:
        note = f"附件2第{row['number']}行（原文第{row['line']}行）。"
        if row["unit"] == "斤":
            note += "按重量（斤）补偿，数量可有小数（最多两位）。"
        if row["juvenile_price"] is not None:
            note += f"幼体价格取自表下注（原文第{row['note_line']}行）：“{plan.standard_note}”"
        objects.append(
            {
                "model": "wildlife.species",
                "fields": {
                    "plan": plan_key,
                    "number": row["number"],
                    "name": row["name"],
                    "unit": row["unit"],
                    "price": _money(row["price"]),
                    "juvenile_price": _money(row["juvenile_price"]),
                    "juvenile_definition": row["juvenile_definition"],
                    "origin": "unknown",
                    "national_key": None,
                    "source_note": note,
                },
            }
        )
    return objects


def fixture_path() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "wildlife" / FIXTURE_NAME


def read_source(path: Path | None = None) -> str:
    """Read the gazette text (UTF-8)."""
    return (path or default_source_path()).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- revised standards


@dataclass
class StandardDraft:
    """A compensation standard table as a parsed document prints it (附件 or body table)."""

    doc_number: str
    title: str
    batch: int
    rows: list[dict]  # number, name, unit, price
    juvenile: tuple[str, str, Decimal] | None  # species, definition, price per head
    note: str


_PRICE_HEADER = re.compile(r"价格")
_JUVENILE_RE = re.compile(r"注[：:](.+?)幼体[(（](.+?)[)）]每只\s*(\d+(?:\.\d+)?)\s*元")


def read_standard(draft, text: str = "") -> StandardDraft:
    """Read a 补偿(指导)标准 table from a parsed document (DocumentDraft).

    The table is the one whose header names 种类 and 价格; a 注 under it may give a price
    for juveniles of one species. `text` is unused: the draft holds everything.
    """
    tables = [
        (attachment.title, block, attachment.blocks)
        for attachment in draft.attachments
        for block in attachment.blocks
        if block["type"] == "table"
    ]
    for title, block, blocks in tables:
        header = [squeeze_cjk_spaces(c) for c in (block["header"][0] if block["header"] else [])]
        if not any("种类" in c for c in header) or not any(_PRICE_HEADER.search(c) for c in header):
            continue
        rows = []
        for cells in block["rows"]:
            cells = [c.strip() for c in cells]
            if len(cells) < 4 or not cells[0].isdigit():
                raise TextError(f"补偿标准表中有无法识别的一行：{'｜'.join(cells)}")
            rows.append(
                {
                    "number": int(cells[0]),
                    "name": squeeze_cjk_spaces(cells[1]),
                    "unit": cells[2],
                    "price": Decimal(cells[3]),
                }
            )
        if [r["number"] for r in rows] != list(range(1, len(rows) + 1)):
            raise TextError("补偿标准表序号不连续")
        note = next(
            (b["text"] for b in blocks if b["type"] == "text" and b["text"].startswith("注")), ""
        )
        juvenile = None
        if m := _JUVENILE_RE.search(squeeze_cjk_spaces(note, around_digits=True)):
            juvenile = (m[1], m[2], Decimal(m[3]))
        batch = re.search(r"第([一二三四五六七八九十]+)批", title)
        return StandardDraft(
            doc_number=draft.doc_number,
            title=squeeze_cjk_spaces(title),
            batch=cn_number(batch[1]) if batch else 1,
            rows=rows,
            juvenile=juvenile,
            note=note,
        )
    raise TextError(f"《{draft.title}》中没有补偿标准表（表头含“种类”“价格”）。")

"""Read the intermediary-service catalogue of 威政字〔2020〕49号 from the gazette text.

The printed table was extracted to tab-separated text: header rows repeat on every page,
items continue across page breaks under the same number, a vertically merged cell keeps
its text on one row only (often not the first), cells shift between columns, stray spaces
split Chinese words and `〔〕`/`[]` are both used. The parser does the mechanical work
(headers, headings, item labels, cells recognised by their content, merged cells) and
takes every judgement from the explicit tables of readings below, each with its reason,
which end up in the items' `source_note`. It fails loudly (TextError) when the text does
not read as expected, so a changed source cannot silently produce different data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from documents.readings import issue_readings
from gazette_site.readings import Reading as PrintedReading
from gazette_text import TextError, bracket_doc_numbers, squeeze_cjk_spaces, squeeze_name
from gazette_text import cn_number as shared_cn_number

DOC_NUMBER = "威政字〔2020〕49号"
DOCUMENT_SLUG = "wzz-2020-49"
REPEALED_DOC_NUMBER = "威政字〔2018〕40号"
TABLE_TITLE = "威海市市级政务服务事项中介服务项目清单"
FIXTURE_FILES = (
    "00_catalogue.json",
    "01_departments.json",
    "02_matters.json",
    "03_services.json",
    "04_notice_rules.json",
)

MATTER_TYPES = ("行政许可", "行政确认", "公共服务", "其他行政权力", "行政检查")
FEE_WORDS = ("市场调节价", "政府购买服务")
TIME_PATTERN = re.compile(r"协商约定|\d+[—–-]\d+天|\d+个?工作日|\d+天")
ARTICLE_PATTERN = re.compile(r"第[一二三四五六七八九十百零]+条")
HEADER_WORDS = {
    "中介服务项目名称",
    "关联的政务服务事项",
    "事项名称",
    "子项名称",
    "事项名称子项名称",
}
HEADING_PATTERN = re.compile(r"^(?P<numeral>[一二三四五六七八九十]+)、\s*(?P<rest>.+)$")
LABEL_PATTERN = re.compile(r"^(?P<no>\d+)\.\s*(?P<name>.+)$")


def default_source_path() -> Path:
    """Return the gazette text the portal is built from (settings.GAZETTE_SOURCE)."""
    return Path(settings.GAZETTE_SOURCE)


# --------------------------------------------------------------------------- readings
# Every judgement the parser does not make mechanically. Line numbers are those of the
# source text (1-based). Each reading's note is stored on the item(s) and shown on the page.


@dataclass(frozen=True)
class Reading:
    """How to read one table row where the print is ambiguous or garbled."""

    note: str = ""
    item: int | None = None  # the item the row belongs to, when not the printed/previous one
    matter: str | None = None  # the matter name, when the printed cell is not it
    sub_items: tuple[str, ...] | None = None  # the sub-items, when the cell is not one sub-item
    fee_from: int | None = None  # take 收费依据及标准 from this line
    time_from: int | None = None  # take 服务时限 from this line
    other_notes: tuple[tuple[int, str], ...] = ()  # notes for other items the reading concerns


@dataclass
class CatalogueReadings:
    """The readings of one issue's catalogue, from the issue's readings file (section intermediary)."""

    rows: dict[int, Reading] = field(default_factory=dict)
    # Sub-items printed in one cell, split by an unambiguous separator: line → (separator, note).
    sub_item_splits: dict[int, tuple[str, str]] = field(default_factory=dict)
    # Department headings the print leaves out, inserted before a line: line → (order, name, note).
    missing_headings: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    # Basis paragraphs printed after a page whose table has no 设定依据 column: line → row line.
    displaced_basis: dict[int, int] = field(default_factory=dict)
    displaced_basis_note: str = ""
    # Printed matter names, matter types and fee bases read as another: printed → (read as, note).
    matter_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    matter_types: dict[str, tuple[str, str]] = field(default_factory=dict)
    fees: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Printed text kept as it is, but worth a word on the item's page: item → remark.
    item_remarks: dict[int, str] = field(default_factory=dict)
    # The notice's rules, by the start of their sentence: topic shown on the catalogue page.
    rule_topics: tuple[tuple[str, str], ...] = ()


def catalogue_readings(source: Path | None = None) -> CatalogueReadings:
    """Load the catalogue readings that belong to a source text."""
    data = issue_readings(source or default_source_path(), "intermediary")

    def read_as(table: dict) -> dict[str, tuple[str, str]]:
        return {k: (v["read_as"], v["note"]) for k, v in table.items()}

    rows = {}
    for line, r in data.get("row_readings", {}).items():
        rows[int(line)] = Reading(
            note=r.get("note", ""),
            item=r.get("item"),
            matter=r.get("matter"),
            sub_items=tuple(r["sub_items"]) if "sub_items" in r else None,
            fee_from=r.get("fee_from"),
            time_from=r.get("time_from"),
            other_notes=tuple((o["item"], o["note"]) for o in r.get("other_notes", ())),
        )
    return CatalogueReadings(
        rows=rows,
        sub_item_splits={
            int(k): (v["separator"], v["note"]) for k, v in data.get("sub_item_splits", {}).items()
        },
        missing_headings={
            int(k): (v["order"], v["name"], v["note"])
            for k, v in data.get("missing_headings", {}).items()
        },
        displaced_basis={int(k): v for k, v in data.get("displaced_basis", {}).items()},
        displaced_basis_note=data.get("displaced_basis_note", ""),
        matter_names=read_as(data.get("matter_names", {})),
        matter_types=read_as(data.get("matter_types", {})),
        fees=read_as(data.get("fees", {})),
        item_remarks={int(k): v for k, v in data.get("item_remarks", {}).items()},
        rule_topics=tuple((t["starts_with"], t["topic"]) for t in data.get("rule_topics", ())),
    )


# --------------------------------------------------------------------------- text helpers


def squeeze(text: str) -> str:
    """Drop the stray spaces extraction put between Chinese characters (and digits beside them)."""
    return squeeze_cjk_spaces(text, around_digits=True)


def clean_basis(text: str) -> str:
    """Normalise a legal-basis cell: paragraphs from <p> tags, no stray spaces, 〔〕 numbers."""
    paragraphs = re.findall(r"<p>(.*?)</p>", text, flags=re.S) if "<p>" in text else [text]
    cleaned = [bracket_doc_numbers(squeeze(p)) for p in paragraphs]
    return "\n".join(p for p in cleaned if p)


def clean_fee(text: str) -> str:
    """Normalise a fee-basis cell."""
    return bracket_doc_numbers(squeeze_name(text))


def cn_number(text: str) -> int:
    """Read a department's Chinese ordinal (十三 → 13), or stop with the reason."""
    try:
        return shared_cn_number(text)
    except ValueError as exc:
        raise TextError(str(exc)) from exc


def line_list(lines: Iterable[int]) -> str:
    """Write line numbers compactly: 552–553、560."""
    numbers = sorted(set(lines))
    parts: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is None:
            start = prev = n
            continue
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = n
    return "、".join(parts)


def lines_phrase(lines: Iterable[int]) -> str:
    """Write 第484行 or 第569、570、571行."""
    return "第" + "、".join(str(n) for n in sorted(set(lines))) + "行"


# --------------------------------------------------------------------------- result types


@dataclass
class DepartmentDraft:
    order: int
    name: str
    line: int | None
    note: str = ""

    @property
    def readings(self) -> list[PrintedReading]:
        """A heading the print lacks: its name is inferred, not printed."""
        if self.line is not None:
            return []
        return [PrintedReading("name", None, self.name, first_sentence(self.note))]


@dataclass
class MatterDraft:
    name: str
    matter_type: str = ""
    type_lines: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def readings(self) -> list[PrintedReading]:
        """A type printed nowhere for this matter is inferred."""
        if self.type_lines:
            return []
        return [PrintedReading("matter_type", None, self.matter_type, first_sentence(self.note))]


@dataclass
class LinkDraft:
    matter: str
    lines: list[int] = field(default_factory=list)
    sub_items: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    fees: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    readings: list[PrintedReading] = field(default_factory=list)  # printed values read as another

    def add_reading(self, reading: PrintedReading) -> None:
        if not any(
            (r.field, r.printed, r.value) == (reading.field, reading.printed, reading.value)
            for r in self.readings
        ):
            self.readings.append(reading)

    @property
    def legal_basis(self) -> str:
        return "\n".join(self.bases)

    @property
    def fee_basis(self) -> str:
        return "；".join(self.fees)

    @property
    def time_limit(self) -> str:
        return "；".join(self.times)


@dataclass
class ServiceDraft:
    no: int
    name: str
    department: int
    label_lines: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    links: list[LinkDraft] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, note), sorted on output

    def link_for(self, matter: str) -> LinkDraft:
        for link in self.links:
            if link.matter == matter:
                return link
        link = LinkDraft(matter=matter)
        self.links.append(link)
        return link

    @property
    def source_note(self) -> str:
        seen: list[str] = []
        for _line, note in sorted(self.notes, key=lambda pair: pair[0]):
            if note not in seen:
                seen.append(note)
        return "\n".join(seen)


@dataclass
class RuleDraft:
    topic: str
    text: str
    line: int


@dataclass
class Catalogue:
    departments: list[DepartmentDraft]
    matters: list[MatterDraft]
    services: list[ServiceDraft]
    rules: list[RuleDraft]
    stated_count: int


# --------------------------------------------------------------------------- table rows


@dataclass
class Row:
    """One data row of the printed table, its cells recognised by content."""

    line: int
    block: int
    label_no: int | None = None
    label_name: str = ""
    matter: str = ""
    sub_items: list[str] = field(default_factory=list)
    matter_type: str = ""
    basis: str = ""
    fee: str = ""
    time: str = ""
    inherited: dict[str, int] = field(default_factory=dict)  # column → line it came from
    matter_read: bool = False  # the printed matter name is read as another (readings.matter_names)
    fee_read: bool = False  # the printed fee basis is read as another (readings.fees)
    printed_matter: str = ""  # the 事项名称 cell as printed (spaces of extraction dropped)
    printed_fee: str = ""  # the 收费依据及标准 cell as printed, before any normalising

    @property
    def is_empty(self) -> bool:
        """Tell whether the row names neither a matter nor a sub-item."""
        return not self.matter and not self.sub_items


def _repeated(cell: str, values: Iterable[str]) -> str | None:
    """Return the value a cell holds once or repeated (行政许可 行政许可), else None."""
    whole = squeeze_name(cell)
    if whole in values:
        return whole
    tokens = cell.split()
    if len(tokens) > 1 and len(set(tokens)) == 1 and tokens[0] in values:
        return tokens[0]
    return None


def cell_kind(cell: str) -> tuple[str, str]:
    """Recognise a cell by its content: (kind, value), kind in type/fee/time/basis/name/empty."""
    text = cell.strip()
    if not text:
        return "empty", ""
    if (value := _repeated(text, MATTER_TYPES)) is not None:
        return "type", value
    if (value := _repeated(text, FEE_WORDS)) is not None:
        return "fee", value
    if squeeze_name(text).startswith("省物价局"):
        return "fee", clean_fee(text)
    tokens = text.split()
    if TIME_PATTERN.fullmatch(squeeze_name(text)) or (
        len(tokens) > 1 and len(set(tokens)) == 1 and TIME_PATTERN.fullmatch(tokens[0])
    ):
        return "time", tokens[0] if len(tokens) > 1 else squeeze_name(text)
    squeezed = squeeze(text)
    if squeezed.startswith(("《", "<p>")) or (
        len(squeezed) > 40 and ARTICLE_PATTERN.search(squeezed)
    ):
        return "basis", clean_basis(text)
    return "name", squeeze_name(text)


def read_row(line: int, block: int, cells: list[str]) -> Row:
    """Read one data row: label in cell 0, matter in cell 1, sub-item in cell 2, the rest by content."""
    row = Row(line=line, block=block)
    label = squeeze_name(cells[0]) if cells else ""
    if label:
        match = LABEL_PATTERN.match(label)
        if match is None:
            raise TextError(f"第{line}行第一格“{label}”不是项目序号和名称。")
        row.label_no = int(match["no"])
        row.label_name = match["name"]
    for index, cell in enumerate(cells[1:], start=1):
        kind, value = cell_kind(cell)
        if kind == "empty":
            continue
        if kind == "fee":
            tokens = cell.split()
            # 市场调节价 市场调节价 is printed twice; 政府购买 服务 is one word split by extraction.
            repeated = len(tokens) > 1 and len(set(tokens)) == 1
            row.printed_fee = " ".join(tokens) if repeated else squeeze_name(cell)
        if kind == "name":
            if index == 1:
                row.matter = row.printed_matter = value
            elif index == 2:
                row.sub_items = [value]
            else:
                raise TextError(f"第{line}行第{index + 1}格“{value}”无法归入任何一栏。")
            continue
        attribute = {"type": "matter_type", "fee": "fee", "time": "time", "basis": "basis"}[kind]
        if getattr(row, attribute):
            raise TextError(f"第{line}行有两格都像是“{kind}”。")
        setattr(row, attribute, value)
    return row


def _heading(cells: list[str]) -> tuple[int, str] | None:
    """Return (order, name) when the row is a department heading alone, else None."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) != 1:
        return None
    match = HEADING_PATTERN.match(squeeze_name(filled[0]))
    if match is None or LABEL_PATTERN.search(match["rest"]) or re.search(r"\d+\.", match["rest"]):
        return None
    return cn_number(match["numeral"]), match["rest"]


def _split_heading_label(cell: str) -> tuple[tuple[int, str] | None, str]:
    """Split `十三、市人防办 64. 工程…` into the heading and the item label."""
    match = re.match(r"^([一二三四五六七八九十]+)、\s*(\S+?)\s+(\d+\.\s*.+)$", cell.strip())
    if match is None:
        return None, cell
    return (cn_number(match[1]), squeeze_name(match[2])), match[3]


def _is_header(cells: list[str]) -> bool:
    return any(squeeze_name(c) in HEADER_WORDS for c in cells)


# --------------------------------------------------------------------------- the parse


def read_source(path: Path | None = None) -> list[str]:
    """Return the source text as a list of lines (index 0 is line 1)."""
    path = path or default_source_path()
    try:
        return path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        raise TextError(f"找不到公报文本：{path}")


def _find_line(lines: list[str], text: str, start: int = 0) -> int:
    """Return the 1-based number of the first line at or after `start` whose text is `text`."""
    for index in range(start, len(lines)):
        if squeeze_name(lines[index]) == squeeze_name(text):
            return index + 1
    raise TextError(f"公报文本中找不到“{text}”。")


def parse_notice(lines: list[str], readings: CatalogueReadings) -> tuple[list[RuleDraft], int]:
    """Read the notice's rules (its sentences between the salutation and the signature)."""
    number_line = _find_line(lines, DOC_NUMBER)
    table_line = _find_line(lines, TABLE_TITLE, number_line)
    paragraphs: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for n in range(number_line + 1, table_line):
        text = lines[n - 1].strip()
        if not text:
            continue
        # A paragraph that does not end a sentence continues after a page break.
        pending = (n, text) if pending is None else (pending[0], pending[1] + text)
        if pending[1].endswith(("。", "：")):
            paragraphs.append(pending)
            pending = None
    rules: list[RuleDraft] = []
    stated = None
    for line, paragraph in paragraphs:
        for sentence in re.findall(r"[^。]+。", paragraph):
            topic = next(
                (t for start, t in readings.rule_topics if sentence.startswith(start)), None
            )
            if topic is None:
                continue
            rules.append(RuleDraft(topic=topic, text=sentence, line=line))
            if count := re.search(r"中介服务项目(\d+)项", sentence):
                stated = int(count[1])
    if [r.topic for r in rules] != [t for _, t in readings.rule_topics]:
        raise TextError("通知正文的要求与预期不符，请核对读法文件中的 rule_topics。")
    if stated is None:
        raise TextError("通知正文未写明保留的中介服务项目数。")
    return rules, stated


def table_rows(lines: list[str]) -> tuple[list[Row], dict[int, tuple[int, str]], dict[int, str]]:
    """Read the table: data rows, headings (by line), basis paragraphs printed after a page."""
    start = _find_line(lines, TABLE_TITLE)
    rows: list[Row] = []
    headings: dict[int, tuple[int, str]] = {}
    paragraphs: dict[int, str] = {}
    block = 0
    for n in range(start + 1, len(lines) + 1):
        raw = lines[n - 1]
        if not raw.strip():
            continue
        if "\t" not in raw:
            if raw.strip().startswith("《"):
                paragraphs[n] = clean_basis(raw)
                continue
            break  # the next document begins
        cells = raw.split("\t")
        if _is_header(cells):
            if squeeze_name(cells[0]).startswith("中介服务"):
                block += 1
            continue
        if (heading := _heading(cells)) is not None:
            headings[n] = heading
            continue
        heading, label = _split_heading_label(cells[0])
        if heading is not None:
            headings[n] = heading
            cells = [label, *cells[1:]]
        rows.append(read_row(n, block, cells))
    return rows, headings, paragraphs


def parse(lines: list[str], readings: CatalogueReadings | None = None) -> Catalogue:
    """Parse the notice and its catalogue into drafts ready for the fixtures."""
    readings = readings or catalogue_readings()
    rules, stated_count = parse_notice(lines, readings)
    rows, headings, paragraphs = table_rows(lines)
    for line in readings.missing_headings:
        headings[line] = readings.missing_headings[line][:2]

    departments: dict[int, DepartmentDraft] = {}
    for line in sorted(headings):
        order, name = headings[line]
        if order in departments:
            raise TextError(f"第{line}行部门序号“{order}”重复。")
        note = readings.missing_headings[line][2] if line in readings.missing_headings else ""
        departments[order] = DepartmentDraft(
            order=order,
            name=name,
            line=None if line in readings.missing_headings else line,
            note=note,
        )
    if sorted(departments) != list(range(1, len(departments) + 1)):
        raise TextError(f"部门序号不连续：{sorted(departments)}")

    _apply_row_readings(rows, readings)
    _fill_merged_cells(rows)
    for paragraph_line, row_line in readings.displaced_basis.items():
        if paragraph_line not in paragraphs:
            raise TextError(f"第{paragraph_line}行不是表格之后的设定依据段落。")
        row = next(r for r in rows if r.line == row_line)
        row.basis = "\n".join(p for p in (row.basis, paragraphs.pop(paragraph_line)) if p)
    if paragraphs:
        raise TextError(f"表格中有未归属的设定依据段落：第{sorted(paragraphs)}行。")

    services = _assemble_services(rows, headings, readings)
    matters = _collect_matters(rows, services, readings)
    _check_services(services, stated_count)
    return Catalogue(
        departments=[departments[k] for k in sorted(departments)],
        matters=matters,
        services=[services[k] for k in sorted(services)],
        rules=rules,
        stated_count=stated_count,
    )


def _apply_row_readings(rows: list[Row], readings: CatalogueReadings) -> None:
    """Apply the per-line readings: item, matter name, sub-items, fee and time sources."""
    by_line = {row.line: row for row in rows}
    missing = [line for line in [*readings.rows, *readings.sub_item_splits] if line not in by_line]
    if missing:
        raise TextError(f"读法所指的行不是表格数据行：{missing}")
    for line, (separator, _note) in readings.sub_item_splits.items():
        row = by_line[line]
        if len(row.sub_items) != 1 or separator not in row.sub_items[0]:
            raise TextError(f"第{line}行子项名称不含分隔符“{separator}”。")
        row.sub_items = [s.strip() for s in row.sub_items[0].split(separator) if s.strip()]
    for line, reading in readings.rows.items():
        row = by_line[line]
        if reading.matter is not None:
            row.matter = reading.matter
        if reading.sub_items is not None:
            row.sub_items = list(reading.sub_items)
        if reading.fee_from is not None:
            row.fee = by_line[reading.fee_from].fee
        if reading.time_from is not None:
            row.time = by_line[reading.time_from].time
    for row in rows:
        row.matter_read = row.matter in readings.matter_names
        row.fee_read = row.fee in readings.fees


COLUMN_NAMES = {"basis": "设定依据", "fee": "收费依据及标准", "time": "服务时限"}


def _fill_merged_cells(rows: list[Row]) -> None:
    """Give an empty basis/fee/time cell the text printed above it on the same page.

    A vertically merged cell keeps its text on one row only; a row that names a matter or
    a sub-item but leaves one of these cells blank shares the cell printed above it.
    Rows without a matter inherit the matter above them (the matter cell is merged too).
    """
    last: dict[str, tuple[int, str]] = {}
    last_matter: str = ""
    block = None
    for row in rows:
        if row.block != block:
            block, last, last_matter = row.block, {}, ""
        if row.is_empty:
            continue
        if not row.matter:
            if row.label_no is not None or not last_matter:
                raise TextError(f"第{row.line}行只有子项，没有可承接的事项名称。")
            row.matter = last_matter
        last_matter = row.matter
        for column in COLUMN_NAMES:
            value = getattr(row, column)
            if value:
                last[column] = (row.line, value)
            elif column in last:
                setattr(row, column, last[column][1])
                row.inherited[column] = last[column][0]


def _assemble_services(
    rows: list[Row], headings: dict[int, tuple[int, str]], readings: CatalogueReadings
) -> dict[int, ServiceDraft]:
    """Group rows into items, in print order, with notes for every reading applied."""
    services: dict[int, ServiceDraft] = {}
    heading_lines = sorted(headings)
    current: int | None = None
    for row in rows:
        department = headings[max(h for h in heading_lines if h <= row.line)][0]
        if row.label_no is not None:
            service = services.get(row.label_no)
            if service is None:
                service = ServiceDraft(no=row.label_no, name=row.label_name, department=department)
                services[row.label_no] = service
            elif _fold(service.name) != _fold(row.label_name):
                raise TextError(
                    f"第{row.line}行第{row.label_no}项名称“{row.label_name}”与前印“{service.name}”不同。"
                )
            service.label_lines.append(row.line)
            current = row.label_no
        reading = readings.rows.get(row.line, Reading())
        if reading.item is not None:
            current = reading.item
        if current is None:
            raise TextError(f"第{row.line}行之前没有项目序号。")
        owner = services.get(current)
        if owner is None:
            owner = _future_service(rows, current, headings)
            services[current] = owner
        owner.lines.append(row.line)
        if reading.note:
            owner.notes.append((row.line, reading.note))
        for other, note in reading.other_notes:
            services.setdefault(other, _future_service(rows, other, headings)).notes.append(
                (row.line, note)
            )
        _note_row(owner, row, readings)
        if row.is_empty:
            continue
        link = owner.link_for(_matter_name(row.matter, readings))
        link.lines.append(row.line)
        for sub in row.sub_items:
            if sub not in link.sub_items:
                link.sub_items.append(sub)
        if row.basis and row.basis not in link.bases:
            link.bases.append(row.basis)
        fee = readings.fees.get(row.fee, (row.fee, ""))[0]
        if fee and fee not in link.fees:
            link.fees.append(fee)
        _record_readings(link, row, fee, readings)
        if row.time and row.time not in link.times:
            link.times.append(row.time)
    for service in services.values():
        if service.no in readings.item_remarks:
            service.notes.append((service.label_lines[0], readings.item_remarks[service.no]))
        for paragraph_line, row_line in readings.displaced_basis.items():
            if row_line in service.lines:
                service.lines.append(paragraph_line)
                service.notes.append((row_line, readings.displaced_basis_note))
        _note_empty_rows(service, rows)
    return services


def _future_service(rows: list[Row], no: int, headings: dict[int, tuple[int, str]]) -> ServiceDraft:
    """Create an item whose label is printed further down (its rows start above its label)."""
    label_row = next((r for r in rows if r.label_no == no), None)
    if label_row is None:
        raise TextError(f"第{no}项没有印出序号和名称。")
    department = headings[max(h for h in headings if h <= label_row.line)][0]
    return ServiceDraft(no=no, name=label_row.label_name, department=department)


def _fold(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _matter_name(printed: str, readings: CatalogueReadings) -> str:
    return readings.matter_names.get(printed, (printed, ""))[0]


def first_sentence(note: str) -> str:
    """The first sentence of a note, as the one-sentence basis of a reading."""
    head, stop, _rest = note.partition("。")
    return head + stop


def _record_readings(link: LinkDraft, row: Row, fee: str, readings: CatalogueReadings) -> None:
    """Keep the printed matter name and fee basis beside the reading the link uses."""
    if row.printed_matter in readings.matter_names:
        link.add_reading(
            PrintedReading(
                "matter",
                row.printed_matter,
                link.matter,
                first_sentence(readings.matter_names[row.printed_matter][1]),
                row.line,
            )
        )
    if row.printed_fee and fee != row.printed_fee:
        if row.fee_read:
            basis = first_sentence(readings.fees[row.fee][1])
        elif fee == bracket_doc_numbers(row.printed_fee):
            basis = "文号的方括号按公报体例写作六角括号“〔〕”。"
        else:
            basis = f"同一栏重复印了“{fee}”，只取一次。"
        link.add_reading(PrintedReading("fee_basis", row.printed_fee, fee, basis, row.line))


def _note_row(service: ServiceDraft, row: Row, readings: CatalogueReadings) -> None:
    """Record on the item the readings the parser applied to this row."""
    if row.matter_read:
        service.notes.append((row.line, f"第{row.line}行" + readings.matter_names[row.matter][1]))
    if row.fee_read:
        service.notes.append((row.line, f"第{row.line}行" + readings.fees[row.fee][1]))
    if row.line in readings.sub_item_splits:
        service.notes.append((row.line, readings.sub_item_splits[row.line][1]))
    merged = [c for c in COLUMN_NAMES if c in row.inherited]
    if merged:
        sources = {row.inherited[c] for c in merged}
        source = "、".join(f"第{s}行" for s in sorted(sources))
        columns = "、".join(COLUMN_NAMES[c] for c in merged)
        service.notes.append(
            (row.line, f"第{row.line}行{columns}空白，按合并单元格取其上{source}所印内容。")
        )


def _note_empty_rows(service: ServiceDraft, rows: list[Row]) -> None:
    """Say which rows of the item print only a type (or fee/time) and no matter."""
    empty = [r.line for r in rows if r.line in service.lines and r.is_empty]
    if empty:
        service.notes.append(
            (
                empty[0],
                f"{lines_phrase(empty)}只印有事项类型等栏，事项名称和子项名称都空白，"
                "原文无从得知其事项，未转录为关联事项。",
            )
        )


def _collect_matters(
    rows: list[Row], services: dict[int, ServiceDraft], readings: CatalogueReadings
) -> list[MatterDraft]:
    """Build one record per matter, its type from every row that prints one."""
    matters: dict[str, MatterDraft] = {}
    for row in rows:
        if row.is_empty:
            continue
        name = _matter_name(row.matter, readings)
        matter = matters.setdefault(name, MatterDraft(name=name))
        if row.matter_type:
            if matter.matter_type and matter.matter_type != row.matter_type:
                raise TextError(
                    f"事项“{name}”的类型在第{matter.type_lines[0]}行为“{matter.matter_type}”，"
                    f"第{row.line}行为“{row.matter_type}”。"
                )
            matter.matter_type = row.matter_type
            matter.type_lines.append(row.line)
    for name, matter in matters.items():
        if matter.matter_type:
            continue
        if name not in readings.matter_types:
            raise TextError(f"事项“{name}”原文未印类型，也没有读法。")
        matter.matter_type, matter.note = readings.matter_types[name]
    # Rows without a type take their matter's: say where it was printed.
    for service in services.values():
        for link in service.links:
            matter = matters[link.matter]
            untyped = [r.line for r in rows if r.line in link.lines and not r.matter_type]
            if not untyped:
                continue
            if matter.note:
                service.notes.append((untyped[0], matter.note))
            else:
                elsewhere = [line for line in matter.type_lines if line not in link.lines]
                service.notes.append(
                    (
                        untyped[0],
                        f"{lines_phrase(untyped)}未印事项类型（所在页表格没有这一栏），"
                        f"取该事项在第{elsewhere[0]}行所印的“{matter.matter_type}”。",
                    )
                )
        for link in service.links:
            if not link.bases:
                service.notes.append(
                    (
                        link.lines[0],
                        f"{lines_phrase(link.lines)}（事项“{link.matter}”）所在页的表格没有设定依据一栏，"
                        "原文未印设定依据，此处空缺。",
                    )
                )
    return list(matters.values())


def _check_services(services: dict[int, ServiceDraft], stated_count: int) -> None:
    numbers = sorted(services)
    if numbers != list(range(1, stated_count + 1)):
        raise TextError(f"项目序号应为 1–{stated_count}，实为 {numbers}。")
    for service in services.values():
        if not service.links:
            raise TextError(f"第{service.no}项没有关联事项。")
        for link in service.links:
            if not link.fees or not link.times:
                raise TextError(f"第{service.no}项事项“{link.matter}”缺收费依据或服务时限。")


def parse_source(path: Path | None = None) -> Catalogue:
    """Read the gazette text and parse the catalogue."""
    return parse(read_source(path), catalogue_readings(path))


# --------------------------------------------------------------------------- fixtures


def fixture_objects(catalogue: Catalogue) -> dict[str, list[dict]]:
    """Lay the catalogue out as Django fixtures identified by natural keys (no ids), per file."""
    departments = [
        {
            "model": "intermediary.department",
            "fields": {
                "order": d.order,
                "name": d.name,
                "source_note": d.note,
                "readings": [r.as_data() for r in d.readings],
            },
        }
        for d in catalogue.departments
    ]
    matters = [
        {
            "model": "intermediary.servicematter",
            "fields": {
                "name": m.name,
                "matter_type": m.matter_type,
                "source_note": m.note,
                "readings": [r.as_data() for r in m.readings],
            },
        }
        for m in catalogue.matters
    ]
    services: list[dict] = []
    links: list[dict] = []
    for s in catalogue.services:
        services.append(
            {
                "model": "intermediary.intermediaryservice",
                "fields": {
                    "no": s.no,
                    "name": s.name,
                    "department": [s.department],
                    "abolished_on": None,
                    "abolished_by": "",
                    "source_lines": line_list([*s.lines, *s.label_lines]),
                    "source_note": s.source_note,
                },
            }
        )
        for position, link in enumerate(s.links, start=1):
            links.append(
                {
                    "model": "intermediary.servicelink",
                    "fields": {
                        "service": [s.no],
                        "matter": [link.matter],
                        "position": position,
                        "sub_items": "\n".join(link.sub_items),
                        "legal_basis": link.legal_basis,
                        "fee_basis": link.fee_basis,
                        "time_limit": link.time_limit,
                        "readings": [r.as_data() for r in link.readings],
                    },
                }
            )
    rules = [
        {
            "model": "intermediary.noticerule",
            "fields": {"position": index, "topic": r.topic, "text": r.text, "source_line": r.line},
        }
        for index, r in enumerate(catalogue.rules, start=1)
    ]
    notice = [
        {
            "model": "intermediary.catalogue",
            "fields": {
                "document": [DOC_NUMBER],
                "title": TABLE_TITLE,
                "repeals": REPEALED_DOC_NUMBER,
                "source_note": "",
            },
        }
    ]
    parts = (notice, departments, matters, services + links, rules)
    return dict(zip(FIXTURE_FILES, parts, strict=True))

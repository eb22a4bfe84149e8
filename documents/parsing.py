"""Turn the text of a printed issue into structured drafts for a clerk to review.

The text comes from print: paragraphs break at page ends, tables repeat their header
rows, Chinese words carry stray spaces, document numbers use 〔〕 or [].
`parse_issue(text)` returns plain dataclasses (no database); `documents.drafts`
turns them into fixture records. Every reading the parser had to choose is kept in
the drafts' `notes`, so the site can show it and a clerk can check it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from documents.rules import plan_period_end
from gazette_site.readings import Reading as PrintedReading
from gazette_text import (
    ARTICLE_RE,
    CHAPTER_RE,
    CJK,
    DATE_LINE_RE,
    ITEM_RE,
    SECTION_RE,
    SUBSECTION_RE,
    TERMINAL,
    DocNumber,
    clean_line,
    clean_source_lines,
    cn_numeral,
    find_doc_numbers,
    fold_width,
    join_paragraphs,
    parse_doc_number,
    read_date,
    read_validity,
)
from gazette_text.paragraphs import ARTICLE_HEADING_RE
from gazette_text.paragraphs import squeeze as squeeze_cjk_spaces

# Printed names that differ from the name the portal files an organisation under.
# Each entry is a reading: the print uses both forms for one body.
ORGANISATION_ALIASES = {
    "威海市人民政府": "市人民政府",
    "市政府": "市人民政府",
    "威海市人民政府办公室": "市人民政府办公室",
    "市政府办公室": "市人民政府办公室",
    "威海市发展和改革委员会": "市发展改革委",
    "威海市市场监督管理局": "市市场监管局",
    "威海市市场监管局": "市市场监管局",
    "威海市财政局": "市财政局",
    "威海市地方金融监督管理局": "市地方金融监管局",
    "中国人民银行威海市中心支行": "人民银行威海市中心支行",
    "中国银行保险监督管理委员会威海监管分局": "威海银保监分局",
    "威海市行政审批服务局": "市行政审批服务局",
    "卫生健康委": "市卫生健康委",
}

ORGANISATION_FULL_NAMES = {
    "市人民政府": "威海市人民政府",
    "市人民政府办公室": "威海市人民政府办公室",
    "市发展改革委": "威海市发展和改革委员会",
    "市市场监管局": "威海市市场监督管理局",
    "市财政局": "威海市财政局",
    "市地方金融监管局": "威海市地方金融监督管理局",
    "人民银行威海市中心支行": "中国人民银行威海市中心支行",
    "威海银保监分局": "中国银行保险监督管理委员会威海监管分局",
    "市行政审批服务局": "威海市行政审批服务局",
}


def canonical_organisation(name: str) -> str:
    """Return the name an organisation is filed under."""
    name = re.sub(r"\s+", "", name)
    return ORGANISATION_ALIASES.get(name, name)


# --------------------------------------------------------------------------- drafts


@dataclass
class TocEntry:
    section: str
    title: str
    doc_number: str
    page: int


@dataclass
class ProvisionDraft:
    kind: str
    label: str
    anchor: str
    heading: str
    text: str
    parent_anchor: str | None
    heading_end: str = ""  # the punctuation printed after the heading: 。 or ：, none when alone


@dataclass
class AttachmentDraft:
    label: str
    anchor: str
    title: str
    blocks: list[dict]
    notes: list[str] = field(default_factory=list)
    rows: int = 0  # table rows printed, header and rows continued over a page break not counted


@dataclass
class Reading:
    """A decision the parser was not sure of: the source line, what it saw, what it chose."""

    line: int | None
    seen: str
    chosen: str


@dataclass
class RelationDraft:
    kind: str
    target_number: str
    cited_title: str
    provision_anchor: str


@dataclass
class ResponsibilityDraft:
    provision_anchor: str | None
    printed_name: str
    organisation: str
    is_lead: bool
    duty: str


@dataclass
class AppointmentDraft:
    action: str
    person: str
    position_title: str
    term_note: str
    note: str


@dataclass
class DocumentDraft:
    doc_number: str
    number: DocNumber | None  # None for a decree (国务院令第706号) or a text printed without one
    title: str
    section: str
    page: int
    kind: str
    issuers: list[str]
    signed_date: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    registration_no: str
    addressees: str
    preamble: str
    body: str
    provisions: list[ProvisionDraft]
    attachments: list[AttachmentDraft]
    relations: list[RelationDraft]
    responsibilities: list[ResponsibilityDraft]
    appointments: list[AppointmentDraft]
    notes: list[str]
    readings: list[Reading] = field(default_factory=list)
    first_line: int | None = None  # 1-based line of the source where the document starts
    adopted_date: dt.date | None = None  # …通过 in a local regulation's header
    approved_date: dt.date | None = None  # …批准
    published_date: dt.date | None = None  # …公布
    carried_titles: list[str] = field(default_factory=list)  # measures a notice prints
    attachment_list: str = ""  # 附件：1. … 2. … as printed after the text
    printed_readings: list[PrintedReading] = field(default_factory=list)  # printed beside read


@dataclass
class IssueDraft:
    year: int
    number: int
    cumulative_number: int
    sponsor: str
    sections: list[str]
    toc: list[TocEntry]
    documents: list[DocumentDraft]
    notes: list[str]
    readings: list[Reading] = field(default_factory=list)


# --------------------------------------------------------------------------- text helpers


# --------------------------------------------------------------------------- issue level


TOC_ENTRY_END = re.compile(
    r"^(?P<title>.*?)\s*(?:[(（](?P<num>[^()（）]*号)[)）])?\s*[(（](?P<page>\d+)[)）]$"
)


def parse_masthead(lines: list[str]) -> tuple[int, int, int, str]:
    """Read year, number, cumulative number and sponsor from the masthead."""
    year = number = cumulative = 0
    sponsor = ""
    for line in lines[:20]:
        m = re.search(r"(\d{4})年第(\d+)期[(（]总第(\d+)期[)）]", line)
        if m:
            year, number, cumulative = int(m[1]), int(m[2]), int(m[3])
        m = re.match(r"主管主办[:：](.+)", line)
        if m:
            sponsor = m[1].strip()
    return year, number, cumulative, sponsor


def parse_toc(lines: list[str]) -> tuple[list[str], list[TocEntry], int]:
    """Read the table of contents; return sections, entries and the index where it ends."""
    start = next(i for i, ln in enumerate(lines) if re.sub(r"\s", "", ln) == "目录")
    sections: list[str] = []
    entries: list[TocEntry] = []
    pending: list[str] = []
    i = start + 1
    entries_end = i
    while i < len(lines):
        line = clean_line(lines[i])
        i += 1
        if not line:
            continue
        if entries and _is_doc_number_line(line):
            # A document number standing alone is the first document's: the body has begun.
            return sections, entries, entries_end
        m = re.fullmatch(r"【(.+)】", line)
        if m:
            sections.append(m[1])
            pending = []
            continue
        m = TOC_ENTRY_END.match(line)
        if m and sections:
            title = squeeze_cjk_spaces("".join(pending) + m["title"])
            number = parse_doc_number(m["num"]) if m["num"] else None
            entries.append(
                TocEntry(
                    section=sections[-1],
                    title=title,
                    doc_number=number.canonical if number else "",
                    page=int(m["page"]),
                )
            )
            pending = []
            entries_end = i
            if sections[-1] == "人事任免":
                break
            continue
        pending.append(line)
    return sections, entries, i


# --------------------------------------------------------------------------- splitting


def _is_doc_number_line(line: str) -> DocNumber | None:
    return parse_doc_number(clean_line(line))


def split_documents(
    lines: list[str], toc: list[TocEntry], body_start: int
) -> list[tuple[int, int]]:
    """Find each TOC entry's line span in the body, in printed order."""
    anchors: list[int] = []
    cursor = body_start
    for entry in toc:
        found = None
        for i in range(cursor, len(lines)):
            if entry.doc_number:
                parsed = _is_doc_number_line(lines[i])
                if parsed and parsed.canonical == entry.doc_number:
                    found = i
                    break
            elif squeeze_cjk_spaces(clean_line(lines[i])) == entry.title:
                found = i
                break
        if found is None:
            raise ValueError(f"目录中的《{entry.title}》在正文中找不到。")
        anchors.append(found)
        cursor = found + 1
    # A document starts at its heading, which stands just above its number.
    starts = []
    for k, idx in enumerate(anchors):
        floor = anchors[k - 1] + 1 if k else body_start
        starts.append(_heading_start(lines, idx, floor, has_number_line=bool(toc[k].doc_number)))
    spans = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        spans.append((start, end))
    return spans


ISSUER_PREFIXES = ("威海市", "中国人民银行", "中国银行保险", "关于", "**")


def _heading_start(lines: list[str], number_idx: int, floor: int, *, has_number_line: bool) -> int:
    """Walk up from a document number over the heading lines (issuers, 关于…)."""
    if not has_number_line:
        return number_idx
    i = number_idx
    while i - 1 >= floor:
        prev = clean_line(lines[i - 1])
        if not prev:
            i -= 1
            continue
        if "\t" in lines[i - 1] or prev.startswith(("附", "注", "WHCR")):
            break
        if prev.startswith(ISSUER_PREFIXES) or (
            not prev.endswith(tuple(TERMINAL)) and i - 1 > floor and _heading_like(prev)
        ):
            i -= 1
            continue
        break
    while i < number_idx and not clean_line(lines[i]):
        i += 1
    return i


def _heading_like(line: str) -> bool:
    return len(line) <= 40 and not DATE_LINE_RE.match(line) and not line.startswith("WHCR")


# --------------------------------------------------------------------------- paragraphs

# --------------------------------------------------------------------------- provisions


@dataclass
class _Frame:
    kind: str
    anchor: str


def parse_provisions(paragraphs: list[str]) -> tuple[list[ProvisionDraft], list[str]]:
    """Build chapters, articles and numbered sections from paragraphs."""
    provisions: list[ProvisionDraft] = []
    notes: list[str] = []
    stack: list[_Frame] = []
    current: ProvisionDraft | None = None
    has_articles = any(ARTICLE_RE.match(p) for p in paragraphs)
    anchors: set[str] = set()

    def parent_for(kind: str) -> str | None:
        order = ["chapter", "article", "section", "subsection", "item", "paragraph"]
        rank = order.index(kind)
        while stack and order.index(stack[-1].kind) >= rank:
            stack.pop()
        return stack[-1].anchor if stack else None

    def add(kind: str, label: str, own: str, rest: str) -> ProvisionDraft:
        parent = parent_for(kind)
        if kind in ("chapter", "article"):
            anchor = own
        else:
            parent_anchor = parent or ""
            anchor = f"{parent_anchor}-{own}" if parent_anchor else own
        if anchor in anchors:
            base, n = anchor, 2
            while f"{base}-{n}" in anchors:
                n += 1
            anchor = f"{base}-{n}"
            notes.append(f"序号“{label}”在同一层级重复出现，第二处的锚点记为 {anchor}。")
        anchors.add(anchor)
        heading, heading_end, text = _split_heading(kind, rest)
        draft = ProvisionDraft(kind, label, anchor, heading, text, parent, heading_end)
        provisions.append(draft)
        stack.append(_Frame(kind, anchor))
        return draft

    for para in paragraphs:
        if m := CHAPTER_RE.match(para):
            stack.clear()
            current = add("chapter", f"第{m[1]}章", f"第{m[1]}章", squeeze_cjk_spaces(m[2]))
            continue
        if m := ARTICLE_RE.match(para):
            current = add("article", f"第{m[1]}条", f"第{m[1]}条", m[2])
            continue
        if (m := SECTION_RE.match(para)) and not has_articles:
            stack.clear()
            current = add("section", f"{m[1]}、", m[1], m[2])
            continue
        if (m := SUBSECTION_RE.match(para)) and (stack or not has_articles):
            current = add("subsection", f"（{m[1]}）", f"（{m[1]}）", m[2])
            continue
        if (m := ITEM_RE.match(para)) and (stack or not has_articles):
            current = add("item", f"{m[1]}.", m[1], m[2])
            continue
        if current is None:
            continue
        article = _enclosing_article(current, provisions)
        if article is not None and current is not article and current.text.endswith("。"):
            # After a closed list of items, a plain paragraph is the article's next 款.
            clause = 1 + article.text.count("\n") + 1 if article.text else 1
            clause += sum(
                1 for p in provisions if p.kind == "paragraph" and p.parent_anchor == article.anchor
            )
            stack[:] = [f for f in stack if f.kind in ("chapter", "article")]
            label = f"第{cn_numeral(clause)}款"
            current = add("paragraph", label, label, para)
            current.heading, current.heading_end, current.text = "", "", para
            continue
        current.text = f"{current.text}\n{para}" if current.text else para
    return provisions, notes


def _enclosing_article(
    current: ProvisionDraft, provisions: list[ProvisionDraft]
) -> ProvisionDraft | None:
    by_anchor = {p.anchor: p for p in provisions}
    node: ProvisionDraft | None = current
    while node is not None and node.kind != "article":
        node = by_anchor.get(node.parent_anchor) if node.parent_anchor else None
    return node


def _split_heading(kind: str, rest: str) -> tuple[str, str, str]:
    """Split a short printed heading (总体要求 / 加强组织领导。/ 营业收入：) from its text.

    Returns the heading, the punctuation printed after it (kept as printed) and the text.
    """
    rest = rest.strip()
    if kind == "chapter":
        return rest, "", ""
    if kind in ("section",) and len(rest) <= 30 and not rest.endswith("。"):
        return rest, "", ""
    if kind == "article" and ARTICLE_HEADING_RE.match(f"第一条 {rest}"):
        return rest, "", ""
    if kind in ("subsection", "item"):
        m = re.match(r"^([^。；：:]{2,30}?)([。：:])(.*)$", rest)
        if m and m[3].strip():
            return m[1], m[2], m[3].strip()
        if len(rest) <= 30 and not rest.endswith(("。", "；")):
            return rest, "", ""
    return "", "", rest


# --------------------------------------------------------------------------- relations


REF_RE = re.compile(r"《([^《》]+(?:《[^《》]*》[^《》]*)?)》\s*[（(]([^（）()]*?号)[）)]")


def find_relations(paragraphs: list[str], provisions: list[ProvisionDraft]) -> list[RelationDraft]:
    """Find repeals, based-on and cites from 《title》(doc number) references."""
    relations: list[RelationDraft] = []
    seen: set[str] = set()
    anchor_of = _anchor_finder(provisions)
    for index, para in enumerate(paragraphs):
        folded = fold_width(para)
        for m in REF_RE.finditer(folded):
            number = parse_doc_number(m[2].strip())
            if number is None:
                hits = find_doc_numbers(m[2])
                if not hits:
                    continue
                number = hits[0][0]
            after = folded[m.end() : m.end() + 40]
            sentence_start = max(folded.rfind("。", 0, m.start()), folded.rfind("；", 0, m.start()))
            before = folded[sentence_start + 1 : m.start()]
            opening = index < 3 or para.startswith("第一条")
            if "废止" in after.split("。")[0]:
                kind = "repeals"
            elif opening and re.search(r"(根据|依据|按照|贯彻|落实)", before):
                kind = "based_on"
            else:
                kind = "cites"
            # One relation per target: repeals over based-on over cites.
            if number.canonical in seen:
                continue
            seen.add(number.canonical)
            relations.append(
                RelationDraft(kind, number.canonical, squeeze_cjk_spaces(m[1]), anchor_of(para))
            )
    return relations


def _anchor_finder(provisions: list[ProvisionDraft]):
    def find(paragraph: str) -> str:
        probe = paragraph[:30]
        for p in provisions:
            if probe and (
                probe in p.text or probe in p.heading or probe in f"{p.label}{p.heading}"
            ):
                return p.anchor
        for p in provisions:
            if paragraph.startswith(p.label):
                return p.anchor
        return ""

    return find


# --------------------------------------------------------------------------- duties


DUTY_RE = re.compile(r"[（(]责任单位[:：]\s*([^）)]*)[）)]?")


def find_task_responsibilities(
    provisions: list[ProvisionDraft],
) -> tuple[list[ResponsibilityDraft], list[str]]:
    """Read （责任单位：…） after each task.

    The first unit listed leads only where the document itself prints that rule
    (列第一位者为牵头单位); another document printing it does not make it hold here.
    """
    drafts: list[ResponsibilityDraft] = []
    notes: list[str] = []
    first_leads = any(FIRST_LEADS in p.text for p in provisions)
    for p in provisions:
        for m in DUTY_RE.finditer(p.text):
            listed = m[1].split("。")[0]
            names = [n.strip() for n in re.split(r"[、，,]", listed) if n.strip()]
            seen: set[str] = set()
            for position, printed in enumerate(names):
                name = printed
                if name.endswith("按职责分工分别负责"):
                    name = name.removesuffix("按职责分工分别负责")
                    notes.append(
                        f"{p.anchor}：“{printed}”读作单位“{name}”（“按职责分工分别负责”是对所列单位的说明）。"
                    )
                organisation = canonical_organisation(name)
                if organisation in seen:
                    continue
                seen.add(organisation)
                drafts.append(
                    ResponsibilityDraft(
                        p.anchor, printed, organisation, first_leads and position == 0, ""
                    )
                )
    return drafts, notes


FIRST_LEADS = "列第一位者为牵头单位"
DIVISION_RE = re.compile(rf"^([{CJK}、]{{2,20}})[：:](.+)$")


def find_division_of_duties(blocks: list[dict]) -> list[ResponsibilityDraft]:
    """Read an attachment listing 单位：职责 lines (有关部门、单位责任分工)."""
    drafts: list[ResponsibilityDraft] = []
    for block in blocks:
        if block["type"] != "text":
            continue
        m = DIVISION_RE.match(block["text"])
        if not m:
            continue
        duty = m[2].strip()
        for printed in m[1].split("、"):
            drafts.append(
                ResponsibilityDraft(
                    None, printed, canonical_organisation(printed), duty.startswith("牵头"), duty
                )
            )
    return drafts


# --------------------------------------------------------------------------- tables


def table_block(rows: list[list[str]], caption: str = "") -> dict:
    """Make a table block: every printed row kept, the header repeated after page breaks dropped.

    The header is the first row, and the row under it when the same pair repeats after a
    page break (关联的政务服务事项 over 事项名称 / 子项名称). Data rows that happen to print
    alike (two items with the same sub-matter) are rows of the table and stay.
    """
    cleaned = [[c.strip() for c in row] for row in rows]
    cleaned = [_trim_trailing(row) for row in cleaned if any(c for c in row)]
    if not cleaned:
        return {
            "type": "table",
            "caption": caption,
            "header": [],
            "rows": [],
            "repeated_header_rows_dropped": 0,
        }
    top = _header_key(cleaned[0])
    repeats = [i for i, row in enumerate(cleaned) if _header_key(row) == top]
    vocabulary = _header_words(cleaned[1]) if len(cleaned) > 1 else set()

    def is_sub_header(index: int) -> bool:
        words = _header_words(cleaned[index]) if index < len(cleaned) else set()
        return bool(words) and words <= vocabulary

    two_rows = len(repeats) > 1 and any(is_sub_header(i + 1) for i in repeats[1:])
    header_rows: set[int] = set(repeats)
    if two_rows:
        header_rows |= {i + 1 for i in repeats if is_sub_header(i + 1)}
    header = [cleaned[0], *([cleaned[1]] if two_rows else [])]
    body = [row for i, row in enumerate(cleaned) if i not in header_rows]
    return {
        "type": "table",
        "caption": caption,
        "header": header,
        "rows": body,
        "repeated_header_rows_dropped": len(header_rows) - len(header),
    }


def _header_key(row: list[str]) -> tuple[str, ...]:
    """A header row's cells without the spaces and empty cells that vary from page to page."""
    return tuple(re.sub(r"\s+", "", c) for c in row if c.strip())


def _header_words(row: list[str]) -> set[str]:
    return {word for cell in row for word in cell.split()}


def _trim_trailing(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row = row[:-1]
    return row


def to_blocks(lines: list[str]) -> list[dict]:
    """Group lines into text paragraphs and tables (tab-separated lines)."""
    blocks: list[dict] = []
    table: list[list[str]] = []
    caption = ""
    paragraphs_in: list[str] = []

    def flush_text():
        nonlocal paragraphs_in
        if paragraphs_in:
            paragraphs, _ = join_paragraphs(paragraphs_in)
            blocks.extend({"type": "text", "text": squeeze_cjk_spaces(p)} for p in paragraphs)
            paragraphs_in = []

    def flush_table():
        nonlocal table, caption
        if table:
            blocks.append(table_block(table, caption))
            table, caption = [], ""

    for raw in lines:
        if "\t" in raw:
            flush_text()
            table.append(raw.rstrip("\n").split("\t"))
            continue
        line = clean_line(raw)
        if not line:
            continue
        if table and re.match(r"^表[一二三四五六七八九十]", line):
            flush_table()
        flush_text() if table else None
        flush_table()
        if re.match(r"^表[一二三四五六七八九十]\s", line):
            caption = line
            continue
        paragraphs_in.append(line)
    flush_text()
    flush_table()
    return blocks


# --------------------------------------------------------------------------- documents


ISSUER_BASIS = "署名机关按本站机构名录的简称记录，用于链接机构页面。"
SUBSTANTIVE_KINDS = ("办法", "方案", "规程", "计划", "意见", "名单", "通知")


def document_kind(title: str) -> str:
    """Name the kind by the substance: 关于印发…办法的通知 is a 办法."""
    m = re.search(r"关于印发(.+)的通知", title)
    inner = m[1] if m else title
    inner = re.sub(r"[（(][^（）()]*[)）]$", "", inner.replace("》", "").replace("《", ""))
    for kind in SUBSTANTIVE_KINDS:
        if inner.endswith(kind):
            return kind
    if "计划" in inner:
        return "计划"
    return "其他"


def parse_document(
    lines: list[str], entry: TocEntry, registration_no: str, registration_note: str, locate=None
) -> DocumentDraft:
    """Parse one document's lines into a draft."""
    notes: list[str] = []
    if registration_note:
        notes.append(registration_note)
    stripped = [clean_line(ln) for ln in lines]
    number_idx = next(
        (i for i, ln in enumerate(stripped) if parse_doc_number(ln)),
        None,
    )
    if entry.doc_number and number_idx is not None:
        heading_lines = [ln for ln in stripped[:number_idx] if ln]
        rest = lines[number_idx + 1 :]
        number = parse_doc_number(stripped[number_idx])
        printed_number = stripped[number_idx]
    else:
        heading_lines = [stripped[0]]
        rest = lines[1:]
        hits = find_doc_numbers("".join(stripped))
        number = hits[0][0] if hits else None
        printed_number = number.canonical if number else ""
    if number is None:
        raise ValueError(f"《{entry.title}》没有可识别的文号。")
    if printed_number != number.canonical:
        notes.append(f"文号印作“{printed_number}”，统一写作“{number.canonical}”。")

    title = _title_from_heading(heading_lines) or entry.title
    if title.replace(" ", "") != entry.title.replace(" ", ""):
        notes.append(f"目录中标题作“{entry.title}”，正文标题作“{title}”，采用正文标题。")

    # Addressees: the first line that ends with a colon and names recipients.
    rest_clean = [clean_line(ln) for ln in rest]
    addressees = ""
    for i, ln in enumerate(rest_clean[:6]):
        if ln.endswith(("：", ":")) and ("各" in ln or "区市" in ln or "：" in ln):
            addressees = ln.rstrip("：:")
            rest = rest[i + 1 :]
            rest_clean = rest_clean[i + 1 :]
            break

    issuers, signed_date, signature_span = _signature(rest_clean)
    locate = locate or (lambda text, last=False: None)
    printed_readings = [
        PrintedReading(
            "issuers", name, canonical_organisation(name), ISSUER_BASIS, locate(name, last=True)
        )
        for name in issuers
        if canonical_organisation(name) != name
    ]
    if not issuers:
        issuers = [_issuer_from_title(title)]
        printed_readings.append(
            PrintedReading(
                "issuers",
                None,
                canonical_organisation(issuers[0]),
                "原文未印署名，发文机关取自标题。",
            )
        )
    kind = document_kind(title)
    if title.endswith("的通知") and kind not in ("通知", "其他"):
        printed_readings.append(
            PrintedReading(
                "kind",
                "通知",
                kind,
                f"标题所印文种为“通知”，本站按其印发的文件归为“{kind}”，便于按文种查找。",
                locate(heading_lines[0]) if heading_lines else None,
            )
        )
    if signature_span:
        a, b = signature_span
        body_lines = rest[:a] + rest[b:]
    else:
        body_lines = rest

    body_text_lines, attachment_groups = split_attachments(body_lines, title)
    attachment_list = attachment_list_text(body_lines)
    paragraphs, joins = join_paragraphs(body_text_lines)
    if joins:
        notes.append(f"印刷分页或换行断开的段落已拼接 {joins} 处。")
    provisions, provision_notes = parse_provisions(paragraphs)
    notes.extend(provision_notes)

    attachments: list[AttachmentDraft] = []
    for index, (label_title, group_lines) in enumerate(attachment_groups, start=1):
        label = f"附件{index}" if len(attachment_groups) > 1 else "附件"
        anchor = f"附件{index}"
        blocks = to_blocks(group_lines)
        att = AttachmentDraft(
            label, anchor, label_title, blocks, rows=count_table_rows(group_lines)
        )
        attachments.append(att)

    full_text = "\n".join(paragraphs)
    validity = read_validity(full_text, published=signed_date)
    effective_from, effective_to = validity.effective_from, validity.effective_to
    period_end = plan_period_end(title)
    if effective_to is None and period_end is not None:
        effective_to = period_end
        notes.append(
            f"正文未载明有效期；标题载明实施期限，有效期至按期限末日 {period_end.year}年12月31日计。"
        )
    if signed_date is None and entry.section == "人事任免":
        signed_date = read_date("".join(stripped))

    relations = find_relations(paragraphs, provisions)
    responsibilities, duty_notes = find_task_responsibilities(provisions)
    notes.extend(duty_notes)
    for att in attachments:
        if "责任分工" in att.title:
            division = find_division_of_duties(att.blocks)
            responsibilities.extend(division)
    appointments: list[AppointmentDraft] = []
    if entry.section == "人事任免":
        appointments, appointment_notes = _appointments(stripped, locate)
        notes.extend(appointment_notes)

    return DocumentDraft(
        doc_number=number.canonical,
        number=number,
        title=title,
        section=entry.section,
        page=entry.page,
        kind=kind,
        issuers=[canonical_organisation(i) for i in issuers],
        signed_date=signed_date,
        effective_from=effective_from,
        effective_to=effective_to,
        registration_no=registration_no,
        addressees=addressees,
        preamble="\n".join(paragraphs[: _first_provision_index(paragraphs)]),
        body=full_text,
        provisions=provisions,
        attachments=attachments,
        relations=relations,
        responsibilities=responsibilities,
        appointments=appointments,
        notes=notes,
        attachment_list=attachment_list,
        printed_readings=printed_readings,
    )


def _first_provision_index(paragraphs: list[str]) -> int:
    has_articles = any(ARTICLE_RE.match(p) for p in paragraphs)
    for i, para in enumerate(paragraphs):
        if CHAPTER_RE.match(para) or ARTICLE_RE.match(para):
            return i
        if not has_articles and (
            SECTION_RE.match(para) or SUBSECTION_RE.match(para) or ITEM_RE.match(para)
        ):
            return i
    return len(paragraphs)


def _title_from_heading(heading_lines: list[str]) -> str:
    """Join heading lines: joint issuers keep a space between them, the rest runs on."""
    issuers = [ln for ln in heading_lines if ORG_LINE_RE.match(ln) and "关于" not in ln]
    rest = [ln for ln in heading_lines if ln not in issuers]
    if len(issuers) > 1:
        return " ".join(squeeze_cjk_spaces(i) for i in issuers) + squeeze_cjk_spaces("".join(rest))
    return squeeze_cjk_spaces("".join(heading_lines))


def _issuer_from_title(title: str) -> str:
    m = re.match(r"^(威海市人民政府办公室|威海市人民政府|威海市[^关]+?(?:局|委员会))", title)
    if m is None:
        m = re.match(
            rf"^([{CJK}]{{2,20}}?(?:人民政府办公室|人民政府办公厅|人民政府|国务院办公厅|国务院|局|委员会))(?:关于|任免)",
            title,
        )
    return m[1] if m else ""


ORG_LINE_RE = re.compile(r"^(威海市|中国人民银行|中国银行保险)[^，。：；]{0,30}$")

ORG_SUFFIXES = (
    "政府",
    "国务院",
    "办公厅",
    "办公室",
    "委员会",
    "委",
    "局",
    "厅",
    "部",
    "院",
    "署",
    "行",
    "中心",
)


def is_organisation_line(line: str) -> bool:
    """A line that is only an organisation's name (a signature or a joint issuer)."""
    compacted = line.replace(" ", "")
    return (
        2 <= len(compacted) <= 30
        and compacted.endswith(ORG_SUFFIXES)
        and not compacted.endswith(tuple(TERMINAL))
        and "关于" not in compacted
        and not re.search(r"[，。：；、]", compacted)
        and not any(
            r.match(compacted) for r in (CHAPTER_RE, ARTICLE_RE, SECTION_RE, SUBSECTION_RE, ITEM_RE)
        )
    )


def _signature(lines: list[str]) -> tuple[list[str], dt.date | None, tuple[int, int] | None]:
    """Find the first signature block: issuer lines followed by a date line."""
    for i, ln in enumerate(lines):
        if not DATE_LINE_RE.match(ln.replace(" ", "")) and not DATE_LINE_RE.match(ln):
            continue
        j = i - 1
        names: list[str] = []
        while j >= 0:
            candidate = lines[j]
            if not candidate:
                j -= 1
                continue
            if (
                ORG_LINE_RE.match(candidate) or is_organisation_line(candidate)
            ) and "关于" not in candidate:
                names.insert(0, candidate)
                j -= 1
                continue
            break
        if names:
            return names, read_date(ln), (j + 1, i + 1)
    return [], None, None


ATTACHMENT_LIST_RE = re.compile(r"^附件?[：:]\s*(?:1[.．]\s*)?(.*)$")


def _attachment_list(cleaned: list[str]) -> tuple[int, int, list[str]] | None:
    """Find the 附件：1. … 2. … list: its first line, the line after it and the titles."""
    list_idx = next((i for i, ln in enumerate(cleaned) if ATTACHMENT_LIST_RE.match(ln)), None)
    if list_idx is None:
        return None
    titles = [ATTACHMENT_LIST_RE.match(cleaned[list_idx])[1]]
    k = list_idx + 1
    # The list goes on with 2. … lines, or with a title broken over two lines.
    while k < len(cleaned):
        ln = cleaned[k]
        if not ln:
            k += 1
            continue
        m = re.match(r"^(\d+)[.．]\s*(.+)$", ln)
        if m:
            titles.append(m[2])
            k += 1
            continue
        if (
            len(titles) == 1
            and not titles[0].endswith("名单")
            and len(ln) <= 20
            and "\t" not in ln
            and not ln.startswith("注")
            and not re.fullmatch(r"附件\s*\d*", ln)
        ):
            titles[0] += ln
            k += 1
            continue
        break
    return list_idx, k, titles


def attachment_list_text(lines: list[str]) -> str:
    """The 附件：… reference lines as printed after the text, one printed line per line."""
    cleaned = [clean_line(ln) for ln in lines]
    found = _attachment_list(cleaned)
    if found is None:
        return ""
    start, stop, _titles = found
    return "\n".join(squeeze_cjk_spaces(ln) for ln in cleaned[start:stop] if ln)


def split_attachments(
    lines: list[str], title: str
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Separate the main text from attachments announced by 附件：/附： lines."""
    cleaned = [clean_line(ln) for ln in lines]
    found = _attachment_list(cleaned)
    if found is None:
        return _split_unannounced_table(lines, title)
    list_idx, k, titles = found
    titles = [squeeze_cjk_spaces(t) for t in titles]
    main = lines[:list_idx]
    remainder = lines[k:]
    groups: list[tuple[str, list[str]]] = []
    starts: list[int] = []
    clean_rest = [squeeze_cjk_spaces(clean_line(ln)) for ln in remainder]
    cursor = 0
    for t in titles:
        key = re.sub(r"^威海市", "", t)
        found = next(
            (
                i
                for i in range(cursor, len(clean_rest))
                if clean_rest[i]
                and (key in clean_rest[i] or clean_rest[i] in t)
                and len(clean_rest[i]) >= 4
            ),
            None,
        )
        starts.append(found if found is not None else len(clean_rest))
        if found is not None:
            cursor = found + 1
    for n, t in enumerate(titles):
        a = starts[n]
        b = starts[n + 1] if n + 1 < len(starts) else len(remainder)
        body = remainder[a + 1 : b] if a < len(remainder) else []
        # Bare 附件 / 附件1 labels printed above a title are not content.
        body = [ln for ln in body if not re.fullmatch(r"附件\s*\d*", clean_line(ln))]
        groups.append((t, body))
    # Text that follows the list without a title of its own (注：本文附件详见…).
    if starts and starts[0] > 0:
        lead = [
            ln
            for ln in remainder[: starts[0]]
            if clean_line(ln) and not re.fullmatch(r"附件\s*\d*", clean_line(ln))
        ]
        if lead and groups:
            groups[0] = (groups[0][0], lead + groups[0][1])
    return main, groups


def _split_unannounced_table(
    lines: list[str], title: str
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Treat a long table printed after the text (a 清单) as the document's attachment."""
    for i, ln in enumerate(lines):
        if "\t" in ln:
            j = i - 1
            while j >= 0 and not clean_line(lines[j]):
                j -= 1
            caption = squeeze_cjk_spaces(clean_line(lines[j])) if j >= 0 else ""
            if caption.endswith(("清单", "标准", "名单")):
                return lines[:j], [(caption, lines[j + 1 :])]
            return lines[:i], [(title, lines[i:])]
    return lines, []


ACTION_RE = re.compile(r"(任命|免去)[:：]?")
ENTRY_RE = re.compile(
    r"([\u4e00-\u9fff]{2,4}?)(挂职为|为|的)(.+?)(?:[(（]([^()（）]*)[)）])?(?:[。;；]|$)"
)
# Extraction can move the end of an entry away from it: a few characters closing a
# parenthesis, stranded right after the document number of the dateline.
STRANDED_RE = re.compile(r"(号[)）])\s*([^\s:：()（）]{1,8}[)）][;；。]?)")
OPEN_TAIL_RE = re.compile(r"[(（]([^()（）]*)$")


def _appointments(lines: list[str], locate=None) -> tuple[list[AppointmentDraft], list[str]]:
    """Read the appointments of a 任免 list, rejoining an entry whose end extraction stranded.

    `locate(text)` gives the source line a piece of text is printed on, for the notes.
    """
    locate = locate or (lambda text: None)
    text = "".join(ln for ln in lines[1:] if ln)
    notes: list[str] = []
    restored = ""
    stranded = STRANDED_RE.search(text)
    tail = OPEN_TAIL_RE.search(text)
    if stranded and tail:
        restored = stranded[2]
        text = text[: stranded.start(2)] + text[stranded.end(2) :] + restored
    drafts: list[AppointmentDraft] = []
    actions = list(ACTION_RE.finditer(text))
    for index, action_match in enumerate(actions):
        action = "appoint" if action_match[1] == "任命" else "dismiss"
        stop = actions[index + 1].start() if index + 1 < len(actions) else len(text)
        for m in ENTRY_RE.finditer(text, action_match.end(), stop):
            term = m[4] or ""
            if m[2] == "挂职为":
                term = "挂职" + (f"，{term}" if term else "")
            note = ""
            if restored and m.end() == len(text):
                opened = tail[0]
                fragment_line, tail_line = locate(restored), locate(m[0][:6])
                note = (
                    f"本条在印刷文本中止于“{opened}”（{_line_phrase(tail_line)}），"
                    f"其余“{restored}”印在文号之后（{_line_phrase(fragment_line)}），"
                    f"两处拼合为“{opened}{restored}”；括注系据该片段补全。"
                    "片段以分号结尾，本条在原件中或在前一条之前；两条的先后次序无法确定，"
                    "此处按抽取文本的次序排列。"
                )
            drafts.append(AppointmentDraft(action, m[1], m[3].strip(), term, note))
    if restored and len(drafts) > 1:
        notes.append(
            f"任免名单印刷文本错位：文号之后的片段“{restored}”是最后一条“{tail[0]}”的后半，"
            f"拼合后共读出 {len(drafts)} 条任免；各条先后次序无法确定。"
        )
    elif STRANDED_RE.search(text):
        notes.append("任免名单印刷文本残缺：文号之后有孤立片段，无法确定所属，未作补写。")
    return drafts, notes


def _line_phrase(line: int | None) -> str:
    return f"第{line}行" if line else "原文"


# --------------------------------------------------------------------------- entry point


# 统一登记号 of a normative document: WHCR-2020-0010001 in 威海, other cities' own letters.
REGISTRATION_RE = re.compile(
    r"^(?:统一登记号[:：]?\s*)?[A-Z]{2,6}CR\s*[—－-]\s*\d{4}\s*[—－-]\s*\d{7}$"
)


def parse_issue(text: str) -> IssueDraft:
    """Parse a whole issue's text into drafts."""
    lines, dropped = clean_source_lines(text)
    year, number, cumulative, sponsor = parse_masthead(lines)
    sections, toc, body_start = parse_toc(lines)
    spans = split_documents(lines, toc, body_start)
    documents: list[DocumentDraft] = []
    issue_notes: list[str] = []
    for k, (entry, (start, end)) in enumerate(zip(toc, spans, strict=True)):
        chunk = lines[start:end]
        registration_no, registration_note = "", ""
        # The registration mark prints above a document's heading, so it ends the previous chunk.
        if k > 0:
            prev_start, prev_end = spans[k - 1]
            marks = [
                (i, clean_line(lines[i]))
                for i in range(prev_start, prev_end)
                if REGISTRATION_RE.match(clean_line(lines[i]))
            ]
            if marks and not any(clean_line(ln) for ln in lines[marks[-1][0] + 1 : prev_end]):
                line_no, registration_no = marks[-1][0] + 1, marks[-1][1].replace(" ", "")
                registration_note = (
                    f"统一登记号 {registration_no}（原文第{line_no}行）印在上一文件末尾与本文件标题之间，"
                    "版面上两种归属都说得通。按山东省规范性文件的版式，统一登记号印在文件首页版头之上，"
                    "故归属本文件；若按“印在文末”理解，则应属上一文件。"
                )
        chunk = [ln for ln in chunk if not REGISTRATION_RE.match(clean_line(ln))]
        document = parse_document(
            chunk,
            entry,
            registration_no,
            registration_note,
            locate=lambda text, last=False, span=(start, end): _locate(lines, span, text, last),
        )
        document.first_line = start + 1
        document.readings = [Reading(start + 1, "", note) for note in document.notes]
        documents.append(document)
    readings = [Reading(d.line, d.text, RUNNING_HEAD_CHOICE) for d in dropped]
    return IssueDraft(
        year, number, cumulative, sponsor, sections, toc, documents, issue_notes, readings
    )


RUNNING_HEAD_CHOICE = "页眉或页码，不属正文，删去"


def _locate(lines: list[str], span: tuple[int, int], text: str, last: bool = False) -> int | None:
    """The source line (from 1) within a span that prints `text` alone or first, ignoring spaces.

    `last` looks for the last line printing it alone (a signature below the heading).
    """
    wanted = re.sub(r"\s+", "", text)
    if last:
        for index in reversed(range(*span)):
            if wanted and re.sub(r"\s+", "", lines[index]) == wanted:
                return index + 1
        return None
    for index in range(*span):
        if wanted and wanted in re.sub(r"\s+", "", lines[index]):
            return index + 1
    return None


def count_table_rows(lines: list[str]) -> int:
    """Count a table's printed rows: not its header, nor the header or a row repeated after a page break.

    A row whose first cell repeats the previous row's number (5 … / 5 …) continues that row
    on the next page.
    """
    rows = [[c.strip() for c in ln.split("\t")] for ln in lines if "\t" in ln]
    rows = [r for r in rows if any(r)]
    if not rows:
        return 0
    header = rows[0]
    count = 0
    previous_first = None
    for row in rows[1:]:
        if row == header:
            continue
        first = row[0]
        if first and first == previous_first and first.isdigit():
            continue
        previous_first = first
        count += 1
    return count

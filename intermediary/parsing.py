"""Read the intermediary-service catalogue of 威政字〔2020〕49号 from the gazette text.

The printed table was extracted to tab-separated text: header rows repeat on every page,
items continue across page breaks under the same number, a vertically merged cell keeps
its text on one row only (often not the first), cells shift between columns, stray spaces
split Chinese words and `〔〕`/`[]` are both used. The parser does the mechanical work
(headers, headings, item labels, cells recognised by their content, merged cells) and
takes every judgement from the explicit tables of readings below, each with its reason,
which end up in the items' `source_note`. It fails loudly (SourceError) when the text does
not read as expected, so a changed source cannot silently produce different data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from gazette_text import bracket_doc_numbers, squeeze_cjk_spaces, squeeze_name
from gazette_text import cn_number as shared_cn_number

DOC_NUMBER = "威政字〔2020〕49号"
DOCUMENT_SLUG = "wzz-2020-49"
REPEALED_DOC_NUMBER = "威政字〔2018〕40号"
TABLE_TITLE = "威海市市级政务服务事项中介服务项目清单"
FIXTURE_FILES = (
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


class SourceError(ValueError):
    """The source text does not read as expected."""


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


ROW_READINGS: dict[int, Reading] = {
    474: Reading(
        item=5,
        note=(
            "第474行（事项“爆破作业单位许可证核发”）未印序号，紧接在第4项“机动车安全技术检验”之后。"
            "其设定依据要求“民用爆炸物品专用仓库安全评价报告”，与第4项无关，属第5项“安全评价”；"
            "第5项名称印在它所占三行（第474–476行）的中间一行，是合并单元格的文字只留在一行所致。"
            "故读作第5项的一行。"
        ),
        other_notes=(
            (
                4,
                "第474行（爆破作业单位许可证核发）印在本项之后，读作第5项“安全评价”的一行，见第5项说明。",
            ),
        ),
    ),
    481: Reading(sub_items=(), note="第481行子项名称印作“无”，即该事项没有子项。"),
    483: Reading(
        sub_items=("产权占有登记", "产权变动登记"),
        note="第483行子项“产权占有登记、产权变动登记”是以顿号并列的两个子项，拆为两项。",
    ),
    484: Reading(
        sub_items=("产权占有登记", "产权变动登记"),
        note="第484行子项“产权占有登记、产权变动登记”是以顿号并列的两个子项，拆为两项。",
    ),
    489: Reading(
        sub_items=("产权变动登记", "产权注销登记"),
        note="第489行子项“产权变动登记、产权注销登记”是以顿号并列的两个子项，拆为两项。",
    ),
    496: Reading(
        item=12,
        matter="国有土地使用权作价出资或者入股审核",
        sub_items=(),
        note=(
            "第496行各栏整体右移了一列：“国有土地使用权作价出资或者入股审核”印在子项名称栏，"
            "事项名称栏空白，读作事项名称。该行未印序号，紧接在第11项“地质灾害评估”之后，"
            "但其设定依据（《建设用地审查报批管理办法》第八条、第十条及《土地勘测定界规程》）"
            "讲的是勘测定界图，与第500行第12项“勘测定界图”的设定依据一字不差；"
            "第12项名称印在它所占各行的下部（第500行），是合并单元格所致。故读作第12项的一行。"
        ),
        other_notes=(
            (
                11,
                "第496行（国有土地使用权作价出资或者入股审核）印在本项之后，读作第12项“勘测定界图”的一行，见第12项说明。",
            ),
        ),
    ),
    505: Reading(
        fee_from=506,
        time_from=506,
        note=(
            "第505行（本项）收费依据及标准、服务时限两栏空白，其下第506行（第14项）印有"
            "“市场调节价”“协商约定”，读作两项共用的合并单元格，本项取同样的内容。"
        ),
    ),
    579: Reading(
        sub_items=(
            "非煤矿山建设项目安全设施设计审查",
            "金属冶炼建设项目安全设施设计审查",
            "生产、储存危险化学品的建设项目安全设施设计审查",
            "烟花爆竹建设项目安全设施设计审查",
        ),
        note=(
            "第579行子项名称栏印有四个子项，以空格隔开，其下第580–582行只印有事项类型："
            "原表每行一个子项，抽取时挤进了一格。拆为四项。"
        ),
    ),
    621: Reading(
        item=42,
        note=(
            "第621行未印序号，事项“对外劳务合作经营资格核准”与其上第620行（第41项“银行资信证明”）相同；"
            "第42项名称印在其下第622行，而第622行事项名称栏空白，是合并单元格的文字只留在一行所致。"
            "第620行所引《山东省对外劳务合作经营资格管理办法》第五条同时要求“银行资信证明原件”（第41项）"
            "和“会计师事务所出具的企业实缴注册资本验资报告、上一年度审计报告”（第42项）。"
            "故第621行读作第42项的一行。"
        ),
        other_notes=(
            (
                41,
                "第621行（对外劳务合作经营资格核准）印在本项之下，读作第42项的一行，见第42项说明。",
            ),
        ),
    ),
    663: Reading(
        matter="民办非企业单位成立、变更、注销登记和章程核准",
        note=(
            "第663行事项名称栏印有以分号隔开的两个事项："
            "“民办非企业单位成立、变更、注销登记和章程核准；市属非公募基金会成立、变更、注销登记”。"
            "该行的子项和设定依据都属前者，故该行取前者；后者是第665行的事项（见下）。"
        ),
    ),
    665: Reading(
        item=56,
        note=(
            "第665行印有序号和名称“57. 离任审计报告”，但该行设定依据（《基金会管理条例》第九条"
            "“验资证明和住所证明”）讲的是验资；收费依据为“市场调节价”，而第57项其余各行（第666–668行）"
            "都是“政府购买服务”、都讲换届或更换法定代表人前的财务审计；第663行本项的事项名称栏"
            "又已列出“市属非公募基金会成立、变更、注销登记”。故第665行读作本项“验资报告”的一行。"
        ),
        other_notes=(
            (
                57,
                "第665行虽印有本项序号和名称，其内容属第56项“验资报告”，读作第56项的一行（见第56项说明）；本项从第666行起。",
            ),
        ),
    ),
    666: Reading(item=57),
    683: Reading(
        sub_items=("外商投资合伙企业设立登记", "外商投资合伙企业变更登记"),
        note=(
            "第683行把两行印在了一行：子项“外商投资合伙企业设立登记”“外商投资合伙企业变更登记”"
            "以空格隔开，事项类型、收费依据及标准、服务时限各重复两次且相同。拆为两个子项。"
        ),
    ),
}

# Sub-items printed in one cell, split by an unambiguous separator (see the note).
SUB_ITEM_SPLITS: dict[int, tuple[str, str]] = {
    467: ("；", "第467行子项名称栏以分号列出三个子项，拆为三项。"),
    659: (",", "第659行子项名称栏以逗号列出两个子项，拆为两项。"),
}

# Department headings the print leaves out, inserted before the given line.
MISSING_HEADINGS: dict[int, tuple[int, str, str]] = {
    552: (
        10,
        "市应急管理局",
        "原文缺印第十个部门标题：第九个部门“市卫生健康委”（第529行）之后、第十一个部门"
        "“行政审批服务局”（第595行）之前，第27–31项（第552–594行）没有部门标题。"
        "这五项所关联的事项全是非煤矿山、危险化学品、烟花爆竹企业的安全生产许可、"
        "危险化学品安全使用许可和经营许可、烟花爆竹经营许可、建设项目安全条件审查和安全设施设计审查，"
        "设定依据都是原国家安全生产监督管理总局令，由应急管理部门（原安全生产监督管理部门）实施；"
        "故读作“十、市应急管理局”。部门名称系推定，原文未印。",
    ),
}

# Basis paragraphs printed after a page whose table has no 设定依据 column: line → row line.
DISPLACED_BASIS: dict[int, int] = {508: 505, 509: 505, 511: 506}
DISPLACED_BASIS_NOTE = (
    "第503–506行所在页的表格没有设定依据一栏，第13、14项的设定依据印在表格之后的段落里。"
    "第508、509行引《不动产登记暂行条例》及其实施细则，属第13项“不动产权籍调查”（事项为不动产登记）；"
    "第511行引《山东省国有土地储备办法》关于对拟收购的土地及其地上建筑物、构筑物价值进行评估的规定，"
    "属第14项。"
)

# Printed matter names read as another printing of the same matter.
MATTER_NAME_READINGS: dict[str, tuple[str, str]] = {
    "非煤矿山、金属冶炼建设项目和生产、储存危险化学品、烟花爆竹的建设项目安全设计审查": (
        "非煤矿山、金属冶炼建设项目和危险化学品、烟花爆竹的建设项目安全设施设计审查",
        "事项名称印作“非煤矿山、金属冶炼建设项目和生产、储存危险化学品、烟花爆竹的建设项目安全设计审查”，"
        "与第579行的“非煤矿山、金属冶炼建设项目和危险化学品、烟花爆竹的建设项目安全设施设计审查”"
        "是同一事项的两种印法（四个子项相同），合为一个事项，名称取第579行的印法。",
    ),
    "危险化学品生产企业安全许可": (
        "危险化学品生产企业安全生产许可",
        "事项名称印作“危险化学品生产企业安全许可”，读作第555、556、560行的“危险化学品生产企业安全生产许可”："
        "所引规章题名同样脱了“生产”二字，所引第二十五条即第555行所引之条。"
        "该行子项印作“烟花爆竹生产企业安全许可(变更)”，与事项不符，照录未改。",
    ),
    "危险化学品安全使用许可(首次申请)": (
        "危险化学品安全使用许可",
        "事项名称栏重复印了子项“危险化学品安全使用许可(首次申请)”，读作事项“危险化学品安全使用许可”"
        "（同第572、587行）。该行设定依据题为《危险化学品安全使用许可实施办法》"
        "（2012年7月原国家安全生产监督管理总局令第54号）第二十八条，其文字与第563行所引"
        "《烟花爆竹生产企业安全生产许可证实施办法》第二十八条相同，照录未改。",
    ),
    "除利用新材料、新工艺和新化学物质生产的水卫生安全产品的涉及饮用水卫生安全许可(新办)": (
        "除利用新材料、新工艺和新化学物质生产的产品涉及饮用水卫生安全的产品卫生许可",
        "事项名称栏与子项名称栏印了同一段文字“除利用新材料、新工艺和新化学物质生产的水卫生安全产品的"
        "涉及饮用水卫生安全许可(新办)”，带“(新办)”，是子项的写法；事项读作第648、649行的"
        "“除利用新材料、新工艺和新化学物质生产的产品涉及饮用水卫生安全的产品卫生许可”，子项照录。",
    ),
    "社会团体成立、变更、注销登记和章程备案": (
        "社会团体成立、变更、注销登记和章程核准",
        "事项名称印作“社会团体成立、变更、注销登记和章程备案”；同一事项在第666行印作“…和章程核准”、"
        "第672行印作“…和章程备案核准”，合为一个事项，名称取“…和章程核准”"
        "（该行所引《社会团体登记管理条例》规定修改章程报登记管理机关核准）。",
    ),
    "社会团体成立、变更、注销登记和章程备案核准": (
        "社会团体成立、变更、注销登记和章程核准",
        "事项名称印作“社会团体成立、变更、注销登记和章程备案核准”，与第659、666行为同一事项的不同印法，"
        "读作“社会团体成立、变更、注销登记和章程核准”（见第56项说明）。",
    ),
    "民办非企业单位成立、变更、注销登记和章程备案核准": (
        "民办非企业单位成立、变更、注销登记和章程核准",
        "事项名称印作“民办非企业单位成立、变更、注销登记和章程备案核准”，"
        "与第663、664、667行的“民办非企业单位成立、变更、注销登记和章程核准”为同一事项，读作后者。",
    ),
}

# Matter types the print never gives (their rows sit on pages without a 事项类型 column).
MATTER_TYPE_READINGS: dict[str, tuple[str, str]] = {
    "合伙企业登记": (
        "行政许可",
        "事项“合伙企业登记”所在页（第590–600行）的表格没有事项类型一栏，原文他处也未印其类型；"
        "读作“行政许可”：同为企业登记的第683行子项“外商投资合伙企业设立登记”“外商投资合伙企业变更登记”"
        "印作行政许可，第32项的“公司(企业)设立、变更、注销登记”在第682、683行也印作行政许可。",
    ),
    "消毒产品生产企业卫生许可": (
        "行政许可",
        "事项“消毒产品生产企业卫生许可”所在页（第646–652行）的表格没有事项类型一栏，原文他处也未印其类型；"
        "读作“行政许可”：事项本身是许可，子项为新办、延续和变更许可，同页同类的"
        "“…涉及饮用水卫生安全的产品卫生许可”在第644行印作行政许可。",
    ),
}

# Printed fee bases read as another printing of the same basis.
FEE_READINGS: dict[str, tuple[str, str]] = {
    "省物价局、财政厅《关于明确特种设备检验检测收费标准等有关问题的复函》(鲁〔2017〕43号)": (
        "省物价局、财政厅《关于明确特种设备检验检测收费标准等有关问题的复函》(鲁价费函〔2017〕43号)",
        "收费依据所引文号印作“鲁〔2017〕43号”，与第552、553、632行所引同一复函（题名相同）"
        "的文号“鲁价费函〔2017〕43号”相比脱了“价费函”三字，读作后者。",
    ),
}

# Printed text kept as it is, but worth a word on the item's page.
ITEM_REMARKS: dict[int, str] = {
    42: "项目名称中“企业实缴注册基本验资报告”照原文录入；第620行所引办法作“企业实缴注册资本验资报告”。",
}

# The notice's rules, by the start of their sentence: topic shown on the catalogue page.
RULE_TOPICS: tuple[tuple[str, str], ...] = (
    ("市级共保留政务服务事项中介服务项目", "保留项目与公开"),
    ("公开内容包括", "公开内容"),
    ("2018年公布的", "2018年清单废止"),
    ("各部门、单位能够通过征求相关部门意见", "不得设定为中介服务的事项"),
    ("按照规定应由各部门、单位委托相关机构提供的技术型服务", "技术型服务由部门委托"),
    ("现有或已取消的政务服务事项", "不得转为中介服务"),
    ("今后，将根据法律法规立改废情况和改革要求", "动态调整与新设审查"),
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
        raise SourceError(str(exc)) from exc


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


@dataclass
class MatterDraft:
    name: str
    matter_type: str = ""
    type_lines: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class LinkDraft:
    matter: str
    lines: list[int] = field(default_factory=list)
    sub_items: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    fees: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)

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
    matter_read: bool = False  # the printed matter name is read as another (MATTER_NAME_READINGS)
    fee_read: bool = False  # the printed fee basis is read as another (FEE_READINGS)

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
            raise SourceError(f"第{line}行第一格“{label}”不是项目序号和名称。")
        row.label_no = int(match["no"])
        row.label_name = match["name"]
    for index, cell in enumerate(cells[1:], start=1):
        kind, value = cell_kind(cell)
        if kind == "empty":
            continue
        if kind == "name":
            if index == 1:
                row.matter = value
            elif index == 2:
                row.sub_items = [value]
            else:
                raise SourceError(f"第{line}行第{index + 1}格“{value}”无法归入任何一栏。")
            continue
        attribute = {"type": "matter_type", "fee": "fee", "time": "time", "basis": "basis"}[kind]
        if getattr(row, attribute):
            raise SourceError(f"第{line}行有两格都像是“{kind}”。")
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
        raise SourceError(f"找不到公报文本：{path}")


def _find_line(lines: list[str], text: str, start: int = 0) -> int:
    """Return the 1-based number of the first line at or after `start` whose text is `text`."""
    for index in range(start, len(lines)):
        if squeeze_name(lines[index]) == squeeze_name(text):
            return index + 1
    raise SourceError(f"公报文本中找不到“{text}”。")


def parse_notice(lines: list[str]) -> tuple[list[RuleDraft], int]:
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
            topic = next((t for start, t in RULE_TOPICS if sentence.startswith(start)), None)
            if topic is None:
                continue
            rules.append(RuleDraft(topic=topic, text=sentence, line=line))
            if count := re.search(r"中介服务项目(\d+)项", sentence):
                stated = int(count[1])
    if [r.topic for r in rules] != [t for _, t in RULE_TOPICS]:
        raise SourceError("通知正文的要求与预期不符，请核对 RULE_TOPICS。")
    if stated is None:
        raise SourceError("通知正文未写明保留的中介服务项目数。")
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


def parse(lines: list[str]) -> Catalogue:
    """Parse the notice and its catalogue into drafts ready for the fixtures."""
    rules, stated_count = parse_notice(lines)
    rows, headings, paragraphs = table_rows(lines)
    for line in MISSING_HEADINGS:
        headings[line] = MISSING_HEADINGS[line][:2]

    departments: dict[int, DepartmentDraft] = {}
    for line in sorted(headings):
        order, name = headings[line]
        if order in departments:
            raise SourceError(f"第{line}行部门序号“{order}”重复。")
        note = MISSING_HEADINGS[line][2] if line in MISSING_HEADINGS else ""
        departments[order] = DepartmentDraft(
            order=order, name=name, line=None if line in MISSING_HEADINGS else line, note=note
        )
    if sorted(departments) != list(range(1, len(departments) + 1)):
        raise SourceError(f"部门序号不连续：{sorted(departments)}")

    _apply_row_readings(rows)
    _fill_merged_cells(rows)
    for paragraph_line, row_line in DISPLACED_BASIS.items():
        if paragraph_line not in paragraphs:
            raise SourceError(f"第{paragraph_line}行不是表格之后的设定依据段落。")
        row = next(r for r in rows if r.line == row_line)
        row.basis = "\n".join(p for p in (row.basis, paragraphs.pop(paragraph_line)) if p)
    if paragraphs:
        raise SourceError(f"表格中有未归属的设定依据段落：第{sorted(paragraphs)}行。")

    services = _assemble_services(rows, headings)
    matters = _collect_matters(rows, services)
    _check_services(services, stated_count)
    return Catalogue(
        departments=[departments[k] for k in sorted(departments)],
        matters=matters,
        services=[services[k] for k in sorted(services)],
        rules=rules,
        stated_count=stated_count,
    )


def _apply_row_readings(rows: list[Row]) -> None:
    """Apply the per-line readings: item, matter name, sub-items, fee and time sources."""
    by_line = {row.line: row for row in rows}
    missing = [line for line in [*ROW_READINGS, *SUB_ITEM_SPLITS] if line not in by_line]
    if missing:
        raise SourceError(f"读法所指的行不是表格数据行：{missing}")
    for line, (separator, _note) in SUB_ITEM_SPLITS.items():
        row = by_line[line]
        if len(row.sub_items) != 1 or separator not in row.sub_items[0]:
            raise SourceError(f"第{line}行子项名称不含分隔符“{separator}”。")
        row.sub_items = [s.strip() for s in row.sub_items[0].split(separator) if s.strip()]
    for line, reading in ROW_READINGS.items():
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
        row.matter_read = row.matter in MATTER_NAME_READINGS
        row.fee_read = row.fee in FEE_READINGS


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
                raise SourceError(f"第{row.line}行只有子项，没有可承接的事项名称。")
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
    rows: list[Row], headings: dict[int, tuple[int, str]]
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
                raise SourceError(
                    f"第{row.line}行第{row.label_no}项名称“{row.label_name}”与前印“{service.name}”不同。"
                )
            service.label_lines.append(row.line)
            current = row.label_no
        reading = ROW_READINGS.get(row.line, Reading())
        if reading.item is not None:
            current = reading.item
        if current is None:
            raise SourceError(f"第{row.line}行之前没有项目序号。")
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
        _note_row(owner, row)
        if row.is_empty:
            continue
        link = owner.link_for(_matter_name(row.matter))
        link.lines.append(row.line)
        for sub in row.sub_items:
            if sub not in link.sub_items:
                link.sub_items.append(sub)
        if row.basis and row.basis not in link.bases:
            link.bases.append(row.basis)
        fee = FEE_READINGS.get(row.fee, (row.fee, ""))[0]
        if fee and fee not in link.fees:
            link.fees.append(fee)
        if row.time and row.time not in link.times:
            link.times.append(row.time)
    for service in services.values():
        if service.no in ITEM_REMARKS:
            service.notes.append((service.label_lines[0], ITEM_REMARKS[service.no]))
        for paragraph_line, row_line in DISPLACED_BASIS.items():
            if row_line in service.lines:
                service.lines.append(paragraph_line)
                service.notes.append((row_line, DISPLACED_BASIS_NOTE))
        _note_empty_rows(service, rows)
    return services


def _future_service(rows: list[Row], no: int, headings: dict[int, tuple[int, str]]) -> ServiceDraft:
    """Create an item whose label is printed further down (its rows start above its label)."""
    label_row = next((r for r in rows if r.label_no == no), None)
    if label_row is None:
        raise SourceError(f"第{no}项没有印出序号和名称。")
    department = headings[max(h for h in headings if h <= label_row.line)][0]
    return ServiceDraft(no=no, name=label_row.label_name, department=department)


def _fold(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _matter_name(printed: str) -> str:
    return MATTER_NAME_READINGS.get(printed, (printed, ""))[0]


def _note_row(service: ServiceDraft, row: Row) -> None:
    """Record on the item the readings the parser applied to this row."""
    if row.matter_read:
        service.notes.append((row.line, f"第{row.line}行" + MATTER_NAME_READINGS[row.matter][1]))
    if row.fee_read:
        service.notes.append((row.line, f"第{row.line}行" + FEE_READINGS[row.fee][1]))
    if row.line in SUB_ITEM_SPLITS:
        service.notes.append((row.line, SUB_ITEM_SPLITS[row.line][1]))
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


def _collect_matters(rows: list[Row], services: dict[int, ServiceDraft]) -> list[MatterDraft]:
    """Build one record per matter, its type from every row that prints one."""
    matters: dict[str, MatterDraft] = {}
    for row in rows:
        if row.is_empty:
            continue
        name = _matter_name(row.matter)
        matter = matters.setdefault(name, MatterDraft(name=name))
        if row.matter_type:
            if matter.matter_type and matter.matter_type != row.matter_type:
                raise SourceError(
                    f"事项“{name}”的类型在第{matter.type_lines[0]}行为“{matter.matter_type}”，"
                    f"第{row.line}行为“{row.matter_type}”。"
                )
            matter.matter_type = row.matter_type
            matter.type_lines.append(row.line)
    for name, matter in matters.items():
        if matter.matter_type:
            continue
        if name not in MATTER_TYPE_READINGS:
            raise SourceError(f"事项“{name}”原文未印类型，也没有读法。")
        matter.matter_type, matter.note = MATTER_TYPE_READINGS[name]
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
        raise SourceError(f"项目序号应为 1–{stated_count}，实为 {numbers}。")
    for service in services.values():
        if not service.links:
            raise SourceError(f"第{service.no}项没有关联事项。")
        for link in service.links:
            if not link.fees or not link.times:
                raise SourceError(f"第{service.no}项事项“{link.matter}”缺收费依据或服务时限。")


def parse_source(path: Path | None = None) -> Catalogue:
    """Read the gazette text and parse the catalogue."""
    return parse(read_source(path))


# --------------------------------------------------------------------------- fixtures


def fixture_objects(catalogue: Catalogue) -> dict[str, list[dict]]:
    """Lay the catalogue out as Django fixtures with explicit primary keys, per file."""
    matter_pk = {m.name: index for index, m in enumerate(catalogue.matters, start=1)}
    departments = [
        {
            "model": "intermediary.department",
            "pk": d.order,
            "fields": {"order": d.order, "name": d.name, "source_note": d.note},
        }
        for d in catalogue.departments
    ]
    matters = [
        {
            "model": "intermediary.servicematter",
            "pk": matter_pk[m.name],
            "fields": {"name": m.name, "matter_type": m.matter_type, "source_note": m.note},
        }
        for m in catalogue.matters
    ]
    services: list[dict] = []
    links: list[dict] = []
    for s in catalogue.services:
        services.append(
            {
                "model": "intermediary.intermediaryservice",
                "pk": s.no,
                "fields": {
                    "no": s.no,
                    "name": s.name,
                    "department": s.department,
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
                    "pk": len(links) + 1,
                    "fields": {
                        "service": s.no,
                        "matter": matter_pk[link.matter],
                        "position": position,
                        "sub_items": "\n".join(link.sub_items),
                        "legal_basis": link.legal_basis,
                        "fee_basis": link.fee_basis,
                        "time_limit": link.time_limit,
                    },
                }
            )
    rules = [
        {
            "model": "intermediary.noticerule",
            "pk": index,
            "fields": {"position": index, "topic": r.topic, "text": r.text, "source_line": r.line},
        }
        for index, r in enumerate(catalogue.rules, start=1)
    ]
    return dict(zip(FIXTURE_FILES, (departments, matters, services + links, rules), strict=True))

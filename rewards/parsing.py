"""Read 威政发〔2020〕6号 and 威市监发〔2020〕56号 from the gazette text into fixture data.

The text was extracted from print: page breaks split sentences (“40 万” / “元。”), stray
spaces sit between Chinese characters and around numbers, and item labels use both ( )
and （ ）. The parser finds each document by its number, rebuilds its articles and items
with the source line where each starts, and reads every figure from the sentence that
states it. A sentence it relies on that no longer reads as expected raises TextError,
so a changed source cannot silently produce different data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from documents.parsing import REGISTRATION_RE
from gazette_site.readings import Reading as PrintedReading
from gazette_text import (
    ARTICLE_RE,
    DATE_LINE_RE,
    ITEM_RE,
    SUBSECTION_RE,
    TERMINAL,
    TextError,
    clean_line,
    parse_doc_number,
    read_date,
)
from gazette_text.paragraphs import squeeze as squeeze_cjk_spaces
from rewards import rules

AWARD_DOC = "威政发〔2020〕6号"
IP_DOC = "威市监发〔2020〕56号"
AWARD_YEAR = 2020
FIXTURE_NAME = "01_rewards.json"
TEN_THOUSAND = Decimal(10000)

SECTORS = {
    "银行业金融机构": "bank",
    "保险业金融机构": "insurance",
    "证券业金融机构": "securities",
    "地方金融组织": "local_finance",
}
CN_RANKS = {"一": 1, "二": 2, "三": 3}


def default_source_path() -> Path:
    """Return the gazette text the portal is built from (settings.GAZETTE_SOURCE)."""
    return Path(settings.GAZETTE_SOURCE)


def read_source(path: Path | None = None) -> list[str]:
    """Read the gazette text as a list of lines (line n of the file is item n-1)."""
    return (path or default_source_path()).read_text(encoding="utf-8").splitlines()


def normalise(line: str) -> str:
    """Clean one printed line: emphasis marks, stray spaces between characters and figures."""
    text = squeeze_cjk_spaces(clean_line(line))
    # Figures are printed with spaces around them (“不超过 300 万元”, “2020 年 08 月”).
    text = re.sub(r"(?<=[\u4e00-\u9fff，、（(])\s+(?=\d)", "", text)
    return re.sub(r"(?<=\d)\s+(?=[\u4e00-\u9fff%％])", "", text)


# --------------------------------------------------------------------------- document text


@dataclass
class Unit:
    """An article or one of its numbered items, with the source lines it spans (1-based)."""

    anchor: str
    label: str
    text: str
    first_line: int
    last_line: int
    joins: list[int] = field(default_factory=list)  # lines glued to the previous one

    @property
    def lines(self) -> str:
        if self.first_line == self.last_line:
            return f"原文第{self.first_line}行"
        return f"原文第{self.first_line}–{self.last_line}行"


@dataclass
class DocumentText:
    doc_number: str
    title: str
    title_line: int
    signed_date: dt.date
    signed_line: int
    units: dict[str, Unit]

    def unit(self, anchor: str) -> Unit:
        try:
            return self.units[anchor]
        except KeyError:
            raise TextError(f"{self.doc_number} 中找不到 {anchor}")


def document_text(lines: list[str], doc_number: str) -> DocumentText:
    """Locate a document by its number and rebuild its articles and items."""
    number_idx = _find_number_line(lines, doc_number)
    first_article = next(
        (i for i in range(number_idx + 1, len(lines)) if ARTICLE_RE.match(normalise(lines[i]))),
        None,
    )
    if first_article is None:
        raise TextError(f"{doc_number} 后找不到“第一条”")
    title_idx = next(i for i in range(first_article - 1, number_idx, -1) if lines[i].strip())
    date_idx = next(
        (
            i
            for i in range(title_idx - 1, number_idx, -1)
            if DATE_LINE_RE.match(normalise(lines[i]))
        ),
        None,
    )
    if date_idx is None:
        raise TextError(f"{doc_number} 的成文日期找不到")
    return DocumentText(
        doc_number=doc_number,
        title=normalise(lines[title_idx]).replace(" ", ""),
        title_line=title_idx + 1,
        signed_date=read_date(normalise(lines[date_idx])),
        signed_line=date_idx + 1,
        units=_units(lines, first_article),
    )


def _find_number_line(lines: list[str], doc_number: str) -> int:
    wanted = parse_doc_number(doc_number)
    for i, line in enumerate(lines):
        if parse_doc_number(clean_line(line)) == wanted:
            return i
    raise TextError(f"原文中找不到文号 {doc_number}")


def _units(lines: list[str], start: int) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    article = subsection = ""
    current: Unit | None = None
    for i in range(start, len(lines)):
        text = normalise(lines[i])
        if not text:
            continue
        if REGISTRATION_RE.match(text) or DATE_LINE_RE.match(text):
            break
        if m := ARTICLE_RE.match(text):
            article = subsection = f"第{m[1]}条"
            current = Unit(article, article, m[2].strip(), i + 1, i + 1)
        elif m := SUBSECTION_RE.match(text):
            subsection = f"{article}-（{m[1]}）"
            current = Unit(subsection, f"（{m[1]}）", m[2].strip(), i + 1, i + 1)
        elif (m := ITEM_RE.match(text)) and current is not None:
            anchor = f"{subsection}-{m[1]}"
            current = Unit(anchor, f"{m[1]}.", m[2].strip(), i + 1, i + 1)
        elif current is None:
            continue
        elif current.text.endswith(tuple(TERMINAL)) and not text.endswith(tuple(TERMINAL)):
            # A line without a full stop after a finished article is the next document's title.
            break
        else:
            current.text += text
            current.last_line = i + 1
            current.joins.append(i + 1)
            continue
        units[current.anchor] = current
    return units


# --------------------------------------------------------------------------- drafts


@dataclass
class MeasureDraft:
    kind: str
    doc_number: str
    title: str
    signed_date: dt.date
    effective_from: dt.date
    effective_to: dt.date
    validity_article: str
    source_note: str


@dataclass
class PrizeDraft:
    sector: str
    name: str
    count: int
    amount_wan: Decimal
    position: int
    is_additional: bool = False
    recipient: str = ""
    requirements: str = ""
    growth_indicator: str = ""
    min_growth_pct: Decimal | None = None
    source_note: str = ""
    coined: str = ""  # why the portal names a prize the print leaves unnamed

    @property
    def readings(self) -> list[dict]:
        if not self.coined:
            return []
        return [PrintedReading("name", None, self.name, self.coined).as_data()]


@dataclass
class SectorDraft:
    sector: str
    budget_wan: Decimal
    printed_text: str
    source_note: str


@dataclass
class ConditionDraft:
    role: str
    article: str
    item: str
    text: str
    source_note: str


@dataclass
class AwardDraft:
    measure: MeasureDraft
    year: int
    total_cap_wan: Decimal
    institution_cap_wan: Decimal
    regulator_cap_wan: Decimal
    min_operating_years: int
    sectors: list[SectorDraft]
    prizes: list[PrizeDraft]
    disqualifications: list[ConditionDraft]
    source_note: str


@dataclass
class IpDraft:
    measure: MeasureDraft
    article: str
    provincial_pct: Decimal
    city_pct: Decimal
    first_year_city_cap_wan: Decimal
    later_city_cap_ceiling_wan: Decimal
    conditions: list[ConditionDraft]
    source_note: str


def _search(pattern: str, unit: Unit) -> re.Match:
    match = re.search(pattern, unit.text)
    if match is None:
        raise TextError(f"{unit.anchor}（{unit.lines}）不再包含预期的句子：{pattern}")
    return match


def _validity(doc: DocumentText, anchor: str) -> tuple[dt.date, dt.date, Unit]:
    unit = doc.unit(anchor)
    match = _search(
        r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施)，有效期至(\d{4})年(\d{1,2})月(\d{1,2})日",
        unit,
    )
    values = [int(g) for g in match.groups()]
    return dt.date(*values[:3]), dt.date(*values[3:]), unit


def _joined_note(unit: Unit) -> str:
    if not unit.joins:
        return ""
    lines = "、".join(f"第{n}行" for n in unit.joins)
    return f"印刷换页或换行断开的文字已拼接（{lines}接上一行）。"


def parse_award(lines: list[str]) -> AwardDraft:
    """Read the award scheme of 第六条 and the rules of 第七条、第十条、第十三条."""
    doc = document_text(lines, AWARD_DOC)
    start, end, validity_unit = _validity(doc, "第十三条")
    measure = MeasureDraft(
        kind="award",
        doc_number=AWARD_DOC,
        title=doc.title,
        signed_date=doc.signed_date,
        effective_from=start,
        effective_to=end,
        validity_article="第十三条",
        source_note=(
            f"办法名称见原文第{doc.title_line}行，成文日期见第{doc.signed_line}行，"
            f"施行日期和有效期见第十三条（{validity_unit.lines}）。"
        ),
    )

    article6 = doc.unit("第六条")
    total = Decimal(_search(r"奖金总额每年不超过(\d+)万元", article6)[1])
    part1 = doc.unit("第六条-（一）")
    institution_cap = Decimal(_search(r"^对金融机构和地方金融组织的奖金不超过(\d+)万元", part1)[1])
    part2 = doc.unit("第六条-（二）")
    regulator_cap = Decimal(_search(r"^对监管机构的奖金不超过(\d+)万元", part2)[1])

    sectors: list[SectorDraft] = []
    prizes: list[PrizeDraft] = []
    for n in range(1, 5):
        unit = doc.unit(f"第六条-（一）-{n}")
        head = _search(r"^对(.+?)的奖金为(\d+)万元。", unit)
        if head[1] not in SECTORS:
            raise TextError(f"{unit.anchor} 的奖励对象“{head[1]}”不在已知的四类之中")
        sector = SECTORS[head[1]]
        sectors.append(
            SectorDraft(
                sector=sector,
                budget_wan=Decimal(head[2]),
                printed_text=unit.text,
                source_note=f"第六条（一）{n}（{unit.lines}）。" + _joined_note(unit),
            )
        )
        found = _sector_prizes(sector, unit)
        if not found:
            raise TextError(f"{unit.anchor} 中读不出任何奖项")
        prizes.extend(found)

    prizes.extend(_regulator_prizes(part2))
    sectors.append(
        SectorDraft(
            sector="regulator",
            budget_wan=regulator_cap,
            printed_text=part2.text,
            source_note=(
                f"第六条（二）（{part2.lines}）。第六条（二）只规定“不超过{regulator_cap}万元”，"
                "没有单列行业奖金，按上限记作监管机构的奖金。" + _joined_note(part2)
            ),
        )
    )

    _check_sums(total, institution_cap, regulator_cap, sectors, prizes)

    article7 = doc.unit("第七条")
    years = int(_search(r"正常经营(\d+)个会计年度以上", article7)[1])
    disqualifications = _conditions(doc, "第十条", "disqualification")
    if len(disqualifications) != 4:
        raise TextError(f"第十条应列四种情形，读到 {len(disqualifications)} 种")
    return AwardDraft(
        measure=measure,
        year=AWARD_YEAR,
        total_cap_wan=total,
        institution_cap_wan=institution_cap,
        regulator_cap_wan=regulator_cap,
        min_operating_years=years,
        sectors=sectors,
        prizes=prizes,
        disqualifications=disqualifications,
        source_note=(
            f"按第六条（{article6.lines}；（一）{part1.lines}；（二）{part2.lines}）转录，"
            f"即印发的 {AWARD_YEAR} 年方案。"
            "第六条写明“具体奖励标准根据当年项目支出预算安排同口径修改”，以后年度方案可在管理后台另录。"
            f"第七条（{article7.lines}）“正常经营{years}个会计年度以上”按含本数理解。"
            "第六条各处“不超过”的上限按本项目约定视为各行业奖金之和必须等于的数额；印发数额正好相等。"
        ),
    )


def _check_sums(total, institution_cap, regulator_cap, sectors, prizes) -> None:
    """Refuse a reading whose prizes do not add up to the printed budgets (第六条)."""
    figures = rules.SchemeFigures(
        total_cap=total,
        institution_cap=institution_cap,
        regulator_cap=regulator_cap,
        budgets={s.sector: s.budget_wan for s in sectors},
        prizes=[rules.PrizeFigures(p.sector, p.name, p.count, p.amount_wan) for p in prizes],
    )
    problems = rules.scheme_problems(figures)
    if problems:
        raise TextError("第六条读出的数额对不上（单位按万元计）：" + "".join(problems))


def _sector_prizes(sector: str, unit: Unit) -> list[PrizeDraft]:
    """Read the prizes of one sector item, in printed order."""
    note = f"第六条（一）{unit.label.rstrip('.')}（{unit.lines}）。"
    found: list[tuple[int, PrizeDraft]] = []
    for m in re.finditer(r"([一二三])等奖(\d+)名，奖金各?(\d+)万元", unit.text):
        found.append(
            (
                m.start(),
                PrizeDraft(sector, f"{m[1]}等奖", int(m[2]), Decimal(m[3]), 0, source_note=note),
            )
        )
    if m := re.search(r"设([一二三、]+)等奖各(\d+)名，奖金分别为((?:\d+万元、?)+)", unit.text):
        ranks = m[1].split("、")
        amounts = re.findall(r"(\d+)万元", m[3])
        if len(ranks) != len(amounts):
            raise TextError(f"{unit.anchor} 的等次与奖金个数不一致")
        for offset, (rank, amount) in enumerate(zip(ranks, amounts, strict=True)):
            found.append(
                (
                    m.start() + offset,
                    PrizeDraft(
                        sector,
                        f"{rank}等奖",
                        int(m[2]),
                        Decimal(amount),
                        0,
                        source_note=note
                        + f"原文“设{m[1]}等奖各{m[2]}名，奖金分别为{m[3]}”按顺序拆为{len(ranks)}个奖项。",
                    ),
                )
            )
    if m := re.search(r"增设((?:“[^”]+”)+)各(\d+)名、奖金各(\d+)万元", unit.text):
        for offset, name in enumerate(re.findall(r"“([^”]+)”", m[1])):
            found.append(
                (
                    m.start() + offset,
                    PrizeDraft(
                        sector,
                        name,
                        int(m[2]),
                        Decimal(m[3]),
                        0,
                        is_additional=True,
                        source_note=note + "增设奖项，奖项名称去掉了原文的引号。",
                    ),
                )
            )
    if m := re.search(r"产生(\d+)家获奖机构，奖金均为(\d+)万元", unit.text):
        found.append(
            (
                m.start(),
                PrizeDraft(
                    sector,
                    "获奖机构",
                    int(m[1]),
                    Decimal(m[2]),
                    0,
                    source_note=note
                    + "原文不分等次、未给奖项命名（“产生6家获奖机构，奖金均为2万元”），奖项记作“获奖机构”。",
                    coined="原文不分等次、未给奖项命名，奖项名称“获奖机构”系本站所加。",
                ),
            )
        )
    found.sort(key=lambda pair: pair[0])
    prizes = [p for _, p in found]
    for position, prize in enumerate(prizes, 1):
        prize.position = position
    return prizes


def _regulator_prizes(unit: Unit) -> list[PrizeDraft]:
    """Read the two regulator awards of 第六条（二） with their conditions."""
    body = unit.text.split("其中，", 1)
    if len(body) != 2:
        raise TextError(f"{unit.anchor} 不再以“其中，”列出监管机构奖金")
    prizes = []
    for position, part in enumerate(p for p in body[1].split("；") if p.strip()):
        m = re.match(
            r"^(.+?(?:中心支行|分局))(.+)、确保(.+?)不低于(\d+(?:\.\d+)?)%，给予(\d+)万元奖金。?$",
            part,
        )
        if m is None:
            raise TextError(f"{unit.anchor} 的监管机构奖金读不出来：{part}")
        prizes.append(
            PrizeDraft(
                sector="regulator",
                name=f"{m[1]}奖金",
                count=1,
                amount_wan=Decimal(m[5]),
                position=position + 1,
                recipient=m[1],
                requirements=m[2],
                growth_indicator=m[3],
                min_growth_pct=Decimal(m[4]),
                coined=f"原文未给监管机构的奖金命名，奖项名称“{m[1]}奖金”系本站所加。",
                source_note=(
                    f"第六条（二）（{unit.lines}）。原文未给监管机构的奖金命名，奖项记作“{m[1]}奖金”，"
                    f"名额 1 名；“不低于{m[4]}%”按含本数理解。" + _joined_note(unit)
                ),
            )
        )
    if len(prizes) != 2:
        raise TextError(f"{unit.anchor} 应有两项监管机构奖金，读到 {len(prizes)} 项")
    return prizes


def _conditions(doc: DocumentText, article: str, role: str) -> list[ConditionDraft]:
    """Read the numbered items （一）（二）… of an article as conditions."""
    items = []
    n = 1
    while (unit := doc.units.get(f"{article}-（{_cn(n)}）")) is not None:
        items.append(
            ConditionDraft(
                role=role,
                article=article,
                item=unit.label,
                text=unit.text,
                source_note=f"{unit.lines}。" + _joined_note(unit),
            )
        )
        n += 1
    return items


def _cn(n: int) -> str:
    return "一二三四五六七八九十"[n - 1]


def parse_ip(lines: list[str]) -> IpDraft:
    """Read the compensation figures of 第八条 and the conditions of 第三条、第六条、第八条."""
    doc = document_text(lines, IP_DOC)
    start, end, validity_unit = _validity(doc, "第十四条")
    measure = MeasureDraft(
        kind="ip_compensation",
        doc_number=IP_DOC,
        title=doc.title,
        signed_date=doc.signed_date,
        effective_from=start,
        effective_to=end,
        validity_article="第十四条",
        source_note=(
            f"办法名称见原文第{doc.title_line}行（印作“威海市知识产权质押融资 风险补偿实施办法”，"
            f"去掉了换行留下的空格），成文日期见第{doc.signed_line}行，"
            f"施行日期和有效期见第十四条（{validity_unit.lines}，印作“2020 年 08 月 23 日”）。"
        ),
    )
    standard = doc.unit("第八条-（二）")
    m = _search(
        r"给予(\d+)%补偿的基础上，市级再按照(\d+)%的比例给予补偿，"
        r"单笔补偿金额第一个业务年度最高不超过(\d+)万元，"
        r"以后年度根据银行绩效考核情况给予最高不超过(\d+)万元",
        standard,
    )
    conditions = _conditions(doc, "第三条", "enterprise")
    bank_intro = doc.unit("第六条")
    conditions.append(
        ConditionDraft(
            role="bank",
            article="第六条",
            item="",
            text=bank_intro.text,
            source_note=f"{bank_intro.lines}。",
        )
    )
    conditions.extend(_conditions(doc, "第六条", "bank"))
    for label in ("（一）", "（三）"):
        unit = doc.unit(f"第八条-{label}")
        conditions.append(
            ConditionDraft(
                role="compensation",
                article="第八条",
                item=label,
                text=unit.text,
                source_note=f"{unit.lines}。" + _joined_note(unit),
            )
        )
    if len([c for c in conditions if c.role == "enterprise"]) != 2:
        raise TextError("第三条应列两项中小微企业条件")
    return IpDraft(
        measure=measure,
        article="第八条",
        provincial_pct=Decimal(m[1]),
        city_pct=Decimal(m[2]),
        first_year_city_cap_wan=Decimal(m[3]),
        later_city_cap_ceiling_wan=Decimal(m[4]),
        conditions=conditions,
        source_note=(
            f"第八条（二）（{standard.lines}，“第一个业务/年度”跨行已拼接）。"
            f"“单笔补偿金额……最高不超过”理解为市级补偿部分的单笔上限，不限制省级 {m[1]}% 的补偿；"
            "以后年度的上限由银行绩效考核确定，这里记录的是其最高额。"
        ),
    )


# --------------------------------------------------------------------------- fixture


def _yuan(wan: Decimal) -> str:
    return f"{wan * TEN_THOUSAND:.2f}"


def _measure_fields(m: MeasureDraft) -> dict:
    return {
        "kind": m.kind,
        "document": [m.doc_number],
        "title": m.title,
        "validity_article": m.validity_article,
        "source_note": m.source_note,
    }


def fixture_objects(award: AwardDraft, ip: IpDraft) -> list[dict]:
    """Turn the drafts into Django fixture records identified by natural keys (no ids)."""
    award_key = [award.measure.doc_number]
    ip_key = [ip.measure.doc_number]
    scheme_key = [award.year]
    objects: list[dict] = [
        {"model": "rewards.measure", "fields": _measure_fields(award.measure)},
        {"model": "rewards.measure", "fields": _measure_fields(ip.measure)},
    ]
    recipients = [p.recipient for p in award.prizes if p.recipient]
    for name in dict.fromkeys(recipients):
        objects.append(
            {
                "model": "rewards.institution",
                "fields": {"name": name, "sector": "regulator"},
            }
        )
    objects.append(
        {
            "model": "rewards.awardscheme",
            "fields": {
                "measure": award_key,
                "year": award.year,
                "total_cap": _yuan(award.total_cap_wan),
                "institution_cap": _yuan(award.institution_cap_wan),
                "regulator_cap": _yuan(award.regulator_cap_wan),
                "min_operating_years": award.min_operating_years,
                "source_note": award.source_note,
            },
        }
    )
    for sector in award.sectors:
        objects.append(
            {
                "model": "rewards.sectorbudget",
                "fields": {
                    "scheme": scheme_key,
                    "sector": sector.sector,
                    "budget": _yuan(sector.budget_wan),
                    "printed_text": sector.printed_text,
                    "source_note": sector.source_note,
                },
            }
        )
    for prize in award.prizes:
        objects.append(
            {
                "model": "rewards.awardprize",
                "fields": {
                    "scheme": scheme_key,
                    "sector": prize.sector,
                    "name": prize.name,
                    "position": prize.position,
                    "is_additional": prize.is_additional,
                    "count": prize.count,
                    "amount": _yuan(prize.amount_wan),
                    "recipient": [prize.recipient] if prize.recipient else None,
                    "requirements": prize.requirements,
                    "growth_indicator": prize.growth_indicator,
                    "min_growth_pct": None
                    if prize.min_growth_pct is None
                    else f"{prize.min_growth_pct:.2f}",
                    "source_note": prize.source_note,
                    "readings": prize.readings,
                },
            }
        )
    conditions = [(award_key, c) for c in award.disqualifications]
    conditions += [(ip_key, c) for c in ip.conditions]
    positions: dict[tuple[str, str], int] = {}
    for measure, condition in conditions:
        key = (measure[0], condition.role)
        positions[key] = positions.get(key, 0) + 1
        objects.append(
            {
                "model": "rewards.condition",
                "fields": {
                    "measure": measure,
                    "role": condition.role,
                    "article": condition.article,
                    "item": condition.item,
                    "text": condition.text,
                    "position": positions[key],
                    "source_note": condition.source_note,
                },
            }
        )
    objects.append(
        {
            "model": "rewards.ipcompensationparameters",
            "fields": {
                "measure": ip_key,
                "article": ip.article,
                "provincial_pct": f"{ip.provincial_pct:.2f}",
                "city_pct": f"{ip.city_pct:.2f}",
                "first_year_city_cap": _yuan(ip.first_year_city_cap_wan),
                "later_city_cap_ceiling": _yuan(ip.later_city_cap_ceiling_wan),
                "source_note": ip.source_note,
            },
        }
    )
    return objects


def fixture_path() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "rewards" / FIXTURE_NAME


def build_fixture(path: Path | None = None) -> list[dict]:
    """Parse the source and return the fixture records."""
    lines = read_source(path)
    return fixture_objects(parse_award(lines), parse_ip(lines))

"""Read the blood-donation measure's figures from the gazette text into fixture records.

The documents app's parser (`documents.parsing.parse_issue`) finds the measure and its
articles, joined across page breaks; this module reads each figure out of the article
that states it and fails loudly when the wording no longer matches, so a new text is
never turned into silently wrong data. The readings that had to be chosen are written
into the records' `source_note`, shown on the calculator page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from documents.parsing import DocumentDraft, ProvisionDraft, parse_issue
from gazette_text import TextError, compact

DOC_NUMBER = "威政发〔2020〕7号"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "blood_donation" / "01_measure.json"

# 第二十条 states the lifetime and the relatives' amounts as 等量 ("the same amount").
MULTIPLE_WORDS = {"等量": 1}

# One reading per line; the page lists them as notes.
MEASURE_NOTE = "\n".join(
    [
        "第二十条按以下理解计算（本站采用的读法）：累计献血 {threshold} 毫升及以上的，本人终身无限量免费用血；"
        "不满 {threshold} 毫升的，每次献血自献血之日起 {years} 年内（含满 {years} 年的当日）按该次献血量的 "
        "{multiple} 倍计，此后终身按该次献血量的 {lifetime} 倍（等量）计，本人在某日可享受的量为各次献血之和。",
        "“{years}年内”的末日按《民法典》第二百零一条、第二百零二条取 {years} 年后的对应日"
        "（献血当日不计入）；没有对应日的（2月29日献血），取该月末日。",
        "亲属（{relatives}）合计共享与献血者累计献血量等量的免费用血，大家共用一份，不是每人一份；"
        "献血者本人终身无限量时，亲属仍按累计献血量计。",
        "已免费使用的血量分别从本人和亲属的可用量中扣除，扣完为止，最少为 0。",
        "办法施行前的献血与施行后的献血一样计入累计献血量。",
        "第三条“18 周岁至 55 周岁”“延长至 60 周岁”含本数：满 55 周岁的一整年（到 56 周岁生日前一天）仍在范围内。"
        "年龄按献血当日的周岁计算，生日当天满周岁；2月29日出生的人在平年的3月1日满周岁。",
        "第三条用“提倡”，本站把所列年龄范围作为能否献血的年龄条件；是否符合健康检查要求由血站另行检查。",
        "第十六条“1 至 2 个治疗单位”理解为每次 1 个或 2 个治疗单位。第二十条以毫升计献血量，"
        "办法没有规定单采血小板与毫升的折算，计算器只计全血献血。",
        "第三十条的施行日期和有效期至两端均含当日。",
    ]
)
HONOUR_NOTE = (
    "“{low}毫升以上不满{high}毫升”按“以上”含本数理解：{low} 毫升起，到 {high} 毫升前一档为止。"
)
UPWARD_NOTE = (
    "第二十六条末款印在第（五）项之后，但它是该条的独立一款，不属于第（五）项。"
    "“{low} 毫升及以上”含本数。该款“或者在无偿献血工作中有其他突出贡献的”不以献血量计算，计算器不作判断。"
)
FINE_NOTE = "“以上”“以下”均含本数。"
SECOND_FINE_NOTE = (
    "原文第二款没有区分单位和个人，只写“处以 {low} 元以上 {high} 元以下的罚款”；"
    "第十五条规定“任何单位和个人不得……”，故对单位和个人按同一幅度录入。"
)


@dataclass
class MeasureDraft:
    """Every figure of the measure, as read from its articles."""

    doc_number: str
    title: str
    signed_date: dt.date
    effective_from: dt.date
    effective_to: dt.date
    min_age: int
    max_age: int
    repeat_donor_max_age: int
    whole_blood_ml: list[int]
    platelet_units: list[int]
    unlimited_threshold_ml: int
    window_years: int
    window_multiple: int
    lifetime_multiple: int
    relatives_multiple: int
    relatives: list[str]
    honours: list[dict]
    reimbursement_text: str
    benefit_recipients: str
    benefits: list[str]
    benefit_note: str
    fines: list[dict]
    articles: dict[str, str] = field(default_factory=dict)


def default_source() -> Path:
    """Return the gazette text the portal is built from (settings.GAZETTE_SOURCE)."""
    return Path(settings.GAZETTE_SOURCE)


def article_texts(provisions: list[ProvisionDraft]) -> dict[str, str]:
    """Join each article with its paragraphs and items into one compact text."""
    texts: dict[str, str] = {}
    article_of: dict[str, str] = {}
    for p in provisions:
        if p.kind == "article":
            article_of[p.anchor] = p.anchor
        elif p.parent_anchor in article_of:
            article_of[p.anchor] = article_of[p.parent_anchor]
        else:
            continue
        anchor = article_of[p.anchor]
        label = "" if p.kind == "article" else p.label
        texts[anchor] = texts.get(anchor, "") + label + p.heading + p.text
    return {anchor: compact(text) for anchor, text in texts.items()}


def _search(pattern: str, text: str, article: str) -> re.Match:
    match = re.search(pattern, text)
    if match is None:
        raise TextError(f"{article}的文字与预期不符，无法读出数字：{text[:80]}…")
    return match


def _multiple(word: str) -> int:
    if word in MULTIPLE_WORDS:
        return MULTIPLE_WORDS[word]
    return int(_search(r"^(\d+)倍$", word, "第二十条")[1])


def parse_measure(text: str) -> MeasureDraft:
    """Read the measure's figures from the issue text."""
    documents = [d for d in parse_issue(text).documents if d.doc_number == DOC_NUMBER]
    if len(documents) != 1:
        raise TextError(f"公报中没有找到 {DOC_NUMBER}。")
    return measure_from_document(documents[0])


def measure_from_document(document: DocumentDraft, text: str = "") -> MeasureDraft:
    """Read the measure's figures from its parsed document (the extractor's reader)."""
    art = article_texts(document.provisions)
    title = _search(r"现将《([^》]+)》印发", compact(document.body), "通知正文")[1]

    m = _search(
        r"提倡(\d+)周岁至(\d+)周岁的健康公民自愿献血；既往无献血反应、符合健康检查要求的"
        r"多次献血者主动要求再次献血的，年龄可以延长至(\d+)周岁",
        art["第三条"],
        "第三条",
    )
    min_age, max_age, repeat_max = int(m[1]), int(m[2]), int(m[3])

    m = _search(r"全血献血者每次可以选择献(.+?)血液；", art["第十六条"], "第十六条")
    whole_blood = sorted(int(v) for v in re.findall(r"(\d+)毫升", m[1]))
    m = _search(r"单采血小板献血者每次可以献(\d+)至(\d+)个治疗单位", art["第十六条"], "第十六条")
    platelets = list(range(int(m[1]), int(m[2]) + 1))

    m = _search(
        r"献血者累计献血不满(\d+)毫升的，终身享受与献血量(等量|\d+倍)的免费用血，"
        r"自献血之日起(\d+)年内可以累计享受献血量(\d+)倍的免费用血；"
        r"献血者累计献血(\d+)毫升及以上的，可以终身享受无限量的免费用血",
        art["第二十条"],
        "第二十条",
    )
    if m[1] != m[5]:
        raise TextError(f"第二十条前后两处累计献血量不一致：{m[1]} 与 {m[5]}。")
    threshold, lifetime = int(m[1]), _multiple(m[2])
    years, multiple = int(m[3]), int(m[4])
    m = _search(
        r"献血者([^，。；]+?)可以累计享受与献血者献血量(等量|\d+倍)的免费用血",
        art["第二十条"],
        "第二十条",
    )
    relatives, relatives_multiple = m[1].split("、"), _multiple(m[2])

    m = _search(
        r"由(.+?)给予(通报表扬和奖励)：.*?无偿献血量累计达(\d+)毫升以上不满(\d+)毫升的；",
        art["第二十六条"],
        "第二十六条",
    )
    city = {
        "code": "city_commendation",
        "min_ml": int(m[3]),
        "below_ml": int(m[4]),
        "granted_by": f"由{m[1]}给予{m[2]}",
        "printed_text": m[0][m[0].index("无偿献血量") :].rstrip("；"),
        "source_note": HONOUR_NOTE.format(low=m[3], high=m[4]),
    }
    m = _search(
        r"对无偿献血量累计达(\d+)毫升及以上或者在无偿献血工作中有其他突出贡献的，(报请上级有关部门给予表彰和奖励)",
        art["第二十六条"],
        "第二十六条",
    )
    if int(m[1]) != city["below_ml"]:
        raise TextError("第二十六条两档荣誉的献血量没有衔接。")
    upward = {
        "code": "reported_upward",
        "min_ml": int(m[1]),
        "below_ml": None,
        "granted_by": m[2],
        "printed_text": m[0],
        "source_note": UPWARD_NOTE.format(low=m[1]),
    }

    reimbursement = _search(
        r"^献血者及其受益人免交临床用血费用的，.+。$", art["第二十一条"], "第二十一条"
    )[0]

    m = _search(
        r"^(在本市获得.+?的个人，凭相关证件)可以(.+?)。(鼓励.+?。)$",
        art["第二十八条"],
        "第二十八条",
    )
    recipients, benefits, benefit_note = m[1], m[2].split("，"), m[3]

    paragraphs = art["第二十九条"]
    m = _search(
        r"违反本办法，(雇佣他人冒名献血)的，由(.+?)视情节轻重，对单位处以(\d+)元以上(\d+)元以下的罚款，"
        r"对个人处以(\d+)元以上(\d+)元以下的罚款",
        paragraphs,
        "第二十九条",
    )
    fines = [
        _fine(m[1], "unit", m[3], m[4], "", m[2], FINE_NOTE),
        _fine(m[1], "individual", m[5], m[6], "", m[2], FINE_NOTE),
    ]
    m = _search(
        r"违反本办法，(伪造、涂改、出租、买卖、转借《无偿献血证》)的，由(.+?)(没收该证件)，"
        r"并处以(\d+)元以上(\d+)元以下的罚款",
        paragraphs,
        "第二十九条",
    )
    note = FINE_NOTE + SECOND_FINE_NOTE.format(low=m[4], high=m[5])
    fines += [
        _fine(m[1], "unit", m[4], m[5], m[3], m[2], note),
        _fine(m[1], "individual", m[4], m[5], m[3], m[2], note),
    ]

    if document.signed_date is None:
        raise TextError(f"{document.doc_number} 没有读到成文日期。")
    if document.effective_from is None or document.effective_to is None:
        raise TextError(f"{document.doc_number} 没有读到施行日期和有效期。")

    return MeasureDraft(
        doc_number=document.doc_number,
        title=title,
        signed_date=document.signed_date,
        effective_from=document.effective_from,
        effective_to=document.effective_to,
        min_age=min_age,
        max_age=max_age,
        repeat_donor_max_age=repeat_max,
        whole_blood_ml=whole_blood,
        platelet_units=platelets,
        unlimited_threshold_ml=threshold,
        window_years=years,
        window_multiple=multiple,
        lifetime_multiple=lifetime,
        relatives_multiple=relatives_multiple,
        relatives=relatives,
        honours=[city, upward],
        reimbursement_text=reimbursement,
        benefit_recipients=recipients,
        benefits=benefits,
        benefit_note=benefit_note,
        fines=fines,
        articles=art,
    )


def _fine(offence, offender, low, high, other, authority, note) -> dict:
    return {
        "offence": offence,
        "offender": offender,
        "min_yuan": f"{int(low)}.00",
        "max_yuan": f"{int(high)}.00",
        "other_penalty": other,
        "authority": authority,
        "source_note": note,
    }


def fixture_records(draft: MeasureDraft) -> list[dict]:
    """Turn the draft into Django fixture records with fixed primary keys."""
    measure_key = [draft.doc_number]
    records: list[dict] = [
        {
            "model": "blood_donation.measure",
            "fields": {
                "document": [draft.doc_number],
                "title": draft.title,
                "validity_article": "第三十条",
                "min_age": draft.min_age,
                "max_age": draft.max_age,
                "repeat_donor_max_age": draft.repeat_donor_max_age,
                "age_article": "第三条",
                "unlimited_threshold_ml": draft.unlimited_threshold_ml,
                "window_years": draft.window_years,
                "window_multiple": draft.window_multiple,
                "lifetime_multiple": draft.lifetime_multiple,
                "relatives_multiple": draft.relatives_multiple,
                "entitlement_article": "第二十条",
                "reimbursement_text": draft.reimbursement_text,
                "reimbursement_article": "第二十一条",
                "benefit_recipients": draft.benefit_recipients,
                "benefit_note": draft.benefit_note,
                "benefit_article": "第二十八条",
                "source_note": MEASURE_NOTE.format(
                    threshold=draft.unlimited_threshold_ml,
                    years=draft.window_years,
                    multiple=draft.window_multiple,
                    lifetime=draft.lifetime_multiple,
                    relatives="、".join(draft.relatives),
                ),
            },
        }
    ]
    options = [("whole_blood", ml) for ml in draft.whole_blood_ml]
    options += [("platelets", units) for units in draft.platelet_units]
    for kind, amount in options:
        records.append(
            {
                "model": "blood_donation.donationoption",
                "fields": {
                    "measure": measure_key,
                    "kind": kind,
                    "amount": amount,
                    "article": "第十六条",
                },
            }
        )
    for position, name in enumerate(draft.relatives, start=1):
        records.append(
            {
                "model": "blood_donation.relative",
                "fields": {"measure": measure_key, "name": name, "position": position},
            }
        )
    for honour in draft.honours:
        records.append(
            {
                "model": "blood_donation.honourlevel",
                "fields": {"measure": measure_key, "article": "第二十六条", **honour},
            }
        )
    for position, text in enumerate(draft.benefits, start=1):
        records.append(
            {
                "model": "blood_donation.benefit",
                "fields": {"measure": measure_key, "text": text, "position": position},
            }
        )
    for position, fine in enumerate(draft.fines, start=1):
        records.append(
            {
                "model": "blood_donation.fine",
                "fields": {
                    "measure": measure_key,
                    "position": position,
                    "article": "第二十九条",
                    **fine,
                },
            }
        )
    return records

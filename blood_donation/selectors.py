"""Reads of the blood-donation rules, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import prefetch_related_objects
from django.urls import reverse

from blood_donation import rules
from blood_donation.models import Measure
from documents.parsing import document_kind
from gazette_site.http import json_number
from search.registry import SearchRecord

RULE_RELATIONS = ("donation_options", "relatives", "honour_levels", "benefits", "fines")


def measure_for_date(as_of: dt.date, *, with_rows: bool = True) -> Measure | None:
    """Return the measure that governs a date, with all its rule rows unless told not to.

    The one in force; else the latest that had started (now expired); else the first
    one still to come. Two queries at most, then one per rule table.
    """
    measures = Measure.objects.select_related("document")
    measure = (
        measures.filter(document__effective_from__lte=as_of)
        .order_by("-document__effective_from")
        .first()
    )
    if measure is None:
        measure = measures.order_by("document__effective_from").first()
    if measure is not None and with_rows:
        prefetch_related_objects([measure], *RULE_RELATIONS)
    return measure


def search_records() -> Iterator[SearchRecord]:
    """Offer the calculator and the rules of every measure to the portal's search."""
    measures = (
        Measure.objects.select_related("document")
        .prefetch_related(*RULE_RELATIONS)
        .order_by("document__effective_from")
    )
    for measure in measures:
        relatives = "、".join(r.name for r in measure.relatives.all())
        volumes = "、".join(str(v) for v in measure.whole_blood_volumes)
        honours = "；".join(h.printed_text for h in measure.honour_levels.all())
        fines = "；".join(
            f"{f.offence}，对{f.get_offender_display()}处以{f.min_yuan:.0f}元以上{f.max_yuan:.0f}元以下的罚款"
            for f in measure.fines.all()
        )
        base = dict(
            doc_number=measure.doc_number,
            date=measure.signed_date,
            facets={
                "year": measure.signed_date.year,
                "doc_kind": document_kind(measure.title),
                "in_force_from": measure.effective_from.isoformat(),
                "effective_to": measure.effective_to.isoformat(),
            },
        )
        yield SearchRecord(
            key=f"blood_donation.calculator:{measure.pk}",
            kind="calculator",
            title=f"无偿献血免费用血计算器（{measure.title}）",
            body=(
                f"无偿献血 献血 免费用血 用血 献血量 献血证 献血者 亲属 荣誉 计算器。"
                f"累计献血 {measure.unlimited_threshold_ml} 毫升及以上终身无限量免费用血；"
                f"不满 {measure.unlimited_threshold_ml} 毫升的，自献血之日起 {measure.window_years} 年内"
                f"享受献血量 {measure.window_multiple} 倍的免费用血，此后终身享受等量免费用血。"
                f"{relatives}共享与献血量等量的免费用血。全血每次 {volumes} 毫升。"
                f"献血年龄 {measure.min_age} 至 {measure.max_age} 周岁，多次献血者可延长至"
                f" {measure.repeat_donor_max_age} 周岁。{measure.reimbursement_text}"
            ),
            url=reverse("blood_donation:calculator"),
            **base,
        )
        yield SearchRecord(
            key=f"blood_donation.honours:{measure.pk}",
            kind="rule",
            title=f"无偿献血表彰奖励和优待（{measure.title}）",
            body=f"{honours}。{measure.benefit_recipients}"
            + "，".join(b.text for b in measure.benefits.all()),
            url=reverse("blood_donation:calculator") + "#honours",
            **base,
        )
        yield SearchRecord(
            key=f"blood_donation.fines:{measure.pk}",
            kind="rule",
            title=f"冒名献血和伪造无偿献血证的罚款（{measure.title}）",
            body=fines,
            url=reverse("blood_donation:calculator") + "#fines",
            **base,
        )


def honour(measure: Measure, cumulative_ml: int) -> rules.Honour:
    """The honour a cumulative volume earns under a prefetched measure."""
    return rules.honour(cumulative_ml, [level.threshold for level in measure.honour_levels.all()])


def _level(measure: Measure, code: str | None):
    return next((level for level in measure.honour_levels.all() if level.code == code), None)


def calculator_answer(measure: Measure, form) -> dict:
    """Answer the calculator's checked input (blood_donation.forms.CalculatorInput).

    The entitlement and honour when donations were given, the age check when a birth date was.
    """
    answer = {}
    if form.donations:
        answer["entitlement"] = rules.entitlement(
            form.donations,
            as_of=form.as_of,
            used_self_ml=form.used_self_ml,
            used_relatives_ml=form.used_relatives_ml,
            figures=measure.entitlement_figures,
        )
        answer["honour"] = honour(measure, answer["entitlement"].cumulative_ml)
    if form.birth is not None:
        answer["age"] = rules.age_check(
            birth=form.birth,
            on=form.on,
            repeat_no_reaction=form.repeat_no_reaction,
            figures=measure.age_figures,
        )
    return answer


def honour_context(measure: Measure, earned: rules.Honour | None) -> dict:
    """The honour level reached and the next one, with the article that names them."""
    if not earned:
        return {}
    level, next_level = _level(measure, earned.code), _level(measure, earned.next_code)
    shown = level or next_level
    return {
        "honour_level": level,
        "next_level": next_level,
        "honour_article": shown.article if shown else "",
    }


# The measure's single figures, in the order the open data lists them.
_FIGURES = (
    ("min_age", "献血年龄下限", "周岁", "age_article"),
    ("max_age", "献血年龄上限", "周岁", "age_article"),
    ("repeat_donor_max_age", "多次献血者年龄上限", "周岁", "age_article"),
    ("unlimited_threshold_ml", "终身无限量免费用血的累计献血量", "毫升", "entitlement_article"),
    ("window_years", "倍数免费用血年限", "年", "entitlement_article"),
    ("window_multiple", "年限内免费用血倍数", "倍", "entitlement_article"),
    ("lifetime_multiple", "年限后终身免费用血倍数", "倍", "entitlement_article"),
    ("relatives_multiple", "亲属共享免费用血倍数", "倍", "entitlement_article"),
)


def rules_rows(measure: Measure) -> list[dict]:
    """The measure's figures as open-data rows: single figures, honour levels, then fines."""
    common = {"measure": measure.title, "doc_number": measure.document.doc_number}
    rows = [
        {
            **common,
            "rule": label,
            "value": getattr(measure, name),
            "value_max": None,
            "unit": unit,
            "article": getattr(measure, article),
        }
        for name, label, unit, article in _FIGURES
    ]
    rows += [
        {
            **common,
            "rule": f"{level.get_code_display()}（累计献血量）",
            "value": level.min_ml,
            "value_max": level.below_ml,
            "unit": "毫升",
            "article": level.article,
        }
        for level in measure.honour_levels.all()
    ]
    rows += [
        {
            **common,
            "rule": f"罚款：{fine.offence}（{fine.get_offender_display()}）",
            "value": json_number(fine.min_yuan),
            "value_max": json_number(fine.max_yuan),
            "unit": "元",
            "article": fine.article,
        }
        for fine in measure.fines.all()
    ]
    return rows

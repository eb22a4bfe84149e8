"""The plan's rules as pure functions; every figure comes in as an argument.

Figures (prices, the split, the dates) live in the database (fixtures, editable in
admin) and are passed in by the services, views and import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gazette_site.formatting import FEN, cn_date, to_fen

# Quantities are recorded to two decimals (weights in 斤); the database field has two places.
QUANTITY_PLACES = 2
# The largest quantity the registry can store (12 digits, 2 of them decimals).
MAX_QUANTITY = Decimal("9999999999.99")

JUVENILE_TOKENS = {"juvenile", "幼体", "是", "1", "true", "yes", "y"}
ADULT_TOKENS = {"", "否", "0", "false", "no", "n", "成体"}


@dataclass(frozen=True)
class Shares:
    """A total and its city and county parts, to the fen."""

    total: Decimal
    city: Decimal
    county: Decimal


@dataclass(frozen=True)
class MethodConditions:
    """The conditions the plan attaches to one disposal method."""

    name: str
    native_species_only: bool
    needs_assessment: bool
    approval: str  # "never", "national_key" or "always"
    approval_authority: str
    needs_receiving_unit: bool


def quantity_problem(quantity: Decimal, *, unit: str, per_animal: bool) -> str | None:
    """Check a registered quantity (威政办字〔2020〕50号 三、(一) 种类、数量(重量)); None when fine."""
    if not quantity.is_finite():
        return "数量不是有效数字。"
    if quantity <= 0:
        return f"数量须大于0（填写的是 {quantity}）。"
    if quantity > MAX_QUANTITY:
        return f"数量过大（填写的是 {quantity}）。"
    if per_animal and quantity != quantity.to_integral_value():
        return f"按“{unit}”补偿的物种数量须为整数（填写的是 {quantity}）。"
    if quantity != quantity.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)):
        return f"数量最多保留{QUANTITY_PLACES}位小数（填写的是 {quantity}）。"
    return None


def verification_date_problem(verified_on: dt.date, *, cutoff: dt.date) -> str | None:
    """Check the verification date against the cut-off (威政办字〔2020〕50号 三、(一)); None when fine."""
    if verified_on > cutoff:
        return f"核查日期{cn_date(verified_on)}晚于登记数据截止时间{cn_date(cutoff)}，不能登记。"
    return None


def parse_juvenile(token: str) -> bool:
    """Read a juvenile flag (附件2 注：当年孵化的幼体); raise ValueError for an unclear value."""
    value = (token or "").strip().lower()
    if value in JUVENILE_TOKENS:
        return True
    if value in ADULT_TOKENS:
        return False
    raise ValueError(f"幼体一栏“{token}”无法识别，请填写“是”或“否”。")


def unit_price(
    *, species_name: str, price: Decimal, juvenile_price: Decimal | None, juvenile: bool
) -> Decimal:
    """Pick the unit price, the juvenile one where flagged (威政办字〔2020〕50号 附件2 注)."""
    if not juvenile:
        return price
    if juvenile_price is None:
        raise ValueError(f"{species_name}没有幼体补偿标准，不能按幼体计算。")
    return juvenile_price


def line_amount(*, quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Price one line: quantity × unit price, to the fen (威政办字〔2020〕50号 二、(三) 单体标准)."""
    return to_fen(quantity * unit_price)


def registration_amount(
    *,
    species_name: str,
    quantity: Decimal,
    price: Decimal,
    juvenile_price: Decimal | None,
    juvenile: bool,
    converted_to_non_food: bool,
    scope_compensated: bool,
) -> Decimal:
    """Compensation for one registration; nil if converted to non-food use (威政办字〔2020〕50号 二、(二))."""
    if converted_to_non_food or not scope_compensated:
        return Decimal("0.00")
    chosen = unit_price(
        species_name=species_name, price=price, juvenile_price=juvenile_price, juvenile=juvenile
    )
    return line_amount(quantity=quantity, unit_price=chosen)


def split_shares(total: Decimal, *, city_parts: int, county_parts: int) -> Shares:
    """Split a total between city and county budgets (威政办字〔2020〕50号 二、(四) 5:5).

    The city share is total × city/(city+county) rounded half up to the fen; the county
    share is the remainder, so city + county == total exactly (an odd fen goes to the city).
    """
    total = to_fen(total)
    parts = city_parts + county_parts
    if parts <= 0:
        raise ValueError("市县承担比例不能都为0。")
    city = (total * city_parts / parts).quantize(FEN, rounding=ROUND_HALF_UP)
    return Shares(total=total, city=city, county=total - city)


def disposal_problems(
    *,
    method: MethodConditions,
    species_name: str,
    species_origin: str,
    species_national_key: bool | None,
    quantity: Decimal | None,
    unit: str,
    per_animal: bool,
    remaining: Decimal,
    disposed_on: dt.date | None,
    verified_on: dt.date,
    receiving_unit: str,
    approval_reference: str,
    assessment_confirmed: bool,
) -> dict[str, str]:
    """Check a disposal against its method's conditions (威政办字〔2020〕50号 三、(三)); {} when fine."""
    problems: dict[str, str] = {}
    if quantity is not None:
        problem = quantity_problem(quantity, unit=unit, per_animal=per_animal)
        if problem:
            problems["quantity"] = problem.replace("数量", "处置数量", 1)
        elif quantity > remaining:
            problems["quantity"] = (
                f"处置数量 {quantity}{unit} 超过尚未处置的数量 {remaining}{unit}。"
            )
    if disposed_on is not None and disposed_on < verified_on:
        problems["disposed_on"] = (
            f"处置日期{cn_date(disposed_on)}早于核查日期{cn_date(verified_on)}。"
        )
    if method.native_species_only:
        if species_origin == "alien":
            problems["method"] = f"{species_name}为外来物种，严禁{method.name}。"
        elif species_origin != "native":
            problems["method"] = (
                f"{method.name}仅限我市有自然分布的本地物种；{species_name}尚未标注为本地物种，"
                "请先由林业部门在物种补偿标准中标注。"
            )
    if method.needs_assessment and not assessment_confirmed:
        problems["assessment_confirmed"] = f"{method.name}须经科学评估，确认具备野外生存能力。"
    needs_approval = method.approval == "always" or (
        method.approval == "national_key" and species_national_key is not False
    )
    if needs_approval and not approval_reference.strip():
        reason = (
            ""
            if method.approval == "always"
            else (
                f"{species_name}为国家重点保护野生动物，"
                if species_national_key
                else f"{species_name}尚未标注是否为国家重点保护野生动物，"
            )
        )
        problems["approval_reference"] = (
            f"{reason}{method.name}须报{method.approval_authority}同意，请填写同意文书。"
        )
    if method.needs_receiving_unit and not receiving_unit.strip():
        problems["receiving_unit"] = f"{method.name}须填写接收单位。"
    return problems

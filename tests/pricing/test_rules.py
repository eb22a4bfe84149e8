"""The monthly surcharge against the real schedule (fixtures/pricing, parsed from the gazette)."""

import datetime as dt
from decimal import Decimal

import pytest

from pricing import rules
from pricing.rules import EvaluationFact as F

pytestmark = pytest.mark.django_db

D = Decimal


def month(text: str) -> dt.date:
    return dt.date.fromisoformat(text + "-01")


def compute(schedule, years, when="2021-06", kwh="10000", m3="1000", other="0"):
    return rules.surcharge_for_month(
        schedule,
        consecutive_years=years,
        month=month(when),
        kwh=D(kwh),
        water_m3=D(m3),
        other_kwh_rate=D(other),
    )


@pytest.mark.parametrize(
    "years,electricity,water,label",
    [
        (1, "0.05", "0.15", "第一年"),
        (2, "0.10", "0.30", "连续两年"),
        (3, "0.15", "0.45", "连续三年及以上"),
        (4, "0.15", "0.45", "连续三年及以上"),
        (7, "0.15", "0.45", "连续三年及以上"),
    ],
)
def test_each_step(schedule, years, electricity, water, label):
    result = compute(schedule, years, kwh="10000", m3="1000")
    assert result.in_force
    assert result.electricity_rate == D(electricity)
    assert result.water_rate == D(water)
    assert result.step_label == label
    assert result.electricity_yuan == D(electricity) * 10000
    assert result.water_yuan == D(water) * 1000
    assert result.total_yuan == result.electricity_yuan + result.water_yuan


def test_not_class_d_owes_nothing_while_in_force(schedule):
    result = compute(schedule, 0)
    assert result.in_force
    assert result.total_yuan == 0
    assert result.electricity_rate == 0 and result.water_rate == 0
    assert "未列入D类" in result.reasons[0]


def test_consecutive_years_from_history():
    history = [F(2019, "D", dt.date(2020, 5, 10)), F(2020, "D", dt.date(2021, 4, 20))]
    assert rules.consecutive_d_years(history, month=month("2020-06")) == 1
    assert rules.consecutive_d_years(history, month=month("2021-05")) == 2
    history.append(F(2021, "D", dt.date(2022, 4, 15)))
    history.append(F(2022, "D", dt.date(2023, 4, 15)))
    assert rules.consecutive_d_years(history, month=month("2022-05")) == 3
    assert rules.consecutive_d_years(history, month=month("2023-05")) == 4


def test_a_year_in_another_class_breaks_the_run():
    history = [
        F(2018, "D", dt.date(2019, 4, 1)),
        F(2019, "B", dt.date(2020, 4, 1)),
        F(2020, "D", dt.date(2021, 4, 1)),
    ]
    assert rules.consecutive_d_years(history, month=month("2020-06")) == 0
    assert rules.consecutive_d_years(history, month=month("2021-05")) == 1
    assert rules.d_run_ending(history, year=2020) == 1
    assert rules.d_run_ending(history, year=2019) == 0


def test_a_missing_year_breaks_the_run():
    history = [F(2018, "D", dt.date(2019, 4, 1)), F(2020, "D", dt.date(2021, 4, 1))]
    assert rules.consecutive_d_years(history, month=month("2021-05")) == 1
    assert rules.d_run_ending(history, year=2020) == 1


def test_leaving_class_d_stops_the_surcharge_from_the_next_month():
    history = [F(2019, "D", dt.date(2020, 5, 10)), F(2020, "C", dt.date(2021, 4, 20))]
    assert rules.consecutive_d_years(history, month=month("2021-04")) == 1
    assert rules.consecutive_d_years(history, month=month("2021-05")) == 0


def test_publication_month_rule():
    history = [F(2020, "D", dt.date(2021, 5, 20))]
    # Published in May: the May meter reading is not charged, June's is.
    assert rules.consecutive_d_years(history, month=month("2021-05")) == 0
    assert rules.consecutive_d_years(history, month=month("2021-06")) == 1
    assert rules.charging_start_month(dt.date(2021, 5, 20)) == month("2021-06")


def test_published_on_the_first_of_a_month_counts_from_the_next_month():
    history = [F(2020, "D", dt.date(2021, 6, 1))]
    assert rules.consecutive_d_years(history, month=month("2021-06")) == 0
    assert rules.consecutive_d_years(history, month=month("2021-07")) == 1
    history = [F(2020, "D", dt.date(2021, 5, 31))]
    assert rules.consecutive_d_years(history, month=month("2021-06")) == 1


def test_december_publication_counts_from_january():
    assert rules.charging_start_month(dt.date(2020, 12, 15)) == month("2021-01")


def test_no_double_surcharge_at_equal_rates(schedule):
    result = compute(schedule, 1, kwh="10000", other="0.05")
    assert result.applied_electricity_rate == D("0.05")
    assert result.electricity_part_rate == 0
    assert result.electricity_yuan == 0
    # Water has no such rule: its surcharge stays.
    assert result.water_yuan == D("150.00")
    assert result.total_yuan == D("150.00")


def test_no_double_surcharge_when_the_other_is_higher(schedule):
    result = compute(schedule, 3, kwh="10000", other="0.30")
    assert result.electricity_rate == D("0.15")
    assert result.applied_electricity_rate == D("0.30")
    assert result.electricity_yuan == 0


def test_no_double_surcharge_when_this_notice_is_higher(schedule):
    result = compute(schedule, 2, kwh="10000", other="0.03")
    assert result.applied_electricity_rate == D("0.10")
    assert result.electricity_part_rate == D("0.07")
    assert result.electricity_yuan == D("700.00")


def test_validity_edges(schedule):
    before = compute(schedule, 2, when="2020-06")
    assert not before.in_force and before.total_yuan == 0
    assert "早于" in before.reasons[0] and "2020年7月18日" in before.reasons[0]

    july = compute(schedule, 2, when="2020-07", kwh="3100", m3="310")
    assert july.in_force and july.partial
    assert (july.days_in_force, july.days_in_month) == (14, 31)
    # 18–31 July: 14 of 31 days of the month's reading.
    assert july.electricity_yuan == D("140.00")  # 3100 × 0.10 × 14/31
    assert july.water_yuan == D("42.00")  # 310 × 0.30 × 14/31
    assert any("14/31" in r for r in july.reasons)

    august = compute(schedule, 2, when="2020-08", kwh="3100")
    assert august.in_force and not august.partial
    assert august.electricity_yuan == D("310.00")

    february = compute(schedule, 2, when="2022-02", kwh="1000", m3="0")
    assert february.in_force and not february.partial
    assert february.electricity_yuan == D("100.00")

    march = compute(schedule, 2, when="2022-03")
    assert not march.in_force and march.total_yuan == 0
    assert "晚于" in march.reasons[0] and "2022年2月28日" in march.reasons[0]


def test_outside_the_window_the_other_surcharge_is_what_applies(schedule):
    result = compute(schedule, 3, when="2022-03", other="0.02")
    assert result.electricity_rate == 0
    assert result.applied_electricity_rate == D("0.02")
    assert result.electricity_yuan == 0


def test_amounts_are_rounded_half_up_to_the_fen(schedule):
    # 0.1 kWh × 0.05 = 0.005 元 → 0.01 元 (四舍五入)
    result = compute(schedule, 1, kwh="0.1", m3="0")
    assert result.electricity_yuan == D("0.01")
    # 0.09 kWh × 0.05 = 0.0045 元 → 0.00 元
    assert compute(schedule, 1, kwh="0.09", m3="0").electricity_yuan == D("0.00")
    # Partial month: 1 kWh × 0.05 × 14/31 = 0.02258… → 0.02
    july = compute(schedule, 1, when="2020-07", kwh="1", m3="0")
    assert july.electricity_yuan == D("0.02")


def test_total_is_the_sum_of_the_rounded_parts(schedule):
    # 0.1 × 0.05 = 0.005 → 0.01; 0.1 × 0.15 = 0.015 → 0.02; total 0.03 (not 0.02)
    result = compute(schedule, 1, kwh="0.1", m3="0.1")
    assert (result.electricity_yuan, result.water_yuan, result.total_yuan) == (
        D("0.01"),
        D("0.02"),
        D("0.03"),
    )


def test_step_for_a_gap_in_the_schedule_finds_nothing():
    steps = (
        rules.Step("electricity", 1, False, D("0.05")),
        rules.Step("electricity", 3, True, D("0.15")),
    )
    assert rules.step_for(steps, resource="electricity", consecutive_years=2) is None
    assert rules.step_for(steps, resource="electricity", consecutive_years=5).rate == D("0.15")
    assert rules.step_for(steps, resource="water", consecutive_years=1) is None


def test_twelve_month_table_follows_the_history(schedule):
    history = [F(2019, "D", dt.date(2020, 5, 10)), F(2020, "D", dt.date(2021, 4, 20))]
    months = rules.months_from(month("2021-01"), 12)
    table = rules.surcharge_table(
        schedule, history, months=months, volumes=[(D(1000), D(100))] * 12
    )
    assert [r.consecutive_years for r in table] == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert table[0].electricity_yuan == D("50.00")
    assert table[4].electricity_yuan == D("100.00")


def test_publication_date_plausible_range():
    today = dt.date(2026, 1, 1)
    assert rules.publication_date_problem(2020, dt.date(2021, 4, 1), today=today) is None
    assert rules.publication_date_problem(2020, dt.date(2020, 1, 1), today=today) is None
    assert rules.publication_date_problem(2020, dt.date(2021, 12, 31), today=today) is None
    assert "2020年1月1日至2021年12月31日" in rules.publication_date_problem(
        2020, dt.date(2022, 1, 1), today=today
    )
    assert rules.publication_date_problem(2020, dt.date(2019, 12, 31), today=today)
    assert "晚于今天" in rules.publication_date_problem(2025, dt.date(2026, 3, 1), today=today)
    assert "晚于今年" in rules.publication_date_problem(2027, dt.date(2027, 3, 1), today=today)
    assert "不合理" in rules.publication_date_problem(20, dt.date(2021, 3, 1), today=today)

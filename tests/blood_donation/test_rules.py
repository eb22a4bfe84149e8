"""Every boundary of the rules, with the figures read from the committed fixture."""

import datetime as dt

import pytest

from blood_donation import rules
from blood_donation.rules import Donation

D = dt.date


def ent(measure, donations, as_of, used_self=0, used_relatives=0):
    return rules.entitlement(
        [Donation(d, ml) for d, ml in donations],
        as_of=as_of,
        used_self_ml=used_self,
        used_relatives_ml=used_relatives,
        figures=measure.entitlement_figures,
    )


@pytest.mark.django_db
class TestCumulativeThreshold:
    def test_900_ml_is_not_unlimited(self, measure):
        result = ent(
            measure,
            [(D(2021, 1, 1), 400), (D(2021, 7, 1), 300), (D(2022, 1, 1), 200)],
            D(2022, 6, 1),
        )
        assert result.cumulative_ml == 900
        assert result.unlimited is False
        assert result.self_ml == 4500  # all three still within five years: 5 × 900

    def test_1000_ml_is_unlimited_for_life(self, measure):
        result = ent(
            measure,
            [(D(2021, 1, 1), 400), (D(2021, 7, 1), 400), (D(2022, 1, 1), 200)],
            D(2040, 1, 1),
        )
        assert result.cumulative_ml == 1000
        assert result.unlimited is True
        assert result.self_ml is None
        assert result.self_gross_ml is None

    def test_donations_before_the_measure_count(self, measure):
        result = ent(
            measure,
            [(D(2015, 3, 1), 400), (D(2018, 3, 1), 400), (D(2020, 10, 31), 200)],
            D(2021, 1, 1),
        )
        assert result.cumulative_ml == 1000
        assert result.unlimited is True


@pytest.mark.django_db
class TestFiveYearWindow:
    def test_exactly_five_years_later_is_still_five_times(self, measure):
        result = ent(measure, [(D(2020, 11, 1), 400)], D(2025, 11, 1))
        assert result.lines[0].window_ends_on == D(2025, 11, 1)
        assert result.lines[0].in_window is True
        assert result.self_ml == 2000

    def test_one_day_more_is_the_volume_itself(self, measure):
        result = ent(measure, [(D(2020, 11, 1), 400)], D(2025, 11, 2))
        assert result.lines[0].in_window is False
        assert result.self_ml == 400

    def test_donation_day_itself_counts_five_times(self, measure):
        assert ent(measure, [(D(2021, 3, 5), 300)], D(2021, 3, 5)).self_ml == 1500

    def test_sum_over_donations_mixes_old_and_recent(self, measure):
        result = ent(measure, [(D(2014, 5, 1), 400), (D(2021, 5, 1), 200)], D(2022, 1, 1))
        assert [line.free_ml for line in result.lines] == [400, 1000]
        assert result.self_ml == 1400

    def test_leap_day_donation_ends_on_28_february(self, measure):
        assert rules.window_end(D(2020, 2, 29), measure.entitlement_figures) == D(2025, 2, 28)
        assert ent(measure, [(D(2020, 2, 29), 200)], D(2025, 2, 28)).self_ml == 1000
        assert ent(measure, [(D(2020, 2, 29), 200)], D(2025, 3, 1)).self_ml == 200

    def test_window_beyond_the_calendar_does_not_fail(self, measure):
        assert rules.window_end(D(9998, 1, 1), measure.entitlement_figures) == dt.date.max


@pytest.mark.django_db
class TestUsedVolumes:
    def test_used_volume_is_subtracted(self, measure):
        result = ent(
            measure, [(D(2021, 1, 1), 400)], D(2022, 1, 1), used_self=500, used_relatives=100
        )
        assert result.self_ml == 1500
        assert result.relatives_ml == 300

    def test_used_more_than_entitlement_gives_zero_not_negative(self, measure):
        result = ent(
            measure, [(D(2021, 1, 1), 400)], D(2022, 1, 1), used_self=2001, used_relatives=401
        )
        assert result.self_ml == 0
        assert result.relatives_ml == 0
        assert result.self_overdrawn and result.relatives_overdrawn

    def test_used_exactly_the_entitlement_gives_zero(self, measure):
        result = ent(
            measure, [(D(2021, 1, 1), 400)], D(2022, 1, 1), used_self=2000, used_relatives=400
        )
        assert (result.self_ml, result.relatives_ml) == (0, 0)
        assert not result.self_overdrawn and not result.relatives_overdrawn

    def test_unlimited_donor_stays_unlimited_whatever_was_used(self, measure):
        result = ent(measure, [(D(2021, 1, 1), 400)] * 3, D(2022, 1, 1), used_self=100000)
        assert result.unlimited and result.self_ml is None


@pytest.mark.django_db
class TestRelatives:
    def test_relatives_share_the_cumulative_volume_not_five_times(self, measure):
        result = ent(measure, [(D(2021, 1, 1), 400), (D(2021, 8, 1), 300)], D(2022, 1, 1))
        assert result.self_ml == 3500
        assert result.relatives_ml == 700

    def test_relatives_of_an_unlimited_donor_get_the_cumulative_volume(self, measure):
        result = ent(measure, [(D(2021, 1, 1), 400)] * 3, D(2022, 1, 1), used_relatives=200)
        assert result.relatives_gross_ml == 1200
        assert result.relatives_ml == 1000

    def test_relatives_amount_does_not_expire(self, measure):
        assert ent(measure, [(D(2001, 1, 1), 400)], D(2030, 1, 1)).relatives_ml == 400

    def test_the_five_relatives_of_the_article(self, measure):
        names = [r.name for r in measure.relatives.all()]
        assert names == ["配偶", "父母", "子女", "配偶父母", "子女配偶"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cumulative", "code", "next_threshold"),
    [
        (0, "none", 2000),
        (1999, "none", 2000),
        (2000, "city_commendation", 4000),
        (3999, "city_commendation", 4000),
        (4000, "reported_upward", None),
        (12000, "reported_upward", None),
    ],
)
def test_honour_thresholds(measure, cumulative, code, next_threshold):
    thresholds = [level.threshold for level in measure.honour_levels.all()]
    result = rules.honour(cumulative, thresholds)
    assert result.code == code
    assert result.next_threshold_ml == next_threshold
    if next_threshold is not None:
        assert result.missing_ml == next_threshold - cumulative


def birth_for_age(age: int, on: dt.date) -> dt.date:
    """A birth date that makes someone exactly `age` on `on` (their birthday)."""
    return on.replace(year=on.year - age)


ON = D(2022, 6, 15)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("age", "repeat", "may"),
    [
        (17, False, False),
        (17, True, False),
        (18, False, True),
        (18, True, True),
        (55, False, True),
        (55, True, True),
        (56, False, False),
        (56, True, True),
        (60, False, False),
        (60, True, True),
        (61, False, False),
        (61, True, False),
    ],
)
def test_age_boundaries(measure, age, repeat, may):
    check = rules.age_check(
        birth=birth_for_age(age, ON), on=ON, repeat_no_reaction=repeat, figures=measure.age_figures
    )
    assert check.age == age
    assert check.may_donate is may
    assert f"{age} 周岁" in check.reason


@pytest.mark.django_db
class TestAgeCounting:
    def test_the_day_before_the_18th_birthday_is_17(self, measure):
        check = rules.age_check(
            birth=D(2004, 6, 16), on=ON, repeat_no_reaction=False, figures=measure.age_figures
        )
        assert (check.age, check.may_donate) == (17, False)

    def test_the_day_before_the_56th_birthday_is_still_55(self, measure):
        check = rules.age_check(
            birth=D(1966, 6, 16), on=ON, repeat_no_reaction=False, figures=measure.age_figures
        )
        assert (check.age, check.may_donate) == (55, True)

    def test_reasons_explain_the_repeat_donor_extension(self, measure):
        check = rules.age_check(
            birth=D(1964, 1, 1), on=ON, repeat_no_reaction=False, figures=measure.age_figures
        )
        assert "多次献血者" in check.reason and "60 周岁" in check.reason

    def test_leap_day_birthday_counts_on_1_march(self):
        assert rules.age_on(D(2004, 2, 29), D(2022, 2, 28)) == 17
        assert rules.age_on(D(2004, 2, 29), D(2022, 3, 1)) == 18


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2020, 8, 18), "not_yet"),
        (D(2020, 10, 31), "not_yet"),
        (D(2020, 11, 1), "in_force"),
        (D(2025, 10, 31), "in_force"),
        (D(2025, 11, 1), "expired"),
    ],
)
def test_validity_window(measure, day, status):
    assert measure.status_on(day) == status

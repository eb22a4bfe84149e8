"""Reports by district and species, the city share per district, the chart's data."""

from decimal import Decimal

import pytest

from gazette_site.charts import bar_chart
from wildlife import selectors
from wildlife.models import StockRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(make_entity, register):
    a = make_entity("甲养殖场", "环翠区", 1)
    b = make_entity("乙养殖场", "环翠区", 2)
    c = make_entity("丙养殖场", "乳山市", 4)
    register(a, "蓝孔雀", 10)
    register(a, "蓝孔雀", 5, juvenile=True)
    register(b, "王锦蛇", "3.5")
    register(c, "虎纹蛙", 101)
    return a, b, c


def test_district_totals_equal_the_sum_of_registrations(plan, data):
    report = selectors.compensation_report(plan=plan)
    by_name = {line.district.name: line for line in report.districts}
    for line in report.districts:
        expected = sum(
            (
                r.compensation()
                for r in StockRegistration.objects.filter(entity__district=line.district)
            ),
            Decimal(0),
        )
        assert line.total == expected
    assert by_name["环翠区"].total == Decimal("9350.00")  # 8000 + 1000 + 350
    assert by_name["乳山市"].total == Decimal("505.00")
    assert by_name["文登区"].total == Decimal("0.00")
    assert by_name["环翠区"].entities == 2 and by_name["环翠区"].registrations == 3
    assert report.total == Decimal("9855.00")
    assert len(report.districts) == 8


def test_city_share_per_district_adds_up_to_the_fen(plan, species, data):
    report = selectors.compensation_report(plan=plan)
    rushan = next(line for line in report.districts if line.district.name == "乳山市")
    assert (rushan.city, rushan.county) == (Decimal("252.50"), Decimal("252.50"))
    for line in report.districts:
        assert line.city + line.county == line.total
    assert report.city + report.county == report.total


def test_odd_fen_district_total_gives_the_odd_fen_to_the_city(plan, species, data):
    frog = species["虎纹蛙"]
    frog.price = Decimal("0.33")  # an admin edit; 101 × 0.33 = 33.33
    frog.save()
    report = selectors.compensation_report(plan=plan)
    rushan = next(line for line in report.districts if line.district.name == "乳山市")
    assert rushan.total == Decimal("33.33")
    assert (rushan.city, rushan.county) == (Decimal("16.67"), Decimal("16.66"))
    assert report.city + report.county == report.total


def test_species_totals(plan, data):
    report = selectors.compensation_report(plan=plan)
    lines = {(s.name, s.juvenile): s for s in report.species}
    assert lines[("蓝孔雀", False)].quantity == 10
    assert lines[("蓝孔雀", True)].amount == Decimal("1000.00")
    assert lines[("王锦蛇", False)].quantity == Decimal("3.5")
    assert lines[("豪猪", False)].registrations == 0
    assert sum(s.amount for s in report.species) == report.total


def test_reports_page_shows_the_city_share_and_the_chart(client, data):
    page = client.get("/wildlife/reports/").content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert '<title id="chart-districts-title">各区市（开发区）补偿金额</title>' in page
    assert '<title id="chart-progress-title">各区市（开发区）处置完成率</title>' in page
    assert "4,675元" in page  # 环翠区 city share = 9350 / 2
    assert "9,855元" in page
    assert "cdn" not in page.lower() and "<script" not in page


def test_reports_page_without_data_has_no_empty_chart(client):
    page = client.get("/wildlife/reports/").content.decode()
    assert "<svg" not in page
    # Empty states say what will appear, instead of tables of zeros.
    assert "还没有补偿金额" in page and "这里会显示各地补偿金额对比图" in page
    assert "还没有任何区市、开发区录入核查登记" in page
    assert "应处置登记" not in page


def test_chart_data_is_proportional(plan, data):
    report = selectors.compensation_report(plan=plan)
    chart = bar_chart(
        title="t", items=[(line.district.label, line.total) for line in report.districts]
    )
    bars = {bar.label: bar for bar in chart.bars}
    assert [bar.label for bar in chart.bars][:4] == ["环翠区", "文登区", "荣成市", "乳山市"]
    assert bars["环翠区"].width == chart.plot_width
    assert bars["文登区"].width == 0
    expected = Decimal(505) / Decimal(9350) * chart.plot_width
    assert abs(bars["乳山市"].width - expected) <= Decimal("0.05")
    assert bars["环翠区"].value_text == "9,350元"
    assert bars["乳山市"].value_text == "505元"
    assert len({bar.y for bar in chart.bars}) == len(chart.bars)
    assert chart.height > chart.bars[-1].y + chart.bar_height
    assert all(bar.label_y < bar.y for bar in chart.bars)


def test_disposal_progress(plan, data, client):
    import datetime as dt

    from wildlife import services
    from wildlife.models import DisposalMethod

    a, b, c = data
    peacocks = a.registrations.get(is_juvenile=False)
    services.disposal_record(
        registration=peacocks,
        method=DisposalMethod.objects.get(name="转非食用合法用途"),
        quantity=10,
        disposed_on=dt.date(2020, 8, 25),
        responsible_person="王五",
        receiving_unit="某动物园",
    )
    report = selectors.compensation_report(plan=plan)
    huancui = next(line for line in report.districts if line.district.name == "环翠区")
    assert (huancui.compensated, huancui.fully_disposed, huancui.not_disposed) == (3, 1, 2)
    assert huancui.progress_percent == Decimal("33.3")
    conversion = next(m for m in report.methods if m.method.name == "转非食用合法用途")
    assert conversion.records == 1 and conversion.quantities == {"只": Decimal(10)}
    page = client.get("/wildlife/reports/").content.decode()
    assert "33.3%" in page

"""The pricing pages in a real browser: the calculator without JavaScript, and a phone's width."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def test_calculator_answers_without_javascript(live_portal, no_js_page):
    page = no_js_page
    page.goto(f"{live_portal.url}/pricing/calculator/")
    page.fill("#id_consecutive_years", "2")
    page.fill("#id_month", "2021-06")
    page.fill("#id_kwh", "10000")
    page.fill("#id_water_m3", "500")
    page.click("form.calc button[type=submit]")
    page.wait_for_selector("#result")
    result = page.inner_text("#result")
    assert "2021年6月：按本通知应加价 1,150元" in result
    assert "连续两年" in result
    link = page.get_attribute("#result .pricing-cites a >> nth=0", "href")
    assert link.startswith("/documents/wfgf-2020-227/#")


def test_calculator_errors_without_javascript(live_portal, no_js_page):
    page = no_js_page
    page.goto(
        f"{live_portal.url}/pricing/calculator/?consecutive_years=x&month=2021-06&kwh=1&water_m3=1"
    )
    assert "不是整数" in page.inner_text(".result.bad")


@pytest.mark.parametrize(
    "path",
    [
        "/pricing/",
        "/pricing/calculator/?consecutive_years=3&month=2020-07&kwh=12345.67&water_m3=890&other_kwh_rate=0.02",
        "/pricing/class-d/",
    ],
)
def test_no_horizontal_scrolling_on_a_phone(live_portal, browser, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_portal.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_enterprise_table_scrolls_inside_its_box_on_a_phone(live_portal, browser):
    import datetime as dt

    from documents.models import District
    from pricing import services
    from tests.pricing.conftest import make_credit_code

    enterprise = services.enterprise_create(
        name="浏览器测试企业", credit_code=make_credit_code(), district=District.objects.first()
    )
    services.evaluation_record(
        enterprise=enterprise, year=2020, grade="D", published_on=dt.date(2021, 4, 15)
    )
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_portal.url}{enterprise.get_absolute_url()}?kwh=1000&water_m3=100")
        assert "650元" in page.inner_text("table.pricing-table tfoot")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()

"""The pages in a real browser: on a phone, without JavaScript, nothing scrolls sideways."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scheme_and_calculator_on_a_phone_without_javascript(live_portal, browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="zh-CN"
    )
    page = context.new_page()
    try:
        for path in (
            "/rewards/",
            "/rewards/roster/",
            "/rewards/eligibility/",
            "/rewards/ip-compensation/",
        ):
            page.goto(live_portal.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        page.goto(live_portal.url + "/rewards/")
        assert page.locator("#sector-bank").inner_text().count("一等奖") == 1

        page.goto(live_portal.url + "/rewards/ip-compensation/")
        page.fill("#loss", "9000000")
        page.fill("#business_year", "2")
        page.click("form.rw-form button[type=submit]")
        assert page.locator("#ip-city").inner_text() == "1,500,000元"
        assert page.locator("#ip-provincial").inner_text() == "3,600,000元"

        page.goto(live_portal.url + "/rewards/eligibility/")
        page.check("input[name=applicant][value=local]")
        page.check("input[name=sector][value=securities]")
        page.check("input[name=level][value=city_branch]")
        page.fill("#id_operating_years", "1")
        page.click("form.rw-form button[type=submit]")
        answer = page.locator("#answer").inner_text()
        assert "不能申报" in answer and "不足2个会计年度" in answer
    finally:
        context.close()

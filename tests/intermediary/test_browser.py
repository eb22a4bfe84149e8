"""An applicant in a real browser: filter without JavaScript, read on a phone."""

import pytest

pytestmark = pytest.mark.browser

PHONE_PAGES = [
    "/intermediary/",
    "/intermediary/items/28/",
    "/intermediary/items/34/",
    "/intermediary/matters/",
    "/intermediary/departments/11/",
]


def test_filter_the_catalogue_without_javascript(live_portal, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_portal.url + "/intermediary/")
    assert page.locator("#result-count").inner_text() == "64"
    page.select_option("#f-department", label="十一、行政审批服务局（30）")
    page.select_option("#f-type", value="行政许可")
    page.select_option("#f-fee", value="市场调节价")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/intermediary/?*department=11*")
    count = int(page.locator("#result-count").inner_text())
    assert page.locator("table.int-catalogue tbody tr").count() == count
    assert f"十一、行政审批服务局（{count}）" in page.locator("#f-department").inner_text()
    page.get_by_role("link", name="验资报告").first.click()
    page.wait_for_url("**/intermediary/items/32/")
    assert "公司(企业)设立、变更、注销登记" in page.locator("main").inner_text()
    context.close()


def test_no_horizontal_scrolling_at_phone_width(live_portal, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    too_wide = {}
    for path in PHONE_PAGES:
        page.goto(live_portal.url + path)
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide[path] = scroll
        if path == "/intermediary/":
            # The app's stylesheet is really applied (lists in cells lose the browser's 40px).
            padding = page.evaluate(
                "() => getComputedStyle(document.querySelector('ul.int-matters')).paddingLeft"
            )
            assert padding == "17.6px"
    context.close()
    assert too_wide == {}, f"pages wider than a 375px phone screen: {too_wide}"
    assert errors == []

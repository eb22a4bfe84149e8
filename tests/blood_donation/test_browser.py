"""The calculator in a real browser: rows added in place with JavaScript, and without it."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def fill_row(page, number: int, date: str, ml: str) -> None:
    page.fill(f"#donation-date-{number}", date)
    page.select_option(f"#donation-ml-{number}", ml)


def test_rows_are_added_and_answered_without_reload(live_portal, page):
    page.goto(f"{live_portal.url}/blood-donation/?as_of=2023-01-01")
    assert page.is_visible("#bd-rows .bd-remove")  # the script ran
    page.evaluate("window.__notReloaded = true")
    rows = page.locator("#bd-rows tr.bd-row")
    start = rows.count()
    for number, (date, ml) in enumerate(
        [("2021-01-01", "400"), ("2021-07-01", "300"), ("2022-01-01", "200")], start=1
    ):
        fill_row(page, number, date, ml)
    page.click("button.bd-add")
    page.click("button.bd-add")
    assert rows.count() == start + 2
    assert page.evaluate("document.activeElement.id") == f"donation-date-{start + 2}"
    fill_row(page, start + 1, "2022-06-01", "400")
    fill_row(page, start + 2, "2022-09-01", "200")
    page.click("button.bd-submit")
    page.wait_for_selector("#answer-honour")
    # 400 + 300 + 200 + 400 + 200 = 1500 ml: unlimited; relatives share 1500 ml.
    assert "终身无限量" in page.inner_text("#answer-self")
    assert "1500 毫升" in page.inner_text("#answer-relatives")
    assert page.evaluate("window.__notReloaded") is True
    assert "donation_date=2022-09-01" in page.url
    assert page.get_attribute("#answer-self a", "href") == "/documents/wzf-2020-7/#第二十条"
    assert page.js_errors == []


def test_rows_can_be_removed_and_errors_shown_in_place(live_portal, page):
    page.goto(f"{live_portal.url}/blood-donation/?as_of=2023-01-01")
    page.evaluate("window.__notReloaded = true")
    fill_row(page, 1, "2021-01-01", "400")
    fill_row(page, 2, "2024-01-01", "400")
    page.click("button.bd-submit")
    page.wait_for_selector("#bd-results .errorlist")
    assert "晚于计算日期" in page.inner_text("#bd-results")
    page.click("#bd-rows tr.bd-row:nth-child(2) .bd-remove")
    assert page.input_value("#donation-date-2") == ""  # the rows below moved up, renumbered
    page.click("button.bd-submit")
    page.wait_for_selector("#answer-self")
    assert "2000 毫升" in page.inner_text("#answer-self")
    assert page.evaluate("window.__notReloaded") is True
    assert page.js_errors == []


def test_out_of_validity_notice_updates_in_place(live_portal, page):
    page.goto(f"{live_portal.url}/blood-donation/?as_of=2023-01-01")
    assert page.locator("#validity-notice").count() == 0
    fill_row(page, 1, "2019-01-01", "300")
    page.fill("#as_of", "2020-06-01")
    page.click("button.bd-submit")
    page.wait_for_selector("#validity-notice")
    assert "本办法尚未施行" in page.inner_text("#validity-notice")
    assert page.js_errors == []


def test_works_with_javascript_off(live_portal, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live_portal.url}/blood-donation/?as_of=2023-01-01")
        rows = page.locator("#bd-rows tr.bd-row")
        start = rows.count()
        assert page.is_hidden("#bd-rows .bd-remove")
        fill_row(page, 1, "2021-01-01", "400")
        with page.expect_navigation():
            page.click("button.bd-add")
        assert rows.count() == start + 2  # the filled row, the blank rows and one more
        assert page.input_value("#donation-date-1") == "2021-01-01"
        fill_row(page, 2, "2022-01-01", "300")
        page.fill("#birth", "1966-06-15")
        page.check("input[name=repeat_no_reaction]")
        with page.expect_navigation():
            page.click("button.bd-submit")
        assert "3500 毫升" in page.inner_text("#answer-self")
        assert "可以献血" in page.inner_text("#answer-age")
        assert "延长至 60 周岁" in page.inner_text("#answer-age")
    finally:
        context.close()


def test_fits_a_phone_screen(live_portal, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(
            f"{live_portal.url}/blood-donation/?as_of=2023-01-01&donation_date=2021-01-01&donation_ml=400"
        )
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1]
        # The donation rows wrap rather than scroll.
        box = page.locator("#bd-rows").bounding_box()
        assert box is not None and box["x"] + box["width"] <= widths[1]
    finally:
        context.close()

"""A citizen in a real browser (Debian's Chromium driven by Playwright)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_follow_contents_to_article_twenty_by_its_anchor(live_portal, page):
    page.goto(live_portal.url + "/")
    page.get_by_role("link", name="威海市人民政府关于印发威海市无偿献血管理办法的通知").click()
    page.wait_for_url("**/documents/wzf-2020-7/")
    assert "威政发〔2020〕7号" in page.locator(".doc-header").inner_text()
    # The contents are folded at the top of the page; open them and follow 第二十条.
    page.locator("details.doc-toc > summary").click()
    page.locator("details.doc-toc").get_by_role("link", name="第二十条", exact=True).click()
    page.wait_for_url("**/documents/wzf-2020-7/#*")
    article = page.locator('[id="第二十条"]')
    assert article.is_visible()
    assert "献血者累计献血不满1000毫升的" in article.inner_text()
    box = article.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert page.js_errors == []


PHONE_PAGES = [
    "/",
    "/issues/2020/8/",
    "/documents/",
    "/documents/wzf-2020-7/",
    "/documents/wzbz-2020-48/",
    "/documents/wzz-2020-49/",
    "/organisations/市卫生健康委/",
]


def test_no_horizontal_scrolling_at_phone_width(live_portal, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    too_wide = {}
    for path in PHONE_PAGES:
        page.goto(live_portal.url + path)
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide[path] = scroll
        # The stylesheet is really applied (a page without it would pass by accident).
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
            )
            == "rgb(164, 22, 26)"
        )
    context.close()
    assert too_wide == {}, f"pages wider than a 375px phone screen: {too_wide}"


def test_pages_work_without_javascript(live_portal, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_portal.url + "/documents/wzf-2020-7/?as_of=2020-10-31")
    assert "尚未施行" in page.locator(".doc-header").inner_text()
    # The metadata and date picker are folded; <details> opens without JavaScript.
    page.locator("details.doc-meta > summary").click()
    assert "尚未施行" in page.locator("dl.meta").inner_text()
    page.fill("#as-of", "2020-11-01")
    page.locator("form.as-of-form button").click()
    page.wait_for_url("**as_of=2020-11-01")
    assert "现行有效" in page.locator(".doc-header").inner_text()
    context.close()


def test_copy_a_provisions_citation_and_follow_a_reference(live_portal, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_portal.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_portal.url + "/documents/wzf-2020-7/#第二十条")
    article = page.locator('[id="第二十条"]')
    button = article.locator("button.copy-cite")
    expect(button).to_have_text("复制引用")
    button.click()
    expect(button).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("《威海市无偿献血管理办法》（威政发〔2020〕7号）第二十条 http")
    assert copied.endswith("/documents/wzf-2020-7/#第二十条")
    page.locator('[id="第一条"]').get_by_role("link", name="《中华人民共和国献血法》").click()
    page.wait_for_url("**/documents/external/**")
    assert "flk.npc.gov.cn" in page.locator("main").inner_text()
    assert "威政发〔2020〕7号 第一条" in page.locator("main").inner_text()
    assert errors == []
    context.close()


def test_every_printed_row_of_the_intermediary_table_is_on_the_49_page(live_portal, page):
    """Items 45 and 46 both print the sub-matter 普通货物运输车辆道路运输证配发、换发、补发."""
    sub_matter = "普通货物运输车辆道路运输证配发、换发、补发"
    printed = sum(
        sub_matter in line
        for line in settings.GAZETTE_SOURCE.read_text(encoding="utf-8").split("\n")
    )
    page.goto(live_portal.url + "/documents/wzz-2020-49/")
    page.locator("details.printed-rows > summary").click()
    cells = page.locator("details.printed-rows tbody td", has_text=sub_matter)
    expect(cells.first).to_be_visible()
    assert cells.count() == printed >= 2
    # None of them is taken for a header row.
    assert page.locator("details.printed-rows thead", has_text=sub_matter).count() == 0
    assert page.js_errors == []

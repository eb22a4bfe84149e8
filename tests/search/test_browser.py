"""A citizen searches in a real browser (Debian's Chromium driven by Playwright)."""

import pytest

pytestmark = pytest.mark.browser


def test_the_header_search_box_leads_to_the_measures_and_their_article(live_portal, page):
    page.goto(live_portal.url + "/")
    box = page.get_by_role("searchbox", name="搜索公报", exact=True)  # the one in the header
    box.fill("献血")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator("li.hit").first
    assert "献血" in first.locator("mark").first.inner_text()
    page.locator('li.hit a[href="/documents/wzf-2020-7/"]').first.click()
    page.wait_for_url("**/documents/wzf-2020-7/")
    assert page.js_errors == []


def test_a_document_number_in_the_box_opens_the_document(live_portal, page):
    page.goto(live_portal.url + "/search/?q=" + "威政发[2020]7号")
    page.wait_for_url("**/documents/wzf-2020-7/")


def test_search_pages_fit_a_phone(live_portal, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    too_wide = {}
    for path in [
        "/search/",
        "/search/?q=献血",
        "/search/?q=量子纠缠",
        "/search/?q=补偿标准",
        "/search/?q=献血办法",
        "/search/?q=火星基地",
        "/search/?q=7号文",
    ]:
        page.goto(live_portal.url + path)
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide[path] = scroll
    context.close()
    assert too_wide == {}, f"pages wider than a 375px phone screen: {too_wide}"


def test_filters_work_without_javascript(live_portal, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_portal.url + "/search/?q=献血")
    total = page.locator(".results-count").inner_text()
    page.locator(".facet a", has_text="公报文件与条款").first.click()
    page.wait_for_url("**dataset=documents*")
    assert page.locator(".results-count").inner_text() != total
    assert page.locator(".facet a.selected").count() == 1
    context.close()


def test_an_unspaced_query_on_a_phone_leads_to_the_document_and_its_matches(live_portal, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(live_portal.url + "/search/?q=献血办法")
    first = page.locator("li.hit").first
    assert first.locator("h3 a").get_attribute("href") == "/documents/wzf-2020-7/"
    assert first.locator(".match").count() == 3
    more = first.locator(".match-more a")
    assert "另有" in more.inner_text()
    more.click()
    page.wait_for_url("**/documents/wzf-2020-7/**")
    assert page.locator("h1").first.inner_text()
    context.close()

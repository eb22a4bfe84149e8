"""Every public page at desktop and phone width: axe-core finds nothing serious, nothing scrolls sideways."""

import pytest

from tests.browser.support import PUBLIC_PAGES, serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_every_public_page_passes_axe_and_fits_the_width(live_portal, browser, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, is_mobile=width < 600, locale="zh-CN"
    )
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    too_wide: dict[str, int] = {}
    for path in PUBLIC_PAGES:
        page.goto(live_portal.url + path)
        found = serious_violations(page)
        if found:
            problems[path] = found
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide[path] = scroll
    context.close()
    assert problems == {}, f"axe-core at {width}px: {problems}"
    assert too_wide == {}, f"pages wider than {width}px: {too_wide}"

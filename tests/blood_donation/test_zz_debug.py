import pytest
from tests.blood_donation.test_browser import plain_static_names  # noqa
pytestmark = pytest.mark.browser

def test_debug(live_portal, browser):
    for w, name in [(375, "phone"), (1280, "desk")]:
        context = browser.new_context(viewport={"width": w, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live_portal.url}/blood-donation/?as_of=2026-01-01&donation_date=2021-01-01&donation_ml=400&donation_date=2018-01-01&donation_ml=300&birth=1966-03-01&used_self=200")
        page.screenshot(path=f"/tmp/bd_{name}.png", full_page=True)
        context.close()

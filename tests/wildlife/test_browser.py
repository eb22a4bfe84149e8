"""In a real browser: no JavaScript needed, no sideways scrolling on a phone."""

import datetime as dt

import pytest

from documents.models import District
from wildlife import services
from wildlife.models import ScopeCategory, Species

pytestmark = [pytest.mark.browser]

PAGES = ["/wildlife/", "/wildlife/calculator/", "/wildlife/public-list/", "/wildlife/reports/"]


def add_farms():
    scope = ScopeCategory.objects.get(number=1)
    peafowl = Species.objects.get(name="蓝孔雀")
    for n, district in enumerate(District.objects.all(), start=1):
        farm = services.entity_create(
            district=district, name=f"{district.name}某某特种动物养殖专业合作社", scope=scope
        )
        services.registration_create(
            entity=farm, species=peafowl, quantity=n * 7, verified_on=dt.date(2020, 7, 20)
        )


def test_pages_fit_a_phone_screen(live_portal, browser):
    add_farms()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        for path in PAGES:
            page.goto(live_portal.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        page.goto(live_portal.url + "/wildlife/reports/")
        districts_chart = page.locator("svg[aria-labelledby^='chart-districts']")
        assert districts_chart.locator("rect.chart-bar").count() == District.objects.count()
    finally:
        context.close()
    assert errors == []


def test_calculator_works_without_javascript(live_portal, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_portal.url + "/wildlife/calculator/")
        page.select_option("#id_species_1", "蓝孔雀")
        page.fill("#id_quantity_1", "2")
        page.select_option("#id_species_2", "蓝孔雀")
        page.fill("#id_quantity_2", "5")
        page.check("#id_juvenile_2")
        page.click("form.calc button[type=submit]")
        result = page.locator(".result").inner_text()
        assert "2,600元" in result  # 2 × 800 + 5 × 200
        assert "1,300元" in result
    finally:
        context.close()

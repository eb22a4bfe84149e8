"""Every public page under the Content-Security-Policy: the header is sent and Chromium
reports no violation (no inline script, style block or style attribute is left)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from documents.models import District, ExternalWork
from intermediary.models import ServiceMatter
from pricing import services as pricing_services
from tests.pricing.conftest import make_credit_code

# One address for every public URL name (with the calculators' answers shown); a new page
# must be added here, or the first test fails.
PUBLIC_PAGES = {
    "documents:home": "/",
    "documents:issues": "/issues/",
    "documents:issue": "/issues/2020/8/",
    "documents:list": "/documents/",
    "documents:detail": "/documents/wzf-2020-7/",
    "documents:detail_pdf": "/documents/wzf-2020-7/pdf/",
    "documents:issue_pdf": "/issues/2020/8/pdf/",
    "documents:organisations": "/organisations/",
    "documents:organisation": "/organisations/市卫生健康委/",
    "documents:documents_json": "/data/documents.json",
    "documents:issues_json": "/data/issues.json",
    "search:page": "/search/?q=献血",
    "search:json": "/search.json?q=献血",
    "rewards:index": "/rewards/",
    "rewards:scheme": "/rewards/schemes/2020/",
    "rewards:eligibility": "/rewards/eligibility/?applicant=local&sector=bank&level=legal_entity&operating_years=1",
    "rewards:roster": "/rewards/roster/",
    "rewards:ip_compensation": "/rewards/ip-compensation/?loss=100&business_year=1",
    "rewards:ip_compensation_json": "/rewards/ip-compensation.json?loss=100&business_year=1",
    "rewards:tiers_json": "/data/rewards/tiers.json?year=2020",
    "blood_donation:calculator": "/blood-donation/?as_of=2023-01-01",
    "blood_donation:entitlement_json": "/blood-donation/entitlement.json?as_of=2023-01-01&donations=2021-01-01:400,2022-01-01:300",
    "blood_donation:age_check_json": "/blood-donation/age-check.json?birth=1966-06-15&on=2022-06-15",
    "intermediary:catalogue": "/intermediary/",
    "intermediary:service": "/intermediary/items/1/",
    "intermediary:matters": "/intermediary/matters/",
    "intermediary:matter": "/intermediary/matters/{matter}/",
    "intermediary:department": "/intermediary/departments/1/",
    "intermediary:download_csv": "/intermediary/download.csv",
    "intermediary:download_xlsx": "/intermediary/download.xlsx",
    "intermediary:open_data": "/data/intermediary.json",
    "wildlife:overview": "/wildlife/",
    "wildlife:calculator": "/wildlife/calculator/?species_1=刺猬&quantity_1=2",
    "wildlife:public_list": "/wildlife/public-list/",
    "wildlife:reports": "/wildlife/reports/",
    "wildlife:compensation_json": "/wildlife/compensation.json?items=蓝孔雀:10",
    "wildlife:species_json": "/data/wildlife/species.json",
    "pricing:schedule": "/pricing/",
    "pricing:calculator": "/pricing/calculator/?consecutive_years=3&month=2021-06&kwh=20000&water_m3=800",
    "pricing:class_d_list": "/pricing/class-d/",
    "pricing:enterprise": "/pricing/enterprises/{enterprise}/",
    "pricing:surcharge_json": "/pricing/surcharge.json?consecutive_years=3&month=2021-06&kwh=20000&water_m3=800",
    "pricing:surcharges_json": "/data/pricing/surcharges.json",
    "pricing:surcharges_json_csv": "/data/pricing/surcharges.csv",
    "pricing:surcharges_json_xlsx": "/data/pricing/surcharges.xlsx",
    "blood_donation:rules_json": "/data/blood-donation/rules.json",
    "blood_donation:rules_json_csv": "/data/blood-donation/rules.csv",
    "blood_donation:rules_json_xlsx": "/data/blood-donation/rules.xlsx",
    "rewards:tiers_json_csv": "/data/rewards/tiers.csv?year=2020",
    "rewards:tiers_json_xlsx": "/data/rewards/tiers.xlsx?year=2020",
    "wildlife:species_json_csv": "/data/wildlife/species.csv",
    "wildlife:species_json_xlsx": "/data/wildlife/species.xlsx",
    "intermediary:open_data_csv": "/data/intermediary.csv",
    "intermediary:open_data_xlsx": "/data/intermediary.xlsx",
    "documents:documents_json_csv": "/data/documents.csv",
    "documents:documents_json_xlsx": "/data/documents.xlsx",
    "documents:issues_json_csv": "/data/issues.csv",
    "documents:issues_json_xlsx": "/data/issues.xlsx",
    "documents:provisions_json": "/data/provisions.json?document=威政发〔2020〕7号",
    "documents:provisions_json_csv": "/data/provisions.csv?document=威政发〔2020〕7号",
    "documents:provisions_json_xlsx": "/data/provisions.xlsx?document=威政发〔2020〕7号",
    "documents:external": "/documents/external/{external}/",
    "documents:akn": "/documents/wzf-2020-7.akn.xml",
    "documents:feed_issues": "/feeds/issues.atom",
    "documents:feed_section": "/feeds/sections/市政府文件.atom",
    "documents:feed_organisation": "/feeds/organisations/市卫生健康委.atom",
    "search:feed": "/search/feed/?q=献血",
    "data_index": "/data/",
    "openapi": "/data/openapi.json",
    "data_changes": "/data/changes/wildlife/species.atom",
    "data_bulk": "/data/bulk/",
    "data_bulk_archive": "/data/bulk/weihai-gazette.zip",
    "robots": "/robots.txt",
    "django.contrib.sitemaps.views.sitemap": "/sitemap.xml",
}
STAFF_PAGES = {"wildlife:registry"}
DOWNLOADS = {
    "intermediary:download_csv",
    "intermediary:download_xlsx",
    "documents:detail_pdf",
    "documents:issue_pdf",
    # Spreadsheets, archives, feeds and XML: the header is checked, the browser does not open them.
    *(name for name in PUBLIC_PAGES if name.endswith(("_csv", "_xlsx"))),
    "data_bulk_archive",
    "documents:akn",
    "documents:feed_issues",
    "documents:feed_section",
    "documents:feed_organisation",
    "search:feed",
    "data_changes",
    "django.contrib.sitemaps.views.sitemap",
}


def _names(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


@pytest.fixture
def enterprise(db):
    """The fixtures hold no enterprise (results are published later): register one."""
    return pricing_services.enterprise_create(
        name="威海市测试热力有限公司",
        credit_code=make_credit_code(9001),
        district=District.objects.get(name="环翠区"),
    )


def _address(name: str, enterprise) -> str:
    return PUBLIC_PAGES[name].format(
        matter=ServiceMatter.objects.order_by("pk").values_list("pk", flat=True).first(),
        enterprise=enterprise.credit_code,
        external=ExternalWork.objects.get(title="中华人民共和国献血法").slug,
    )


def test_the_list_names_every_public_page():
    assert set(_names(get_resolver())) == set(PUBLIC_PAGES) | STAFF_PAGES


def test_every_public_answer_carries_the_policy(client, enterprise):
    for name in PUBLIC_PAGES:
        response = client.get(_address(name, enterprise))
        assert response.status_code == 200, name
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, name
        assert "unsafe-inline" not in policy


@pytest.mark.browser
def test_no_page_violates_the_policy_in_chromium(live_portal, page, enterprise):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    for name in PUBLIC_PAGES:
        if name in DOWNLOADS:
            continue
        response = page.goto(live_portal.url + _address(name, enterprise))
        assert response.status == 200, name
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # The blood-donation calculator answers through fetch() when JavaScript runs.
    page.goto(live_portal.url + "/blood-donation/?as_of=2023-01-01")
    page.wait_for_load_state("networkidle")
    assert violations == []
    assert page.js_errors == []

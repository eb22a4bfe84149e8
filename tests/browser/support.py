"""What the portal-wide browser tests share: the public pages and axe-core."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

# Every public page, with the states a citizen reaches (answers, filters, errors).
PUBLIC_PAGES = [
    "/",
    "/issues/",
    "/issues/2020/8/",
    "/documents/",
    "/documents/?status=in_force&as_of=2021-06-01",
    "/documents/?year=abc",
    "/documents/wzf-2020-6/",
    "/documents/wzf-2020-7/",
    "/documents/wzf-2020-8/",
    "/documents/wzz-2020-48/",
    "/documents/wzz-2020-49/",
    "/documents/wzbf-2020-5/",
    "/documents/wzbz-2020-48/",
    "/documents/wzbz-2020-50/",
    "/documents/wzbz-2020-51/",
    "/documents/wfgf-2020-227/",
    "/documents/wsjf-2020-56/",
    "/documents/wzr-2020-7/",
    "/documents/wzf-2017-24/",
    "/organisations/",
    "/organisations/市卫生健康委/",
    "/search/?q=献血",
    "/blood-donation/",
    "/blood-donation/?donations=2020-08-18:400&donations=2021-03-01:300",
    "/wildlife/",
    "/wildlife/calculator/",
    "/wildlife/calculator/?species_1=蓝孔雀&quantity_1=10",
    "/wildlife/calculator/?species_1=蓝孔雀&quantity_1=1e9",
    "/wildlife/public-list/",
    "/wildlife/reports/",
    "/wildlife/registry/",
    "/pricing/",
    "/pricing/calculator/",
    "/pricing/calculator/?consecutive_years=2&electricity_kwh=10000",
    "/pricing/class-d/",
    "/rewards/",
    "/rewards/schemes/2020/",
    "/rewards/eligibility/",
    "/rewards/roster/",
    "/rewards/ip-compensation/",
    "/rewards/ip-compensation/?loss=300万&business_year=1",
    "/intermediary/",
    "/intermediary/items/1/",
    "/intermediary/matters/",
    "/intermediary/matters/1/",
    "/intermediary/departments/1/",
    "/no-such-page/",
]


@cache
def axe_source() -> str:
    """axe-core's browser script, as shipped inside the axe-playwright-python package."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    """Run axe-core on the loaded page; describe each serious or critical violation."""
    page.evaluate(axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            found.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {targets}")
    return found

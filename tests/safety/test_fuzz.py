"""Generated requests against every public endpoint and parameter: never a 5xx, JSON stays JSON.

Hypothesis draws an endpoint, path arguments and query values (valid ones, near misses,
control characters, huge numbers, odd Unicode); each example is one request. The count is
checked, so the test cannot pass by sending fewer than it promises.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

REQUESTS = 2_100

DATES = ["2020-08-18", "2021-06-01", "2026-11-30", "1900-01-01", "9999-12-31", "2020-02-30"]
NUMBERS = ["0", "1", "2", "-1", "3.5", "1e9", "1e999999", "NaN", "Infinity", "99999999999999999999"]
NAMES = [
    "刺猬",
    "蓝孔雀",
    "豪猪",
    "果子狸",
    "虎纹蛙",
    "王锦蛇",
    "献血",
    "中介",
    "威政发〔2020〕7号",
]

value = st.one_of(
    st.sampled_from(DATES + NUMBERS + NAMES + ["", " ", "true", "1", "juvenile"]),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.builds(lambda d, n: f"{d}:{n}", st.sampled_from(DATES), st.sampled_from(NUMBERS)),
    st.builds(lambda a, b: f"{a}:{b}", st.sampled_from(NAMES), st.sampled_from(NUMBERS)),
)
segment = st.one_of(
    st.sampled_from(["wzf-2020-7", "市卫生健康委", "91371000MA3C4AXX1Q", "1", "0", "2020"]),
    st.text(min_size=1, max_size=20).filter(lambda s: "/" not in s),
    st.integers(min_value=0, max_value=10**25).map(str),
)

COMMON = ["as_of", "page"]
# Every public endpoint with the query parameters its view reads.
ENDPOINTS = [
    ("/", []),
    ("/issues/", []),
    ("/issues/{}/{}/", []),
    ("/documents/", []),
    ("/documents/{}/", []),
    ("/organisations/", []),
    ("/organisations/{}/", []),
    ("/data/documents.json", []),
    ("/data/issues.json", []),
    (
        "/search/",
        ["q", "sort", "dataset", "year", "issue", "section", "issuer", "doc_kind", "status"],
    ),
    ("/search.json", ["q", "sort", "dataset", "year", "issue", "section", "issuer", "doc_kind"]),
    (
        "/blood-donation/",
        ["donation_date", "donation_ml", "used_self", "used_relatives", "birth", "on", "add_row"],
    ),
    ("/blood-donation/entitlement.json", ["donations", "used_self", "used_relatives"]),
    ("/blood-donation/age-check.json", ["on", "birth", "repeat_no_reaction"]),
    (
        "/intermediary/",
        ["department", "matter_type", "fee_basis", "q", "status", "sort", "per_page"],
    ),
    ("/intermediary/items/{}/", []),
    ("/intermediary/matters/", []),
    ("/intermediary/matters/{}/", []),
    ("/intermediary/departments/{}/", []),
    ("/intermediary/download.csv", ["department", "q", "status"]),
    ("/data/intermediary.json", ["department", "matter_type", "q", "status"]),
    ("/wildlife/", []),
    ("/wildlife/calculator/", ["species_1", "quantity_1", "juvenile_1", "species_2", "quantity_2"]),
    ("/wildlife/public-list/", ["district", "species", "scope"]),
    ("/wildlife/reports/", []),
    ("/wildlife/compensation.json", ["items"]),
    ("/data/wildlife/species.json", []),
    ("/pricing/", ["start", "kwh", "water_m3", "other_kwh_rate", "kwh_1", "m3_1"]),
    (
        "/pricing/calculator/",
        ["enterprise", "consecutive_years", "month", "kwh", "water_m3", "other_kwh_rate"],
    ),
    ("/pricing/class-d/", ["year", "district", "consecutive_years", "name"]),
    ("/pricing/enterprises/{}/", ["start", "kwh", "water_m3"]),
    ("/pricing/surcharge.json", ["consecutive_years", "month", "kwh", "water_m3", "enterprise"]),
    ("/rewards/", ["year"]),
    ("/rewards/schemes/{}/", []),
    (
        "/rewards/eligibility/",
        ["applicant", "sector", "level", "province_approved", "operating_years", "disqualified"],
    ),
    ("/rewards/roster/", ["year", "sector", "prize"]),
    ("/rewards/ip-compensation/", ["loss", "business_year", "city_cap"]),
    ("/rewards/ip-compensation.json", ["loss", "business_year", "city_cap"]),
    ("/data/rewards/tiers.json", ["year"]),
]


@st.composite
def requests(draw):
    template, names = draw(st.sampled_from(ENDPOINTS))
    args = [quote(draw(segment), safe="") for _ in range(template.count("{}"))]
    path = template.format(*args)
    chosen = draw(st.lists(st.sampled_from(names + COMMON), max_size=5)) if names else []
    if not names:
        chosen = draw(st.lists(st.sampled_from(COMMON), max_size=2))
    query = [(name, draw(value)) for name in chosen]
    return template, path, query


sent: list[str] = []


@settings(
    max_examples=REQUESTS,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_no_5xx_and_json_stays_json(client, request):
    template, path, query = request
    url = f"{path}?{urlencode(query)}" if query else path
    response = client.get(url)
    sent.append(url)
    assert response.status_code < 500, url
    if template.endswith(".json"):
        assert response["Content-Type"].startswith("application/json"), url
        if response.status_code == 400:
            assert response.json()["error"], url


def test_the_fuzzer_sent_enough_requests_to_every_endpoint():
    # Runs after the fuzz test in file order; pytest-randomly is not used in this project.
    assert len(sent) >= 2_000
    reached = {template for template, _ in ENDPOINTS if any(_matches(template, u) for u in sent)}
    assert reached == {template for template, _ in ENDPOINTS}


def _matches(template: str, url: str) -> bool:
    path = url.split("?", 1)[0]
    head = template.split("{}", 1)[0]
    return path == template if "{}" not in template else path.startswith(head)

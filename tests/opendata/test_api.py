"""The API description covers every JSON endpoint, and real answers match it."""

import csv as csv_module
import io
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from gazette_site import openapi
from gazette_site.schemas import INTEGER, record

pytestmark = pytest.mark.django_db

# Realistic requests, good and bad, for every endpoint of the description.
REQUESTS = {
    "/data/documents.json": ["", "?as_of=2020-12-01", "?as_of=2020-13-01"],
    "/data/provisions.json": ["", "?document=威政发〔2020〕7号", "?document=不是文号"],
    "/data/issues.json": [""],
    "/data/intermediary.json": ["", "?status=current&matter_type=许可", "?status=bogus"],
    "/data/wildlife/species.json": [""],
    "/data/rewards/tiers.json": ["?year=2020", "", "?year=1999", "?year=abc"],
    "/data/pricing/surcharges.json": [""],
    "/data/blood-donation/rules.json": ["?as_of=2021-01-01", "?as_of=bad"],
    "/data/openapi.json": [""],
    "/search.json": ["?q=献血", "?q=威政发〔2020〕7号&sort=date", "", "?q=献血&year=abc"],
    "/blood-donation/entitlement.json": [
        "?donations=2020-11-02:400,2021-05-01:300&as_of=2021-06-01",
        "?donations=bad",
    ],
    "/blood-donation/age-check.json": ["?birth=1990-05-01&on=2021-01-01", "?birth=x"],
    "/wildlife/compensation.json": ["?items=蓝孔雀:3,果子狸:2", "?items=恐龙:1"],
    "/pricing/surcharge.json": [
        "?consecutive_years=2&month=2021-03&kwh=1000&water_m3=50",
        "?consecutive_years=-1",
    ],
    "/rewards/ip-compensation.json": ["?loss=1000000&business_year=1", "?loss=abc"],
}


@pytest.fixture(scope="module")
def description():
    return openapi.description()


def _json_routes(resolver=None, prefix="") -> set[str]:
    routes = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            routes |= _json_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and str(entry.pattern).endswith(".json"):
            routes.add("/" + prefix + str(entry.pattern))
    return routes


def test_every_json_endpoint_is_described(description):
    assert _json_routes() == set(description["paths"])
    assert set(REQUESTS) == set(description["paths"])
    assert description["openapi"] == "3.1.0"


def test_the_description_is_served(client, description):
    response = client.get("/data/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(description))


@pytest.mark.parametrize(("path", "query"), [(p, q) for p, qs in REQUESTS.items() for q in qs])
def test_answers_match_the_description(client, description, path, query):
    response = client.get(path + query)
    answers = description["paths"][path]["get"]["responses"]
    assert str(response.status_code) in answers, response.content.decode()
    schema = answers[str(response.status_code)]["content"]["application/json"]["schema"]
    root = {**schema, "components": description["components"]}
    Draft202012Validator(root).validate(response.json())
    if response.status_code == 400:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["error"])


DATASET_URLS = [
    ("/data/documents", "", "文号"),
    ("/data/provisions", "?document=威政发〔2020〕7号", "文号"),
    ("/data/wildlife/species", "", "物种"),
    ("/data/rewards/tiers", "?year=2020", "类别"),
    ("/data/pricing/surcharges", "", "文号"),
    ("/data/blood-donation/rules", "", "文号"),
    ("/data/intermediary", "?status=current", "序号"),
]


@pytest.mark.parametrize(("path", "query", "first"), DATASET_URLS)
def test_every_dataset_downloads_as_csv_and_xlsx_with_the_same_rows(client, path, query, first):
    body = client.get(f"{path}.json{query}").json()
    # A paged answer's download holds every page: compare with its total.
    count = body["pagination"]["count"] if isinstance(body, dict) else len(body)
    csv = client.get(f"{path}.csv{query}")
    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv; charset=utf-8"
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff" + first)
    assert len(list(csv_module.reader(io.StringIO(text)))) == count + 1
    xlsx = client.get(f"{path}.xlsx{query}")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == count + 1
    assert sheet.cell(1, 1).value == first


def test_xlsx_keeps_document_numbers_and_codes_as_text(client):
    sheet = load_workbook(io.BytesIO(client.get("/data/documents.xlsx").content)).active
    headers = [c.value for c in sheet[1]]
    for name in ("文号", "统一登记号", "期次"):
        column = headers.index(name) + 1
        cells = [sheet.cell(r, column) for r in range(2, sheet.max_row + 1)]
        assert all(c.data_type == "s" and c.number_format == "@" for c in cells if c.value)
    numbers = [sheet.cell(r, headers.index("文号") + 1).value for r in range(2, sheet.max_row + 1)]
    assert "威政发〔2020〕7号" in numbers


def test_downloads_take_the_same_filters_and_refuse_bad_ones(client):
    def rows(url):
        return list(csv_module.reader(io.StringIO(client.get(url).content.decode())))[1:]

    filtered = rows("/data/intermediary.csv?q=验资")
    assert 0 < len(filtered) < len(rows("/data/intermediary.csv"))
    answer = client.get("/data/intermediary.json?q=验资").json()
    assert len(filtered) == answer["pagination"]["count"] == len(answer["results"])
    bad = client.get("/data/rewards/tiers.xlsx?year=1999")
    assert bad.status_code == 400 and "1999" in bad.json()["error"]


def test_data_page_lists_each_dataset_with_formats_licence_change_and_schema(
    client, django_assert_num_queries
):
    from gazette_site import opendata

    datasets = opendata.datasets()
    # One query per dataset and per model whose history dates it, and the data version.
    queries = sum(len(d.history_models) + 1 for d in datasets) + 1
    with django_assert_num_queries(queries):
        response = client.get("/data/")
    page = response.content.decode()
    for dataset in datasets:
        for fmt in ("json", "csv", "xlsx"):
            assert f'href="{dataset.path}.{fmt}"' in page
        assert dataset.title in page
    assert "著作权法》第五条" in page
    assert page.count("JSON Schema") == len(datasets)
    assert page.count("<dt>最近更新</dt><dd>20") == len(datasets)


def test_a_paged_dataset_downloads_every_page_unless_one_is_asked_for(rf):
    from gazette_site import opendata
    from gazette_site.http import json_ok

    def paged(request):
        page = int(request.GET.get("page", "1"))
        return json_ok(
            {
                "pagination": {"page": page, "next": f"?page={page + 1}" if page < 3 else None},
                "results": [{"n": page * 10 + i} for i in range(2)],
            }
        )

    dataset = opendata.Dataset(
        name="test/paged",
        title="分页测试",
        description="",
        view=paged,
        columns=(opendata.Column("n", "序号"),),
        row_schema=record({"n": INTEGER}),
        paged=True,
    )
    opendata.register(dataset)
    try:
        description = openapi.description()
        operation = description["paths"]["/data/test/paged.json"]["get"]
        assert {"page", "limit"} <= {p["name"] for p in operation["parameters"]}
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        answer = json.loads(paged(rf.get("/")).content)
        answer["pagination"] |= {"count": 6, "pages": 3, "limit": 2, "previous": None}
        Draft202012Validator({**schema, "components": description["components"]}).validate(answer)
        every = opendata.dataset_view(rf.get("/x.csv"), name="test/paged", file_format="csv")
        assert every.content.decode().split() == ["\ufeff序号", "10", "11", "20", "21", "30", "31"]
        one = opendata.dataset_view(rf.get("/x.csv?page=2"), name="test/paged", file_format="csv")
        assert one.content.decode().split() == ["\ufeff序号", "20", "21"]
    finally:
        opendata._DATASETS.pop("test/paged")

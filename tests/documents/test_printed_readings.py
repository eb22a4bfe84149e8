"""Documents keep what is printed beside what the portal reads, and mark what it infers."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
LINES = settings.GAZETTE_SOURCE.read_text(encoding="utf-8").split("\n")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def documents_json(client) -> dict[str, dict]:
    data = client.get("/data/documents.json?as_of=2020-12-01").json()["results"]
    return {d["doc_number"]: d for d in data}


def test_open_data_and_page_list_both_appointments(client):
    appointments = documents_json(client)["威政任〔2020〕7号"]["appointments"]
    assert [(a["person"], a["position_title"]) for a in appointments] == [
        ("颜建忠", "威海综合保税区管理委员会副主任"),
        ("邓卫", "威海市商务局副局长"),
    ]
    # The restored term is marked, with the lines it was joined from.
    assert appointments[0]["note"] == ""
    assert "第1413行" in appointments[1]["note"] and "第1416行" in appointments[1]["note"]
    page = client.get("/documents/wzr-2020-7/").content.decode()
    assert "颜建忠" in page and "邓卫" in page and "补全" in page and "次序无法确定" in page


def test_signatures_are_served_as_printed_on_their_lines(client):
    supervision = documents_json(client)["威市监发〔2020〕56号"]
    readings = [r for r in supervision["readings"] if r["field"] == "issuers"]
    assert [r["line"] for r in readings] == [1335, 1336, 1337, 1338, 1339]
    for reading in readings:
        assert squeezed(LINES[reading["line"] - 1]) == reading["printed"]
        assert reading["printed"] in supervision["issuers"]
        assert reading["value"] not in supervision["issuers"]


def test_the_kind_of_a_notice_issuing_a_measure_is_marked_as_read(client):
    data = documents_json(client)
    blood = data["威政发〔2020〕7号"]
    (kind,) = [r for r in blood["readings"] if r["field"] == "kind"]
    assert (kind["printed"], kind["value"]) == ("通知", blood["kind"]) == ("通知", "办法")
    # A document whose title names its own kind needs no reading.
    assert not [r for r in data["威政发〔2020〕8号"]["readings"] if r["field"] == "kind"]


def test_no_lead_units_where_the_document_does_not_print_the_rule(client):
    from documents.models import Responsibility

    smart_city = Responsibility.objects.filter(document__doc_number="威政办字〔2020〕48号")
    assert smart_city.exists() and not smart_city.filter(is_lead=True).exists()
    # Where the rule is printed (威政发〔2020〕8号, line 282), the first unit leads.
    assert "列第一位者为牵头单位" in LINES[281]
    health = Responsibility.objects.filter(document__doc_number="威政发〔2020〕8号")
    assert health.filter(is_lead=True).exists()


def test_the_2018_repeal_is_dated_as_printed_and_the_assumption_said(client):
    page = client.get("/documents/wzz-2018-40/").content.decode()
    assert "自本通知下发之日" in page and "日期未载明" in page
    assert "推定" in page and "假定" in page

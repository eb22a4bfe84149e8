"""Domain apps declare which printed documents they read; corrections live in a data file."""

from pathlib import Path

from django.conf import settings

from documents.extractors import extractors_for, registered
from documents.general import parse_any
from documents.readings import issue_readings, readings_path
from intermediary.parsing import catalogue_readings

SOURCE = Path(settings.GAZETTE_SOURCE)


def test_every_domain_app_registers_an_extractor():
    assert {e.app for e in registered()} == {
        "rewards",
        "blood_donation",
        "intermediary",
        "wildlife",
        "pricing",
    }


def test_extractors_find_their_documents_in_the_issue():
    parsed = parse_any(SOURCE.read_text(encoding="utf-8"))
    apps_by_number = {
        d.doc_number: sorted({e.app for e in extractors_for(d)}) for d in parsed.documents
    }
    assert apps_by_number["威政发〔2020〕6号"] == ["rewards"]
    assert apps_by_number["威市监发〔2020〕56号"] == ["rewards"]
    assert apps_by_number["威政发〔2020〕7号"] == ["blood_donation"]
    assert apps_by_number["威政字〔2020〕49号"] == ["intermediary"]
    assert apps_by_number["威政办字〔2020〕50号"] == ["wildlife"]
    assert apps_by_number["威发改发〔2020〕227号"] == ["pricing"]
    assert apps_by_number["威政发〔2020〕8号"] == []


def test_the_blood_donation_extractor_reads_the_parsed_draft():
    parsed = parse_any(SOURCE.read_text(encoding="utf-8"))
    draft = next(d for d in parsed.documents if d.doc_number == "威政发〔2020〕7号")
    [extractor] = extractors_for(draft)
    measure = extractor.read(draft, "")
    assert measure.title == "威海市无偿献血管理办法"
    assert (measure.min_age, measure.max_age) == (18, 55)


def test_the_issue_corrections_are_a_data_file_beside_the_text(tmp_path):
    assert readings_path(SOURCE).name == "weihai-2020-08.readings.json"
    catalogue = issue_readings(SOURCE, "intermediary")
    assert catalogue["row_readings"]["474"]["item"] == 5
    assert catalogue["missing_headings"]["552"]["name"] == "市应急管理局"
    # Another issue without a readings file gets none of these.
    other = tmp_path / "weihai-2020-09.txt"
    other.write_text("威海市人民政府公报\n", encoding="utf-8")
    assert issue_readings(other, "intermediary") == {}
    assert catalogue_readings(other).rows == {}

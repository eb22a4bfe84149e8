"""A later issue revises the compensation standard: a second version beside the first."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from documents.drafts import issue_records
from documents.extractors import extractors_for
from documents.general import parse_any
from documents.models import Document, Issue
from wildlife import services
from wildlife.models import CompensationPlan, Species
from wildlife.parsing import read_standard

REVISED = Path(__file__).parent / "texts" / "revised_standard_issue.txt"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "wildlife" / "02_standard.json"


def _species_rows(plan):
    return [
        (s.number, s.name, s.unit, s.price, s.juvenile_price)
        for s in plan.species.order_by("number")
    ]


def test_the_standard_read_from_the_parsed_draft_matches_the_fixture():
    parsed = parse_any(Path(settings.GAZETTE_SOURCE).read_text(encoding="utf-8"))
    draft = next(d for d in parsed.documents if d.doc_number == "威政办字〔2020〕50号")
    standard = read_standard(draft)
    committed = [
        r["fields"]
        for r in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if r["model"] == "wildlife.species"
    ]
    assert [(r["number"], r["name"], r["unit"], Decimal(r["price"])) for r in standard.rows] == [
        (f["number"], f["name"], f["unit"], Decimal(f["price"])) for f in committed
    ]
    assert standard.juvenile == ("蓝孔雀", "当年孵化的", Decimal("200"))


@pytest.mark.django_db
def test_a_revised_standard_is_a_second_version_and_the_first_is_unchanged(tmp_path):
    first = CompensationPlan.objects.get()
    before = _species_rows(first)
    documents_before = set(Document.objects.values_list("doc_number", "title", "signed_date"))

    parsed = parse_any(REVISED.read_text(encoding="utf-8"))
    records = tmp_path / "issue_2021_03.json"
    records.write_text(json.dumps(issue_records(parsed.issue), ensure_ascii=False), "utf-8")
    call_command("loaddata", str(records), verbosity=0)
    # Loading the second issue leaves the first issue and its documents as they were.
    assert set(Issue.objects.values_list("year", "number")) == {(2020, 8), (2021, 3)}
    assert documents_before <= set(
        Document.objects.values_list("doc_number", "title", "signed_date")
    )

    draft = parsed.documents[0]
    [extractor] = extractors_for(draft)
    assert extractor.app == "wildlife"
    revised = services.standard_revision_store(standard=extractor.read(draft, ""))

    assert CompensationPlan.objects.count() == 2
    first.refresh_from_db()
    assert _species_rows(first) == before
    assert revised.document.doc_number == "威政办字〔2021〕9号"
    assert revised.supersedes == first
    assert revised.city_share_parts == first.city_share_parts
    rows = {s.name: s for s in revised.species.all()}
    assert len(rows) == 14
    assert rows["刺猬"].price == Decimal("60")
    assert Species.objects.get(plan=first, name="刺猬").price == Decimal("50")
    assert rows["豆雁"].price == Decimal("400") and "豆雁" not in {r[1] for r in before}
    assert rows["蓝孔雀"].juvenile_price == Decimal("200")
    assert "刺猬由50.00元/只改为60元/只" in revised.source_note
    assert "新增豆雁" in revised.source_note

    with pytest.raises(ValidationError, match="已经保存过"):
        services.standard_revision_store(standard=read_standard(draft))
    assert CompensationPlan.objects.count() == 2

"""Every document's text in the database against its span of the print, character by character."""

import pytest
from django.conf import settings

from documents.fidelity import allowed_differences, issue_fidelity, plain
from documents.models import Provision

pytestmark = pytest.mark.django_db
SOURCE = settings.GAZETTE_SOURCE


def test_every_document_matches_the_print_but_for_the_listed_differences():
    results = issue_fidelity(SOURCE)
    assert len(results) == 12
    for result in results:
        unexplained = [(d.printed, d.stored) for d in result.unexplained]
        assert unexplained == [], f"{result.doc_number}：未说明的差异 {unexplained}"
        assert result.explained_percent == 100.0
        assert result.printed_chars > 0


def test_every_listed_difference_is_needed_and_explained():
    allowed = allowed_differences(SOURCE)
    used = {d.allowed for r in issue_fidelity(SOURCE) for d in r.differences if d.allowed}
    assert set(allowed) == used
    assert all(a.reason.endswith("。") and a.printed != a.stored for a in allowed)


def test_a_lost_character_is_reported():
    provision = Provision.objects.get(
        document__doc_number="威市监发〔2020〕56号", anchor="第十三条"
    )
    provision.text = provision.text.replace("负责解释", "解释")
    provision.save()
    (result,) = [r for r in issue_fidelity(SOURCE) if r.doc_number == "威市监发〔2020〕56号"]
    assert [(d.printed, d.stored) for d in result.unexplained] == [("负责", "")]
    assert result.percent < 100.0 and result.explained_percent < 100.0


def test_the_colons_and_the_heading_of_the_last_articles_are_as_printed():
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    provisions = {
        p.anchor: p for p in Provision.objects.filter(document__doc_number="威市监发〔2020〕56号")
    }
    item = provisions["第八条-（一）"]
    assert plain(f"{item.heading}{item.heading_end}") in plain(lines[1385])  # line 1386
    assert item.heading_end == "："
    final = provisions["第十三条"]
    assert (final.heading, final.heading_end) == ("附则", "")
    assert final.text == plain(lines[1405])  # line 1406, on its own

"""Status in SQL (selectors.annotate_status) agrees with documents.rules for every case."""

import datetime as dt
import itertools

import pytest

from documents import selectors
from documents.choices import Status
from documents.models import Document, DocumentRelation, Issue, RelationKind, Section

pytestmark = pytest.mark.django_db

D = dt.date
DATES = [D(2016, 12, 31), D(2017, 1, 1), D(2020, 8, 17), D(2020, 8, 18), D(2020, 10, 31)]
DATES += [D(2020, 11, 1), D(2021, 6, 30), D(2021, 7, 1), D(2025, 10, 31), D(2025, 11, 1)]


def _make_cases():
    """Documents with every combination of start, end and repeal (including no dates at all)."""
    issue = Issue.objects.get(year=2020, number=8)
    section = Section.objects.get(issue=issue, name="市政府文件")
    starts = [None, D(2017, 1, 1)]
    signed = [None, D(2016, 12, 1)]
    ends = [None, D(2021, 6, 30), D(2020, 8, 17)]
    repealers = [[], [D(2020, 8, 18)], [D(2021, 7, 1), D(2020, 11, 1)], [None]]
    n = itertools.count(900)
    for start, sign, end, repeal_starts in itertools.product(starts, signed, ends, repealers):
        k = next(n)
        doc = Document.objects.create(
            issue=issue,
            section=section,
            position=k,
            doc_number=f"威政发〔2016〕{k}号",
            slug=f"case-{k}",
            title=f"时效测试{k}",
            signed_date=sign,
            effective_from=start,
            effective_to=end if (start is None or end is None or end >= start) else None,
        )
        for r in repeal_starts:
            j = next(n)
            repealer = Document.objects.create(
                doc_number=f"威政发〔2021〕{j}号",
                slug=f"repealer-{j}",
                title=f"废止文件{j}",
                effective_from=r,
                is_stub=True,
            )
            DocumentRelation.objects.create(source=repealer, target=doc, kind=RelationKind.REPEALS)


@pytest.mark.parametrize("as_of", DATES)
def test_sql_status_equals_the_rules_for_every_document(as_of):
    _make_cases()
    documents = list(selectors.annotate_status(Document.objects.all(), as_of=as_of))
    assert len(documents) > 100
    seen = set()
    for doc in documents:
        expected = selectors.status_of(doc, as_of=as_of)
        got = selectors.status_from_annotation(doc, as_of=as_of)
        assert (got.status, got.repealed_on) == (expected.status, expected.repealed_on), doc.slug
        seen.add(got.status)
    assert len(seen) >= 3


def test_every_status_and_unknown_occur_across_the_dates():
    _make_cases()
    seen = set()
    for as_of in DATES:
        for doc in selectors.annotate_status(Document.objects.all(), as_of=as_of):
            seen.add(doc.status_code)
    expected = {"", Status.REPEALED, Status.EXPIRED, Status.NOT_YET, Status.IN_FORCE}
    assert {str(v) for v in expected} <= seen

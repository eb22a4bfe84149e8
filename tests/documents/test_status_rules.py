import datetime as dt

import pytest

from documents.choices import Status
from documents.rules import carries_status, document_status, plan_period_end, repeal_date

D = dt.date


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2020, 10, 31), Status.NOT_YET),
        (D(2020, 11, 1), Status.IN_FORCE),
        (D(2025, 10, 31), Status.IN_FORCE),
        (D(2025, 11, 1), Status.EXPIRED),
    ],
)
def test_blood_donation_measure_boundaries(as_of, expected):
    status = document_status(
        in_force_from=D(2020, 11, 1), effective_to=D(2025, 10, 31), repealed_on=None, as_of=as_of
    )
    assert status == expected


def test_repeal_counts_from_the_day_the_repealing_document_starts():
    kwargs = {"in_force_from": D(2017, 1, 1), "effective_to": None, "repealed_on": D(2020, 8, 18)}
    assert document_status(as_of=D(2020, 8, 17), **kwargs) == Status.NO_TERM
    assert document_status(as_of=D(2020, 8, 18), **kwargs) == Status.REPEALED


def test_a_document_that_expired_before_its_repeal_stays_expired():
    status = document_status(
        in_force_from=D(2017, 1, 1),
        effective_to=D(2019, 12, 31),
        repealed_on=D(2020, 8, 18),
        as_of=D(2026, 1, 1),
    )
    assert status == Status.EXPIRED


def test_unknown_dates_give_no_status_rather_than_a_guess():
    assert (
        document_status(
            in_force_from=None, effective_to=None, repealed_on=None, as_of=D(2026, 1, 1)
        )
        is None
    )


def test_earliest_repealer_wins_and_undated_repealers_are_ignored():
    assert repeal_date(repealer_start_dates=[D(2021, 1, 1), None, D(2020, 8, 18)]) == D(2020, 8, 18)
    assert repeal_date(repealer_start_dates=[None]) is None


# --------------------------------------------------------------- honest status on real data


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2022, 12, 31), Status.IN_FORCE),
        (D(2023, 1, 1), Status.ENDED),
        (D(2026, 11, 30), Status.ENDED),
    ],
)
def test_a_plan_with_a_stated_period_has_ended_after_it(as_of, expected):
    assert plan_period_end("威海市新型智慧城市三年行动计划（2020—2022年）") == D(2022, 12, 31)
    status = document_status(
        in_force_from=D(2020, 8, 12),
        effective_to=D(2022, 12, 31),
        repealed_on=None,
        as_of=as_of,
        kind="计划",
    )
    assert status == expected


def test_a_document_stating_no_validity_is_not_called_in_force():
    kwargs = {"in_force_from": D(2020, 8, 18), "effective_to": None, "repealed_on": None}
    assert document_status(as_of=D(2020, 8, 17), kind="意见", **kwargs) == Status.NOT_YET
    assert document_status(as_of=D(2026, 11, 30), kind="意见", **kwargs) == Status.NO_TERM
    assert Status.NO_TERM.label == "未载明有效期"


def test_an_appointment_list_carries_no_status():
    assert not carries_status("名单")
    kwargs = {"in_force_from": D(2020, 8, 6), "effective_to": None, "repealed_on": None}
    assert document_status(as_of=D(2026, 11, 30), kind="名单", **kwargs) is None


@pytest.mark.django_db
def test_the_real_plan_page_says_ended_with_the_date(client):
    body = client.get("/documents/wzbz-2020-48/?as_of=2026-11-30").content.decode()
    meta = body[body.index("时效状态") : body.index("时效状态") + 300]
    assert "已到期" in meta and "现行有效" not in meta
    assert "2022年12月31日" in body
    body = client.get("/documents/wzbz-2020-48/?as_of=2021-06-01").content.decode()
    meta = body[body.index("时效状态") : body.index("时效状态") + 300]
    assert "现行有效" in meta


@pytest.mark.django_db
def test_the_real_opinion_without_dates_shows_no_term_and_its_signed_date(client):
    body = client.get("/documents/wzf-2020-8/?as_of=2026-11-30").content.decode()
    meta = body[body.index("时效状态") : body.index("时效状态") + 400]
    assert "未载明有效期" in meta and "现行有效" not in meta
    assert "2020年8月18日" in body


@pytest.mark.django_db
def test_the_real_appointment_list_shows_no_status(client):
    body = client.get("/documents/wzr-2020-7/?as_of=2026-11-30").content.decode()
    for label in ("现行有效", "已失效", "未载明有效期", "时效未知", "尚未施行"):
        assert label not in body
    assert "不适用时效" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "as_of", [D(2020, 7, 1), D(2020, 8, 20), D(2021, 6, 1), D(2023, 1, 1), D(2026, 11, 29)]
)
def test_sql_status_agrees_with_the_rules_for_every_document(as_of):
    from documents.models import Document
    from documents.selectors import annotate_status, repealers_prefetch, status_of

    documents = annotate_status(
        Document.objects.prefetch_related(repealers_prefetch()), as_of=as_of
    )
    seen = set()
    for doc in documents:
        expected = status_of(doc, as_of=as_of).status
        assert doc.status_code == (expected.value if expected else ""), doc.doc_number
        seen.add(doc.status_code)
    assert len(seen) >= 2

"""Who may apply for the 金融发展贡献奖: 第三条, 第七条, 第十条, each reason with its article."""

import pytest

from gazette_site.caching import PUBLIC_REQUEST_QUERIES
from rewards import rules
from rewards.models import Condition, ConditionRole
from rewards.rules import Applicant, ApplicantFacts, Disqualification, Level

VALIDITY = dict(validity="2020年8月18日至2025年8月17日", validity_article="第十三条")


def answer(in_force=True, min_years=2, **facts):
    base = dict(
        sector="bank",
        level=Level.LEGAL_ENTITY,
        province_approved=None,
        applicant=Applicant.LOCAL,
        operating_years=3,
        disqualifications=(),
    )
    base.update(facts)
    return rules.award_eligibility(
        ApplicantFacts(**base), min_operating_years=min_years, in_force=in_force, **VALIDITY
    )


def failed_articles(result) -> list[str]:
    return [c.article for c in result.reasons]


def test_a_local_bank_with_enough_years_may_apply():
    result = answer()
    assert result.eligible
    assert {c.article for c in result.checks} == {"第十三条", "第七条", "第三条", "第十条"}


@pytest.mark.parametrize(("years", "eligible"), [(1, False), (2, True), (5, True)])
def test_operating_years_two_or_more(years, eligible):
    result = answer(operating_years=years)
    assert result.eligible is eligible
    if not eligible:
        assert failed_articles(result) == ["第七条"]
        assert "不足2个会计年度" in result.reasons[0].text


@pytest.mark.parametrize(
    ("applicant", "text"),
    [(Applicant.INDIVIDUAL, "不接受个人申报"), (Applicant.OUT_OF_TOWN, "不接受外地机构申报")],
)
def test_individuals_and_out_of_town_institutions_may_not_apply(applicant, text):
    result = answer(applicant=applicant)
    assert not result.eligible
    assert [(c.article, c.text) for c in result.reasons] == [("第七条", text + "。")]


@pytest.mark.parametrize("sector", ["bank", "insurance", "securities"])
def test_financial_institutions_are_legal_entities_or_city_branches(sector):
    assert answer(sector=sector, level=Level.CITY_BRANCH).eligible
    lower = answer(sector=sector, level=Level.LOWER_BRANCH)
    assert failed_articles(lower) == ["第三条"]
    assert "市级以下分支机构不在其列" in lower.reasons[0].text


def test_local_financial_organisations_must_be_approved_by_the_province():
    assert answer(sector="local_finance", level=None, province_approved=True).eligible
    refused = answer(sector="local_finance", level=None, province_approved=False)
    assert failed_articles(refused) == ["第三条"]
    assert "山东省地方金融监督管理局批准设立" in refused.reasons[0].text


def test_other_institutions_are_outside_the_measure():
    assert failed_articles(answer(sector="other", level=None)) == ["第三条"]


def test_regulators_do_not_apply():
    result = answer(sector="regulator", level=None, operating_years=0)
    assert failed_articles(result) == ["第七条"]
    assert "按第六条（二）的条件直接确定" in result.reasons[0].text


@pytest.mark.django_db
@pytest.mark.parametrize("position", [1, 2, 3, 4])
def test_each_disqualifying_situation_of_article_10(position):
    situation = Condition.objects.get(
        measure__document__doc_number="威政发〔2020〕6号",
        role=ConditionRole.DISQUALIFICATION,
        position=position,
    )
    result = answer(disqualifications=[Disqualification(situation.item, situation.text)])
    assert failed_articles(result) == ["第十条"]
    assert f"存在第十条{situation.item}所列情形" in result.reasons[0].text
    assert situation.text.rstrip("；。") in result.reasons[0].text


def test_every_reason_is_listed_not_only_the_first():
    result = answer(
        in_force=False,
        applicant=Applicant.OUT_OF_TOWN,
        level=Level.LOWER_BRANCH,
        operating_years=0,
        disqualifications=[Disqualification("（三）", "发生重大违法违规经营行为的；")],
    )
    assert failed_articles(result) == ["第十三条", "第七条", "第三条", "第七条", "第十条"]


def test_measure_out_of_force_is_a_reason():
    result = answer(in_force=False)
    assert failed_articles(result) == ["第十三条"]
    assert "不在有效期内（2020年8月18日至2025年8月17日）" in result.reasons[0].text


# --------------------------------------------------------------------------- the page

URL = "/rewards/eligibility/"


@pytest.mark.django_db
def test_page_answers_with_articles_linked(client):
    response = client.get(
        URL,
        {
            "applicant": "local",
            "sector": "bank",
            "level": "city_branch",
            "operating_years": "2",
            "as_of": "2021-05-01",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "可以申报" in text
    assert 'href="/documents/wzf-2020-6/#第七条"' in text
    assert 'href="/documents/wzf-2020-6/#第三条"' in text
    assert "按 2021年5月1日 计" in text


@pytest.mark.django_db
def test_page_lists_every_situation_of_article_10_and_refuses_when_checked(client):
    situations = list(
        Condition.objects.filter(role=ConditionRole.DISQUALIFICATION).order_by("position")
    )
    blank = client.get(URL).content.decode()
    for situation in situations:
        assert situation.text in blank
    response = client.get(
        URL,
        {
            "applicant": "local",
            "sector": "insurance",
            "level": "legal_entity",
            "operating_years": "4",
            "disqualified": [situations[1].pk, situations[3].pk],
            "as_of": "2022-01-10",
        },
    )
    text = response.content.decode()
    assert "不能申报" in text and "共 2 项" in text
    assert "存在第十条（二）所列情形" in text and "存在第十条（四）所列情形" in text
    assert 'href="/documents/wzf-2020-6/#第十条"' in text


@pytest.mark.django_db
def test_page_on_a_date_after_the_measure_expired(client):
    response = client.get(
        URL,
        {
            "applicant": "local",
            "sector": "bank",
            "level": "legal_entity",
            "operating_years": "9",
            "as_of": "2026-01-05",
        },
    )
    text = response.content.decode()
    assert "已失效" in text
    assert "不能申报" in text and "不在有效期内" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"applicant": "local", "sector": "bank", "operating_years": "3"}, "请选择机构层级"),
        (
            {
                "applicant": "local",
                "sector": "bank",
                "level": "legal_entity",
                "operating_years": "-1",
            },
            "大于或等于0",
        ),
        (
            {
                "applicant": "local",
                "sector": "bank",
                "level": "legal_entity",
                "operating_years": "两年",
            },
            "输入整数",
        ),
        ({"applicant": "robot", "sector": "bank"}, "选择一个有效的选项"),
        (
            {"applicant": "local", "sector": "local_finance", "operating_years": "3"},
            "是否由山东省地方金融监督管理局批准设立",
        ),
        (
            {"applicant": "local", "sector": "bank", "level": "legal_entity"},
            "请填写在本市正常经营的完整会计年度数",
        ),
        (
            {
                "applicant": "local",
                "sector": "bank",
                "level": "legal_entity",
                "operating_years": "3",
                "disqualified": "999",
            },
            "选择一个有效的选项",
        ),
    ],
)
def test_page_bad_input_is_a_400_in_chinese(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_page_bad_date_is_a_400(client):
    response = client.get(URL, {"as_of": "2021-13-01"})
    assert response.status_code == 400
    assert "不是有效日期" in response.content.decode()


@pytest.mark.django_db
def test_page_query_count_is_fixed(client, django_assert_max_num_queries):
    params = {
        "applicant": "local",
        "sector": "bank",
        "level": "legal_entity",
        "operating_years": "3",
        "disqualified": ["1", "2", "3"],
    }
    # The scheme with its measure and document, the situations of 第十条, and the repeals
    # recorded against the document (for its status).
    with django_assert_max_num_queries(3 + PUBLIC_REQUEST_QUERIES):
        assert client.get(URL, params).status_code == 200

"""The general parser on texts of our own, one per shape Chinese government texts take."""

from pathlib import Path

import pytest

from documents.general import find_repeals, parse_any
from documents.ingest import parse_bytes, parse_text

TEXTS = Path(__file__).parent / "texts"


def read(name: str) -> dict:
    return parse_text((TEXTS / name).read_text(encoding="utf-8")).data


def only(name: str) -> dict:
    data = read(name)
    assert data["issue"] is None
    assert len(data["documents"]) == 1
    return data["documents"][0]


def test_covering_notice_with_the_measure_it_carries():
    doc = only("notice_with_measure.txt")
    # The title runs over three lines; the number is printed with [].
    assert doc["title"] == "海港市人民政府关于印发海港市渔港码头安全管理暂行办法的通知"
    assert doc["doc_number"] == "海政发〔2031〕12号"
    assert {
        "line": 7,
        "seen": "海政发[2031]12号",
        "chosen": "文号统一写作“海政发〔2031〕12号”",
    } in doc["readings"]
    assert doc["issuers"] == ["海港市人民政府"]
    assert doc["signed_date"] == "2031-03-15"  # 二〇三一年三月十五日
    assert doc["carried_titles"] == ["海港市渔港码头安全管理暂行办法"]
    assert (doc["chapters"], doc["articles"], doc["items"]) == (2, 4, 0)
    # 自2031年4月1日起施行，有效期2年
    assert (doc["effective_from"], doc["effective_to"]) == ("2031-04-01", "2033-03-31")
    assert doc["registration_no"] == "HGCR—2031—0010003"
    assert doc["based_on"] == ["海政办字〔2029〕8号"]


def test_repeal_clause_is_told_from_the_word_inside_a_provision():
    doc = only("notice_with_measure.txt")
    # 第二条 says 应当及时修改或者废止 (no title, no number); 第四条 repeals a numbered measure.
    assert doc["repeals"] == ["海政发〔2025〕3号"]
    assert find_repeals("对与本办法不一致的规定，有关部门应当及时修改或者废止。") == []
    assert find_repeals("《某某规定》同时废止。") == ["《某某规定》"]
    assert find_repeals("废止《某某规定》的决定另行公布。") == []


def test_responsibility_lists_are_read_from_a_task():
    text = (TEXTS / "notice_with_measure.txt").read_text(encoding="utf-8")
    parsed = parse_any(text)
    duties = parsed.documents[0].responsibilities
    # The text does not print who leads: no unit is marked as the lead.
    assert [(r.printed_name, r.is_lead) for r in duties] == [
        ("市海洋发展局", False),
        ("市应急局", False),
        ("各区人民政府", False),
    ]
    # Where the document prints the rule, the first unit listed leads.
    ruled = parse_any(text.replace("各区人民政府）", "各区人民政府。列第一位者为牵头单位，下同）"))
    assert [(r.printed_name, r.is_lead) for r in ruled.documents[0].responsibilities] == [
        ("市海洋发展局", True),
        ("市应急局", False),
        ("各区人民政府", False),
    ]
    # 第三条 runs over a line break and is joined.
    article = next(p for p in parsed.documents[0].provisions if p.label == "第三条")
    assert "发现隐患的，应当立即整改。" in article.text


def test_decree_with_masthead_and_signer():
    doc = only("decree.txt")
    assert doc["doc_number"] == "国务院令第888号"
    assert doc["title"] == "海岛灯塔保护条例"
    assert doc["issuers"] == ["国务院"]
    assert doc["signed_date"] == "2030-05-20"
    assert doc["effective_from"] == "2030-07-01"
    assert (doc["chapters"], doc["articles"]) == (3, 5)
    assert any(r["seen"] == "总理 王某某" for r in doc["readings"])


def test_local_regulation_with_adoption_header_and_a_lost_chapter_label():
    doc = only("regulation.txt")
    assert doc["doc_number"] is None
    assert doc["title"] == "海港市海滩保护条例"
    assert doc["issuers"] == ["海港市人民代表大会常务委员会"]
    assert doc["adopted_date"] == "2032-09-01"
    assert doc["approved_date"] == "2032-11-02"
    assert doc["published_date"] == "2032-11-10"
    assert doc["signed_date"] == "2032-09-01"
    # 自公布之日起施行: in force on the publication date printed in the header.
    assert doc["effective_from"] == "2032-11-10"
    assert (doc["chapters"], doc["articles"]) == (4, 6)
    assert doc["repeals"] == ["《海港市海滨管理规定》"]
    assert {
        "line": 21,
        "seen": "保障与监督",
        "chosen": "第三章 保障与监督（章序号漏印，按前后章序补读）",
    } in doc["readings"]


def test_chapters_with_numbered_items_and_no_articles():
    doc = only("rules_items.txt")
    assert doc["title"] == "海港市人民政府关于印发《海港市人民政府议事规则》的通知"
    assert doc["carried_titles"] == ["海港市人民政府议事规则"]
    # 一、 to 五、 run on across three chapters.
    assert (doc["chapters"], doc["articles"], doc["items"]) == (3, 0, 5)
    assert doc["effective_from"] is None


def test_a_document_that_states_no_dates_at_all():
    doc = only("no_dates.txt")
    assert doc["title"] == "海港市公共自行车使用须知"
    assert doc["doc_number"] is None
    assert (doc["signed_date"], doc["effective_from"], doc["effective_to"]) == (None, None, None)
    assert doc["items"] == 3
    assert doc["issuers"] == []
    assert any(r["chosen"] == "未印发文机关，发文机关留空" for r in doc["readings"])


def test_attachment_table_running_over_a_page_break():
    data = read("opinion_with_table.txt")
    doc = data["documents"][0]
    assert doc["doc_number"] == "海政办发〔2034〕7号"
    assert doc["signed_date"] == "2034-06-30"
    assert doc["items"] == 2
    # Rows 1-4: the header repeated after the break and row 3 continued under its number
    # are not rows of their own.
    assert doc["attachments"] == [{"title": "社区食堂建设任务表", "rows": 4}]
    assert [r["line"] for r in data["readings"]] == [32, 33]


def test_a_run_of_documents_without_contents():
    data = read("run_of_two.txt")
    assert data["issue"] is None
    assert [(d["doc_number"], d["signed_date"]) for d in data["documents"]] == [
        ("海政字〔2035〕3号", "2035-03-05"),
        ("海政字〔2035〕4号", "2035-03-09"),
    ]
    second = data["documents"][1]
    assert second["title"] == "海港市人民政府关于调整市食品安全委员会组成人员的通知"
    # 自印发之日起执行: from the date it was signed.
    assert second["effective_from"] == "2035-03-09"


def test_a_whole_issue_of_our_own_with_masthead_and_contents():
    data = read("small_issue.txt")
    assert (data["issue"]["year"], data["issue"]["number"], data["issue"]["cumulative"]) == (
        2036,
        2,
        20,
    )
    assert data["issue"]["contents"][0] == {
        "title": "海港市人民政府关于印发海港市路灯管理办法的通知",
        "doc_number": "海政发〔2036〕1号",
        "page": 2,
        "section": "市政府文件",
    }
    first, second = data["documents"]
    assert (first["issuers"], first["signed_date"], first["articles"]) == (
        ["海港市人民政府"],
        "2036-01-20",
        2,
    )
    assert (first["effective_from"], first["effective_to"]) == ("2036-03-01", "2041-02-28")
    assert (second["doc_number"], second["signed_date"]) == ("海政任〔2036〕1号", "2036-01-25")


@pytest.mark.parametrize("name", sorted(p.name for p in TEXTS.glob("*.txt")))
def test_every_text_reads_the_same_in_gb18030_with_crlf(name, tmp_path):
    text = (TEXTS / name).read_text(encoding="utf-8")
    plain = parse_text(text).data["documents"]
    other = parse_bytes(text.replace("\n", "\r\n").encode("gb18030")).data["documents"]
    assert other == plain


def test_a_notice_carrying_two_measures_records_whose_period_it_uses():
    doc = only("two_measures.txt")
    assert doc["carried_titles"] == ["海港市渔船更新扶持规定", "海港市渔港改造扶持规定"]
    assert doc["items"] == 4
    assert (doc["effective_from"], doc["effective_to"]) == ("2037-03-01", "2039-02-28")
    assert {
        "line": 25,
        "seen": "执行期限为2037年3月1日至2039年2月28日",
        "chosen": "《海港市渔船更新扶持规定》未另印施行期限；文件的施行期限按此句记录。",
    } in doc["readings"]

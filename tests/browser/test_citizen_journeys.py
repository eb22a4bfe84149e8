"""What a citizen does in a browser: find a calculator, read, filter, print and download."""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from gazette_site.tools import calculators

pytestmark = pytest.mark.browser


def pdf_text(content: bytes) -> str:
    """The PDF's text; NFKC because Chromium's PDFs map some glyphs to Kangxi radicals (⼈ for 人)."""
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("tool", calculators(), ids=lambda t: t.url_name)
def test_home_to_each_calculator_in_one_click(live_portal, page, tool):
    page.goto(live_portal.url + "/")
    page.locator("#tools").get_by_role("link", name=tool.question).click()
    page.wait_for_url("**" + tool.url)
    # The calculator opens with the same question, then its inputs.
    assert page.locator(".calc-question").inner_text() == tool.question
    assert page.locator("main form").count() >= 1
    assert page.js_errors == []


@pytest.mark.parametrize(
    ("slug", "calculator_path"),
    [
        ("wzf-2020-7", "/blood-donation/"),
        ("wzf-2020-6", "/rewards/eligibility/"),
        ("wfgf-2020-227", "/pricing/calculator/"),
        ("wsjf-2020-56", "/rewards/ip-compensation/"),
        ("wzbz-2020-50", "/wildlife/calculator/"),
    ],
)
def test_a_document_page_links_to_its_calculator(live_portal, page, slug, calculator_path):
    page.goto(f"{live_portal.url}/documents/{slug}/")
    link = page.locator(f".tools-for-doc a[href='{calculator_path}']")
    assert link.count() == 1
    link.click()
    page.wait_for_url("**" + calculator_path)


def listed_numbers(page) -> set[str]:
    return {
        cell.inner_text().strip()
        for cell in page.locator("table.data tbody td[data-label='文号']").all()
    }


def test_documents_in_force_on_a_date(live_portal, page):
    page.goto(live_portal.url + "/documents/?status=in_force&as_of=2026-11-29")
    # On 2026-11-29 every dated measure of the issue has run out; the rest state no term.
    assert listed_numbers(page) == set()
    assert "没有符合这些条件的文件" in page.locator("main").inner_text()
    assert "2026年11月29日" in page.locator("main").inner_text()
    page.goto(live_portal.url + "/documents/?status=in_force&as_of=2021-06-01")
    assert listed_numbers(page) == {
        "威政发〔2020〕6号",
        "威政发〔2020〕7号",
        "威政办字〔2020〕48号",
        "威政办字〔2020〕51号",
        "威发改发〔2020〕227号",
        "威市监发〔2020〕56号",
    }
    tags = page.locator("table.data tbody td[data-label='时效']").all_inner_texts()
    assert tags and all("现行有效" in t for t in tags)


def test_the_filter_form_narrows_the_list(live_portal, page):
    page.goto(live_portal.url + "/documents/")
    page.select_option("#id_kind", "办法")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_url("**kind=*")
    assert listed_numbers(page) == {
        "威政发〔2020〕6号",
        "威政发〔2020〕7号",
        "威市监发〔2020〕56号",
    }


def test_printing_a_document_leaves_out_menu_and_forms(live_portal, page):
    page.goto(live_portal.url + "/documents/wzf-2020-7/")
    text = pdf_text(page.pdf(format="A4"))
    assert "关于印发威海市无偿献血管理办法的通知" in text
    assert "威政发〔2020〕7号" in text and "第三十条" in text
    assert "2020年8月18日" in text  # the signature block's date
    assert "/documents/wzf-2020-7/" in text  # the page's address at the foot
    for screen_only in (
        "我能办什么",
        "各期公报",
        "跳到正文",
        "按哪一天判断时效",
        "下载PDF",
        "本文目录",
    ):
        assert screen_only not in text, screen_only
    assert "¶" not in text


def test_the_pdf_download_has_the_title_and_number_as_text(live_portal, page):
    page.goto(live_portal.url + "/documents/wsjf-2020-56/")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as f:
        content = f.read()
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    first_page = reader.pages[0].extract_text()
    assert "威海市知识产权质押融资风险补偿实施办法" in first_page
    assert "威市监发〔2020〕56号" in first_page
    assert "威市监发〔2020〕56号" in reader.metadata.title


def test_the_ip_calculator_accepts_300_wan(live_portal, page):
    page.goto(live_portal.url + "/rewards/ip-compensation/")
    page.fill("#loss", "300万")
    page.fill("#business_year", "1")
    page.get_by_role("button", name="计算").click()
    page.wait_for_url("**loss=*")
    assert page.locator(".result.bad").count() == 0
    assert "本金损失 3,000,000元 的补偿" in page.locator("#answer").inner_text()
    assert page.locator("#ip-provincial").inner_text().endswith("元")

"""A clerk who may only publish puts the next issue online in a real browser (Chromium)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.publishing.conftest import SECOND_ISSUE, publishing_user

pytestmark = pytest.mark.browser

# `UPDATE_SCREENSHOTS=1 make test` refreshes the README's screenshots from this walk-through.
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def _shot(page, name):
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_clerk_uploads_previews_fixes_a_date_and_publishes(live_portal, page, tmp_path):
    publishing_user("liu", publish=True)
    upload = tmp_path / "2020-09.txt"
    upload.write_bytes(SECOND_ISSUE.read_text(encoding="utf-8").encode("gb18030"))
    url = live_portal.url

    page.goto(url + "/admin/login/")
    page.fill("#id_username", "liu")
    page.fill("#id_password", "pw-for-tests-only")
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="导入新一期公报").first.click()
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url("**/publishing/draftissue/add/")
    page.set_input_files("#id_file", str(upload))
    _shot(page, "1-upload")
    page.get_by_role("button", name="上传并生成草稿").click()

    # The preview: masthead, problems first, unsure reading highlighted with its line.
    page.wait_for_url("**/change/")
    assert "2020年第9期（总第145期）" in page.locator("h2.masthead").inner_text()
    blocking = page.locator("ul.blocking").inner_text()
    assert "还有 1 处解析判断未核对" in blocking
    warnings = page.locator("ul.warnings").inner_text()
    assert "《威海市人民政府关于开展“亩产效益”评价改革工作的实施意见》没有写明施行日期" in warnings
    unsure = page.locator("ul.readings li.unsure")
    assert "原文第47行：威政办字[2020]60号" in unsure.inner_text()
    assert page.locator("li.unsure").evaluate("e => getComputedStyle(e).backgroundColor") == (
        "rgb(255, 244, 194)"
    )
    relations = page.locator("ul.relations").nth(0).inner_text()
    assert "本期草稿中的文件" in relations
    assert "发布后自2020年10月1日起显示为已废止" in relations
    assert page.get_by_role("button", name="发布本期").count() == 0
    _shot(page, "2-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the preview is wider than a 390px phone screen"
    page.set_viewport_size({"width": 1280, "height": 900})

    # Fix a date: the 实施意见 takes effect on the day it was signed.
    page.locator("#document-1").get_by_role("link", name="更正这份文件的信息").click()
    page.fill("#id_effective_from", "2020-03-02")
    _shot(page, "3-correct")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/draftissue/*/change/")
    assert (
        "施行日期：解析为“（空）”，更正为“2020年3月2日”" in page.locator("#document-1").inner_text()
    )
    assert "没有写明施行日期" not in (page.locator("ul.warnings").all_inner_texts() or [""])[0]

    page.locator("ul.readings").get_by_role("button", name="已核对").click()
    page.wait_for_url("**/change/#reading-*")
    assert "没有阻止发布的问题" in page.locator("section.checks").inner_text()
    _shot(page, "4-ready")
    page.get_by_role("button", name="发布本期").click()
    page.wait_for_url("**/change/")
    assert "2020年第9期（总第145期） 已发布。" in page.locator("ul.messagelist").inner_text()

    # The public site.
    page.goto(url + "/")
    assert "2020年第9期（总第145期）" in page.locator("section.masthead").inner_text()
    _shot(page, "5-home")
    page.goto(url + "/issues/")
    assert page.get_by_role("link", name="2020年第9期（总第145期）").count() == 1
    page.goto(url + "/documents/wzbz-2020-60/")
    assert "威政办字〔2020〕60号" in page.locator("dl.meta").text_content()
    page.goto(url + "/documents/wzz-2020-12/")
    meta = page.locator("dl.meta").text_content()
    assert "2020年3月2日" in meta and "未载明有效期" in meta  # no term is printed
    assert page.locator("p.notice").count() == 0  # no longer a placeholder

    page.goto(url + "/documents/wzbz-2020-51/?as_of=2020-09-30")
    assert "已废止" not in page.locator("dl.meta").text_content()
    page.goto(url + "/documents/wzbz-2020-51/?as_of=2020-10-01")
    meta = page.locator("dl.meta").text_content()
    assert "已废止" in meta and "自2020年10月1日起被废止" in meta
    assert page.get_by_role("link", name="威政办字〔2020〕60号").count() >= 1  # the reason

    # The 2020-08 document that cited the placeholder now links to the real document.
    page.goto(url + "/documents/wfgf-2020-227/")
    page.locator('a[href="/documents/wzz-2020-12/"]').first.click()
    page.wait_for_url("**/documents/wzz-2020-12/")
    assert "评价结果分为A、B、C、D四类" in page.locator("article.doc-body").inner_text()

    page.goto(url + "/search/?q=" + "当场作出审批决定")
    hits = page.locator("li.hit").all_inner_texts()
    assert any("威政办字〔2020〕60号" in hit for hit in hits)
    assert page.js_errors == []

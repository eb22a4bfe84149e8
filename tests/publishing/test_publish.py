"""Publishing: blocked drafts, atomicity, re-uploads, re-publishing, the command, permissions."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from documents.models import Document, Issue
from publishing import services
from publishing.models import DraftIssue


def _draft(text, user, name="second.txt"):
    return services.draft_create(text=text, source_name=name, source_format="txt", acting_user=user)


def _check_all(draft, user):
    for document in draft.documents.all():
        for reading in document.readings.all():
            services.reading_mark_checked(reading=reading, acting_user=user)


def _public_state():
    return (
        list(Issue.objects.values_list("year", "number", "cumulative_number")),
        list(Document.objects.order_by("doc_number").values_list("doc_number", "is_stub", "title")),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("威政字〔2020〕12号", "威政发〔2020〕7号"),
            "文号 威政发〔2020〕7号 已在 2020年第8期（总第144期） 发布",
        ),
        (("总第145期", "总第144期"), "总第144期已被 2020年第8期（总第144期） 使用"),
        (("2020年3月2日", "2020年2月30日"), "日期“2020年2月30日”不存在"),
    ],
)
def test_a_blocked_draft_has_no_button_and_a_forced_post_changes_nothing(
    client, publisher, second_issue_text, change, message
):
    draft = _draft(second_issue_text.replace(*change), publisher)
    _check_all(draft, publisher)
    before = _public_state()
    client.force_login(publisher)
    page = client.get(f"/admin/publishing/draftissue/{draft.pk}/change/").content.decode()
    assert message in page
    assert 'value="发布本期"' not in page
    response = client.post(f"/admin/publishing/draftissue/{draft.pk}/publish/", follow=True)
    assert message in response.content.decode()
    assert _public_state() == before
    draft.refresh_from_db()
    assert draft.state == DraftIssue.State.DRAFT


def test_a_document_without_title_or_unchecked_reading_blocks(publisher, second_issue_text):
    draft = _draft(second_issue_text, publisher)
    with pytest.raises(services.PublishRefused) as refused:
        services.draft_publish(draft_id=draft.pk, acting_user=publisher)
    assert "还有 1 处解析判断未核对（见下方标黄处），核对后才能发布。" in refused.value.messages
    _check_all(draft, publisher)
    services.draft_document_update(
        document=draft.documents.first(), acting_user=publisher, title=""
    )
    with pytest.raises(services.PublishRefused) as refused:
        services.draft_publish(draft_id=draft.pk, acting_user=publisher)
    assert refused.value.messages == ["第1份文件（威政字〔2020〕12号）没有标题。"]


def test_an_editor_without_the_publish_permission_cannot_publish(client, editor, second_issue_text):
    draft = _draft(second_issue_text, editor)
    _check_all(draft, editor)
    client.force_login(editor)
    page = client.get(f"/admin/publishing/draftissue/{draft.pk}/change/").content.decode()
    assert "没有阻止发布的问题" in page and 'value="发布本期"' not in page
    assert "您没有发布公报的权限" in page
    assert client.post(f"/admin/publishing/draftissue/{draft.pk}/publish/").status_code == 403
    assert not Issue.objects.filter(year=2020, number=9).exists()


def test_only_the_publishing_clerk_group_may_publish(db):
    from django.contrib.auth.models import Group, Permission

    publishers = set(
        Group.objects.get(name="公报发布员").permissions.values_list("codename", flat=True)
    )
    assert {"add_draftissue", "change_draftdocument", "publish_draftissue"} <= publishers
    holders = Permission.objects.get(codename="publish_draftissue").group_set.all()
    assert [g.name for g in holders] == ["公报发布员"]


def test_publishing_is_atomic_when_the_search_index_fails(
    monkeypatch, publisher, second_issue_text
):
    from search import services as search_services

    draft = _draft(second_issue_text, publisher)
    _check_all(draft, publisher)
    before = _public_state()

    def broken(**kwargs):
        raise RuntimeError("搜索索引写入失败（测试注入）")

    monkeypatch.setattr(search_services, "index_refresh_source", broken)
    with pytest.raises(RuntimeError):
        services.draft_publish(draft_id=draft.pk, acting_user=publisher)
    assert _public_state() == before
    assert Document.objects.get(doc_number="威政字〔2020〕12号").is_stub
    draft.refresh_from_db()
    assert draft.state == DraftIssue.State.DRAFT and draft.issue is None


def test_reupload_keeps_the_fixes_that_still_apply(publisher, second_issue_text):
    draft = _draft(second_issue_text, publisher)
    _check_all(draft, publisher)
    first, second = draft.documents.all()
    services.draft_document_update(
        document=first, acting_user=publisher, effective_from=dt.date(2020, 3, 2)
    )
    services.draft_document_update(document=second, acting_user=publisher, title="改过的标题")
    corrected = second_issue_text.replace(
        "威海市人民政府办公室关于印发威海市告知承诺和容缺办理工作规程的通知\n\n威政办字",
        "威海市人民政府办公室关于印发威海市告知承诺和容缺办理工作规程的通知（修订）\n\n威政办字",
    )
    report = services.draft_reupload(
        draft=draft,
        text=corrected,
        source_name="second-v2.txt",
        source_format="txt",
        acting_user=publisher,
    )
    first, second = draft.documents.all()
    assert first.effective_from == dt.date(2020, 3, 2)
    assert second.title.endswith("的通知（修订）")
    assert "威政字〔2020〕12号：保留了对“施行日期”的更正。" in report
    assert any("原来的更正不再适用" in line for line in report)
    readings = {r.note[:4]: r.checked for r in second.readings.all()}
    # The reading checked before stays checked; the new text brought a new one to check.
    assert readings == {"文号印作": True, "目录中标": False}
    assert draft.history.count() >= 2 and first.history.latest().history_user == publisher


def test_republishing_applies_only_confirmed_differences(publisher, second_issue_text):
    draft = _draft(second_issue_text, publisher)
    _check_all(draft, publisher)
    services.draft_publish(draft_id=draft.pk, acting_user=publisher)
    clerk = User.objects.create_user("wang", password="pw-for-tests-only", is_staff=True)
    published = Document.objects.get(doc_number="威政办字〔2020〕60号")
    published.title = "工作人员改过的标题"
    published._history_user = clerk
    published.save()

    revised = second_issue_text.replace("2020年9月15日", "2020年9月16日").replace(
        "审批部门可以当场作出审批决定", "审批部门应当当场作出审批决定"
    )
    again = _draft(revised, publisher, name="second-v2.txt")
    _check_all(again, publisher)
    from gazette_site.http import today
    from publishing.selectors import draft_preview

    preview = draft_preview(again, as_of=today())
    assert preview.republish and not preview.blocking
    found = {(d.doc_number, d.field): d for d in preview.differences}
    assert found[("威政办字〔2020〕60号", "title")].edited_by_clerk
    assert not found[("威政办字〔2020〕60号", "signed_date")].edited_by_clerk
    assert not found[("威政办字〔2020〕60号", "body")].edited_by_clerk
    confirmed = {d.key for d in preview.differences if not d.edited_by_clerk}
    services.draft_publish(draft_id=again.pk, acting_user=publisher, confirmed=confirmed)
    published.refresh_from_db()
    assert published.title == "工作人员改过的标题"
    assert published.signed_date == dt.date(2020, 9, 16)
    assert "审批部门应当当场作出审批决定" in published.body


def test_ingest_command_stores_a_draft_and_publishes_it(db, tmp_path, second_issue_text):
    path = tmp_path / "second.txt"
    path.write_bytes(second_issue_text.encode("gb18030"))
    out = StringIO()
    call_command("ingest", str(path), stdout=out)
    draft = DraftIssue.objects.get()
    assert out.getvalue().splitlines()[-1] == f"草稿 {draft.pk}"
    out = StringIO()
    call_command("ingest", str(path), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["draft_id"] == DraftIssue.objects.latest("id").pk
    assert [d["doc_number"] for d in payload["documents"]] == [
        "威政字〔2020〕12号",
        "威政办字〔2020〕60号",
    ]
    with pytest.raises(CommandError, match="解析判断未核对"):
        call_command("ingest", "--publish", str(draft.pk), stdout=StringIO())
    _check_all(draft, None)
    out = StringIO()
    call_command("ingest", "--publish", str(draft.pk), stdout=out)
    assert out.getvalue().strip() == f"已发布 2020年第9期（总第145期）（草稿 {draft.pk}）"
    assert Issue.objects.filter(year=2020, number=9).exists()


def test_ingest_command_refuses_unreadable_files(db, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(CommandError, match="这不是文本文件"):
        call_command("ingest", str(path))
    with pytest.raises(CommandError, match="没有编号为 999 的草稿"):
        call_command("ingest", "--publish", "999")


def test_a_viewer_can_read_the_preview_but_not_check_correct_or_reupload(
    client, publisher, second_issue_text
):
    from django.contrib.auth.models import Permission

    draft = _draft(second_issue_text, publisher)
    reading = draft.documents.get(position=2).readings.get()
    viewer = User.objects.create_user("viewer", password="pw-for-tests-only", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_draftissue"))
    client.force_login(viewer)
    page = client.get(f"/admin/publishing/draftissue/{draft.pk}/change/").content.decode()
    assert "文号印作“威政办字[2020]60号”" in page and "更正这份文件的信息" not in page
    base = f"/admin/publishing/draftissue/{draft.pk}"
    assert client.post(f"{base}/readings/{reading.pk}/check/").status_code == 403
    assert client.post(f"{base}/reupload/", {"text": "x"}).status_code == 403
    document = draft.documents.get(position=1)
    response = client.post(
        f"/admin/publishing/draftdocument/{document.pk}/change/", {"title": "改"}
    )
    assert response.status_code == 403
    reading.refresh_from_db()
    document.refresh_from_db()
    assert not reading.checked and document.title.startswith("威海市人民政府关于")


def test_the_republish_page_leaves_a_clerks_edit_unticked_and_applies_the_ticked(
    client, publisher, second_issue_text
):
    first = _draft(second_issue_text, publisher)
    _check_all(first, publisher)
    services.draft_publish(draft_id=first.pk, acting_user=publisher)
    published = Document.objects.get(doc_number="威政字〔2020〕12号")
    published.title = "工作人员改过的标题"
    published._history_user = User.objects.create_user("wang", password="pw-for-tests-only")
    published.save()
    again = _draft(second_issue_text.replace("2020年3月2日", "2020年3月3日"), publisher)
    _check_all(again, publisher)
    client.force_login(publisher)
    page = client.get(f"/admin/publishing/draftissue/{again.pk}/change/").content.decode()
    assert "本期已发布过：与公开内容的差异" in page
    assert 'value="威政字〔2020〕12号:title" id="confirm-1">' in page  # unticked
    assert "（工作人员改过）" in page
    assert 'value="威政字〔2020〕12号:signed_date" id="confirm-2" checked>' in page
    client.post(
        f"/admin/publishing/draftissue/{again.pk}/publish/",
        {"confirm": ["威政字〔2020〕12号:signed_date"]},
    )
    published.refresh_from_db()
    assert published.title == "工作人员改过的标题"
    assert published.signed_date == dt.date(2020, 3, 3)

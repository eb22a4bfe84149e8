"""A clerk's draft, from upload to publish, through the services and admin pages."""

import datetime as dt

from documents.models import Document, DocumentRelation, Issue
from documents.selectors import status_of
from publishing import services
from publishing.models import DraftIssue


def _draft(text, user):
    return services.draft_create(
        text=text, source_name="second.txt", source_format="txt", acting_user=user
    )


def test_upload_makes_a_draft_and_changes_nothing_public(client, publisher, second_issue_text):
    documents, issues = Document.objects.count(), Issue.objects.count()
    client.force_login(publisher)
    response = client.post(
        "/admin/publishing/draftissue/add/", {"text": second_issue_text}, follow=True
    )
    assert response.status_code == 200
    draft = DraftIssue.objects.get()
    page = response.content.decode()
    assert "2020年第9期（总第145期）" in page
    assert "威政字〔2020〕12号" in page and "威政办字〔2020〕60号" in page
    assert "还有 1 处解析判断未核对" in page
    assert "没有写明施行日期" in page
    assert "发布后自2020年10月1日起显示为已废止" in page
    assert "本期草稿中的文件" in page
    assert Document.objects.count() == documents and Issue.objects.count() == issues
    assert draft.documents.count() == 2


def _ready(draft, user):
    for document in draft.documents.all():
        for reading in document.readings.all():
            services.reading_mark_checked(reading=reading, acting_user=user)


def test_publish_creates_the_issue_and_replaces_the_placeholder(
    client, publisher, second_issue_text
):
    placeholder = Document.objects.get(doc_number="威政字〔2020〕12号")
    assert placeholder.is_stub
    cited_by = DocumentRelation.objects.get(
        source__doc_number="威发改发〔2020〕227号", target=placeholder
    )
    draft = _draft(second_issue_text, publisher)
    _ready(draft, publisher)

    issue = services.draft_publish(draft_id=draft.pk, acting_user=publisher)

    assert issue.label == "2020年第9期（总第145期）"
    real = Document.objects.get(doc_number="威政字〔2020〕12号")
    assert real.pk == placeholder.pk and not real.is_stub and real.issue == issue
    assert real.provisions.count() == 3 and real.responsibilities.count() == 3
    cited_by.refresh_from_db()
    assert cited_by.target_id == real.pk
    new = Document.objects.get(doc_number="威政办字〔2020〕60号")
    assert new.effective_from == dt.date(2020, 10, 1)
    assert new.history.latest().history_user == publisher
    repealed = Document.objects.get(doc_number="威政办字〔2020〕51号")
    assert status_of(repealed, as_of=dt.date(2020, 9, 30)).status != "repealed"
    assert status_of(repealed, as_of=dt.date(2020, 10, 1)).status == "repealed"
    draft.refresh_from_db()
    assert draft.state == DraftIssue.State.PUBLISHED and draft.published_by == publisher
    # The open data read the new rows at once.
    issues = client.get("/data/issues.json").content.decode()
    assert "145" in issues
    documents = client.get("/data/documents.json").content.decode()
    assert "威政办字〔2020〕60号" in documents

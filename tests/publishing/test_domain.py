"""A draft whose document a domain app recognises: the preview says what it makes, publish makes it."""

from pathlib import Path

from django.conf import settings

from gazette_site.http import today
from publishing import selectors, services
from wildlife.models import CompensationPlan

REVISED = Path(settings.BASE_DIR) / "tests" / "wildlife" / "texts" / "revised_standard_issue.txt"


def test_a_revised_wildlife_standard_is_previewed_and_published_as_a_new_version(publisher):
    first = CompensationPlan.objects.get()
    first_species = list(first.species.values_list("name", "price"))
    draft = services.draft_create(
        text=REVISED.read_text(encoding="utf-8"),
        source_name="2021-03.txt",
        source_format="txt",
        acting_user=publisher,
    )
    notice = draft.documents.get(doc_number="威政办字〔2021〕9号")
    assert [d["summary"] for d in notice.domain] == [
        "野生动物退出补偿标准（含修订版）：14 项，发布时新建一个版本"
    ]
    preview = selectors.draft_preview(draft, as_of=today())
    assert (
        "野生动物退出补偿标准（含修订版）：14 项"
        in preview.documents[0].document.domain[0]["summary"]
    )
    for document in draft.documents.all():
        for reading in document.readings.all():
            services.reading_mark_checked(reading=reading, acting_user=publisher)

    services.draft_publish(draft_id=draft.pk, acting_user=publisher)

    draft.refresh_from_db()
    assert draft.publish_notes == "野生动物补偿标准：第1批新版本（14 个物种）已创建"
    second = CompensationPlan.objects.exclude(pk=first.pk).get()
    assert second.document.doc_number == "威政办字〔2021〕9号" and second.supersedes == first
    assert list(first.species.values_list("name", "price")) == first_species
    created = second.history.earliest("history_date", "history_id")
    assert created.history_user == publisher
    assert created.history_change_reason.startswith("补偿标准修订（发布公报 ")

"""Every reference a link: stored when documents are saved, rendered from offsets, what cites this."""

import re

import pytest

from documents import rules
from documents.models import Document, ExternalWork, Provision, Reference, ReferenceKind
from documents.references import linked_lines, references_rebuild

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def link_to(html: str, text: str) -> str:
    """Return the href of the link whose text is exactly `text`."""
    match = re.search(r'<a class="ref[^"]*" href="([^"]+)"[^>]*>' + re.escape(text) + "</a>", html)
    assert match, f"{text} is not a link"
    return match[1]


def provision_html(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index('<div class="provision', start)]


def test_national_law_in_article_1_links_to_a_placeholder_listing_7(client):
    page = body(client.get("/documents/wzf-2020-7/"))
    href = link_to(provision_html(page, "第一条"), "《中华人民共和国献血法》")
    placeholder = body(client.get(href))
    assert "flk.npc.gov.cn" in placeholder
    cited_by = placeholder[placeholder.index('id="引用本文件"') :]
    assert "威政发〔2020〕7号 第一条" in cited_by
    assert (
        "根据《中华人民共和国献血法》《山东省实施〈中华人民共和国献血法〉办法》等法律法规"
        in cited_by
    )
    # The provincial measure with a nested 〈〉 title is a reference of its own.
    assert link_to(page, "《山东省实施〈中华人民共和国献血法〉办法》") != href


def test_a_certificate_in_book_title_marks_is_not_a_document(client):
    page = body(client.get("/documents/wzf-2020-7/"))
    assert "《无偿献血证》" in page
    assert not ExternalWork.objects.filter(title="无偿献血证").exists()
    # The measure the notice issues is the document itself, not a citation.
    assert not ExternalWork.objects.filter(title="威海市无偿献血管理办法").exists()


def test_repealed_list_is_a_link_and_its_placeholder_shows_the_repeal(client):
    page = body(client.get("/documents/wzz-2020-49/"))
    href = link_to(page, "威政字〔2018〕40号")
    assert href == "/documents/wzz-2018-40/"
    assert link_to(page, "《市级政务服务事项中介服务项目清单》") == href
    placeholder = body(client.get(href))
    repealed = placeholder[placeholder.index("被以下文件废止") :]
    assert "威政字〔2020〕49号" in repealed[: repealed.index("</ul>")]
    assert "威政字〔2020〕49号" in placeholder[placeholder.index('id="引用本文件"') :]
    assert "www.weihai.gov.cn" in placeholder


def test_an_article_of_an_outside_law_links_to_that_law(client):
    page = body(client.get("/documents/wzbz-2020-51/"))
    law = ExternalWork.objects.get(title="中华人民共和国行政许可法")
    assert link_to(page, "第六十九条第二款") == law.get_absolute_url()


def _measure(doc_number: str, slug: str, texts: list[str], **fields) -> Document:
    document = Document.objects.create(doc_number=doc_number, slug=slug, **fields)
    for n, text in enumerate(texts, start=1):
        label = f"第{'一二三四五'[n - 1]}条"
        Provision.objects.create(
            document=document, kind="article", label=label, anchor=label, text=text, position=n
        )
    return document


def test_article_references_inside_a_document_jump_to_their_anchor(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _measure(
            "威政发〔2020〕901号",
            "wzf-2020-901",
            [
                "本办法所称献血者，是指在本市献血的公民。",
                "献血者享有优先用血的权利。\n前款规定的权利，由血站负责落实。",
                "违反本办法第二条第二款规定的，依照第一条处理；第九条另有规定的除外。",
            ],
            title="测试办法",
        )
        Provision.objects.create(
            document=document,
            parent=document.provisions.get(anchor="第二条"),
            kind="paragraph",
            label="第二款",
            anchor="第二条-第二款",
            position=9,
        )
    page = body(client.get("/documents/wzf-2020-901/"))
    article_3 = provision_html(page, "第三条")
    assert link_to(article_3, "本办法第二条第二款") == "#第二条-第二款"
    assert link_to(article_3, "第一条") == "#第一条"
    assert "第九条" in article_3 and ">第九条</a>" not in article_3  # no such article
    cited = provision_html(page, "第一条")
    assert "引用本条（1）" in cited and "依照第一条处理" in cited


@pytest.mark.parametrize(
    "printed",
    ["威政字〔2018〕40号", "威政字[2018]40号", "威政字（2018）40号", "威政字〔2018〕40 号"],
)
def test_document_numbers_in_any_bracket_style_link(printed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = _measure("威政发〔2020〕902号", "wzf-2020-902", [f"根据{printed}的规定。"])
    ref = Reference.objects.get(document=document, kind=ReferenceKind.DOC_NUMBER)
    assert ref.cited_text == printed
    assert ref.target_document.doc_number == "威政字〔2018〕40号"


def test_a_document_that_arrives_replaces_the_placeholder(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        citing = _measure(
            "威政发〔2020〕903号", "wzf-2020-903", ["按照《威海市测试管理办法》执行。"]
        )
    ref = Reference.objects.get(document=citing, kind=ReferenceKind.TITLE)
    assert ref.target_external.official_source == rules.WEIHAI_SITE
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.create(
            doc_number="威政发〔2020〕904号", slug="wzf-2020-904", title="威海市测试管理办法"
        )
    ref = Reference.objects.get(document=citing, kind=ReferenceKind.TITLE)
    assert ref.target_document.doc_number == "威政发〔2020〕904号"
    assert not ExternalWork.objects.filter(title="威海市测试管理办法").exists()
    assert link_to(body(client.get("/documents/wzf-2020-903/")), "《威海市测试管理办法》") == (
        "/documents/wzf-2020-904/"
    )


def test_editing_a_provision_recomputes_its_references(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = _measure("威政发〔2020〕905号", "wzf-2020-905", ["无引用。"])
    assert not Reference.objects.filter(document=document).exists()
    with django_capture_on_commit_callbacks(execute=True):
        provision = document.provisions.get()
        provision.text = "依据《中华人民共和国献血法》制定。"
        provision.save()
    ref = Reference.objects.get(document=document)
    assert ref.target_external.official_source == rules.NATIONAL_LAW_DATABASE
    assert ref.sentence == "依据《中华人民共和国献血法》制定。"


def test_links_never_break_escaping(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = _measure(
            "威政发〔2020〕906号",
            "wzf-2020-906",
            ['<b onclick="x">依据</b>《中华人民共和国献血法》&amp;第一条"'],
        )
    provision = document.provisions.get()
    refs = Reference.objects.filter(provision=provision).select_related(
        "target_external", "target_provision__document", "target_document"
    )
    [line] = linked_lines(provision.text, refs)
    assert line.startswith("&lt;b onclick=&quot;x&quot;&gt;依据&lt;/b&gt;<a ")
    assert "&amp;amp;" in line and line.endswith(">第一条</a>&quot;")
    assert "<b" not in line


def test_rebuilding_everything_is_stable():
    before = sorted(Reference.objects.values_list("document_id", "start", "end", "target_key"))
    references_rebuild()
    after = sorted(Reference.objects.values_list("document_id", "start", "end", "target_key"))
    assert before == after and before


def test_each_provision_has_a_citation_and_permalink_without_javascript(client):
    page = body(client.get("/documents/wzf-2020-7/"))
    article = provision_html(page, "第二十条")
    assert "<cite>《威海市无偿献血管理办法》（威政发〔2020〕7号）第二十条</cite>" in article
    assert 'href="http://testserver/documents/wzf-2020-7/#第二十条"' in article
    assert 'class="copy-cite"' in article and " hidden>" in article
    assert re.search(r"/static/documents/cite\.[0-9a-f.]*js", page) and "<script>" not in page
    item = provision_html(page, "第二十六条-（一）")
    assert (
        "<cite>《威海市无偿献血管理办法》（威政发〔2020〕7号）第二十六条第（一）项</cite>" in item
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("中华人民共和国献血法", True),
        ("山东省实施〈中华人民共和国献血法〉办法", True),
        ("威海市新型智慧城市三年行动计划（2020—2022年）", True),
        ("无偿献血证", False),
        ("使用林地申请表", False),
    ],
)
def test_document_titles_are_told_from_certificates_and_forms(title, expected):
    assert rules.is_document_title(title) is expected


def test_official_sources_name_the_publisher_without_inventing_paths():
    assert rules.official_source(title="中华人民共和国献血法") == rules.NATIONAL_LAW_DATABASE
    assert rules.official_source(title="信息安全等级保护管理办法") != rules.NATIONAL_LAW_DATABASE
    assert rules.official_source(title="", doc_number_code="鲁政发") == rules.SHANDONG_SITE
    assert rules.official_source(title="", doc_number_code="国发") == rules.STATE_COUNCIL_SITE
    for source in (rules.NATIONAL_LAW_DATABASE, rules.SHANDONG_SITE, rules.WEIHAI_SITE):
        assert "/" not in source


def test_placeholder_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    work = ExternalWork.objects.get(title="中华人民共和国献血法")
    # The work with its citations, and the data version that keys the page cache.
    with django_assert_num_queries(3):
        assert client.get(work.get_absolute_url()).status_code == 200
    assert client.get("/documents/external/w-nothing/").status_code == 404


def _stored_references():
    rows = Reference.objects.values_list(
        "document_id",
        "provision_id",
        "start",
        "end",
        "kind",
        "target_key",
        "target_document_id",
        "target_provision_id",
        "target_external_id",
    )
    return sorted(rows, key=lambda row: tuple(-1 if v is None else v for v in row))


def test_saving_one_document_resolves_its_references_as_a_full_rebuild_does():
    """A save reads only what the document can cite, and finds the same targets."""
    references_rebuild()
    everything = _stored_references()
    assert everything
    for document in Document.objects.filter(is_stub=False):
        references_rebuild(document_ids=[document.pk])
        assert _stored_references() == everything, document.doc_number


def test_a_save_reads_the_documents_its_text_cites_not_the_whole_gazette(
    django_assert_max_num_queries,
):
    from documents.references import _Catalogue

    document = Document.objects.get(doc_number="威政发〔2020〕7号")
    texts = [document.preamble, *document.provisions.values_list("text", flat=True)]
    catalogue = _Catalogue(texts=texts, own=[document.pk])
    # It cites national laws (placeholders) and its own articles, no other gazette document.
    assert set(catalogue.by_number) <= {"威政发〔2020〕7号"}
    assert set(catalogue.provisions) == {document.pk}
    assert "中华人民共和国献血法" in catalogue.externals
    # A notice cited by the title of what it issues is found by that title.
    notices = Document.objects.filter(title__regex="关于印发.+的通知$").exclude(pk=document.pk)
    by_embedded: dict[str, list[Document]] = {}
    for notice in notices:
        embedded = notice.title.split("关于印发", 1)[1].removesuffix("的通知").strip("《》")
        by_embedded.setdefault(embedded, []).append(notice)
    embedded, [issuing] = next((t, d) for t, d in by_embedded.items() if len(d) == 1)
    catalogue = _Catalogue(texts=[f"依据《{embedded}》第二条"], own=[])
    assert catalogue.by_title[embedded].pk == issuing.pk
    with django_assert_max_num_queries(3):
        _Catalogue(texts=texts, own=[document.pk])

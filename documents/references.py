"""References in the gazette's text: found when a document is stored, rendered from offsets.

Three kinds are found in a document's preamble and provisions:

- 文号 in any bracket style (gazette_text's finder);
- 《title》, with or without a 文号 after it, and abbreviations set by （以下简称《…》）;
- 第X条 / 第X条第X款 / 本办法第X条: a provision of the same document, or of the work
  cited just before it (《中华人民共和国行政许可法》第六十九条第二款).

Each points to a document, a provision, or a placeholder (ExternalWork) for a work outside
the gazette. Pages render links from the stored offsets, escaping every piece of text.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from documents import rules
from documents.models import (
    Document,
    ExternalWork,
    Provision,
    Reference,
    ReferenceKind,
)
from gazette_text import find_doc_numbers, parse_doc_number

_TITLE = re.compile(r"《([^《》\n]{1,150})》")
_ABBREVIATION = re.compile(r"^[（(]\s*以下简称\s*[《“\"]([^》”\"]{1,30})[》”\"]\s*[)）]")
_PROVISION = re.compile(
    r"(?P<own>本(?:办法|规定|细则|规程|方案|条例|意见|通知|决定))?"
    r"第(?P<article>[〇零一二三四五六七八九十百]+)条"
    r"(?:第(?P<paragraph>[〇零一二三四五六七八九十]+)款)?"
)
# Between a title and its 文号: 《…》（威政字〔2018〕40号）
_TITLE_TO_NUMBER = re.compile(r"[\s（(]{0,2}")
# Between a cited work and its article: 《…》第六十九条, （…40号）第十五条
_WORK_TO_ARTICLE = re.compile(r"[\s）)]{0,2}$")


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cited_text: str
    key: str = ""
    document: Document | None = None
    provision: Provision | None = None
    external: ExternalWork | None = None
    extra: dict = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return bool(self.document or self.provision or self.external)


class _Catalogue:
    """What references resolve against, read once per rebuild.

    A rebuild of everything reads every document's number and title and every provision's
    anchor. A rebuild of a few documents (a clerk's save) reads only what their texts can
    cite: the documents bearing a number or title found in them, and those documents'
    provisions. Reading the whole gazette instead took 10 s per save at 10,000 documents.
    """

    def __init__(self, *, texts: list[str] | None = None, own: list[int] = ()) -> None:
        # In the default order, as before: of two documents with one title, the last wins.
        documents = Document.objects.only("id", "doc_number", "title")
        externals = ExternalWork.objects.all()
        if texts is not None:
            numbers, titles = _citable(texts)
            cited = Q(doc_number__in=numbers) | Q(title__in=titles)
            if titles:
                # A 印发 notice is cited by the title of what it issues (see _embedded_title).
                pattern = "(" + "|".join(re.escape(t) for t in sorted(titles)) + ")》?的通知$"
                cited |= Q(title__regex=pattern)
            documents = documents.filter(cited)
            externals = externals.filter(key__in=numbers | titles)
        self.by_number = {d.doc_number: d for d in documents}
        self.by_title = {_embedded_title(d): d for d in self.by_number.values() if d.title}
        self.by_title |= {d.title: d for d in self.by_number.values() if d.title}
        self.externals = {w.key: w for w in externals}
        self.provisions: dict[int, dict[str, Provision]] = {}
        provisions = Provision.objects.only("id", "document_id", "anchor", "kind")
        if texts is not None:
            targets = {*own, *(d.pk for d in self.by_number.values())}
            provisions = provisions.filter(document_id__in=sorted(targets))
        for p in provisions:
            self.provisions.setdefault(p.document_id, {})[p.anchor] = p

    def document_for_code(self, code: str, year: int, serial: int) -> Document | None:
        # The finder may keep words glued before an unknown code (根据鲁自然资发…): try tails.
        for i in range(len(code)):
            document = self.by_number.get(f"{code[i:]}〔{year}〕{serial}号")
            if document is not None:
                return document
        return None

    def external(self, *, key: str, title: str = "", doc_number: str = "") -> ExternalWork:
        work = self.externals.get(key)
        if work is None:
            code = parse_doc_number(doc_number).code if doc_number else ""
            work = ExternalWork.objects.create(
                key=key,
                slug="w-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                title=title,
                doc_number=doc_number,
                official_source=rules.official_source(title=title, doc_number_code=code),
            )
            self.externals[key] = work
        elif title and not work.title:
            work.title = title
            work.save(update_fields=["title"])
        return work


def _citable(texts: list[str]) -> tuple[set[str], set[str]]:
    """The 文号 (with every tail of their codes, see document_for_code) and 《titles》 in texts."""
    numbers: set[str] = set()
    titles: set[str] = set()
    for text in texts:
        for number, _start, _end in find_doc_numbers(text):
            numbers.add(number.canonical)
            code = number.code
            numbers.update(
                f"{code[i:]}〔{number.year}〕{number.serial}号" for i in range(len(code))
            )
        titles.update(match[1].strip() for match in _TITLE.finditer(text))
    return numbers, titles


def _embedded_title(document: Document) -> str:
    """The title of what a 印发 notice issues (威海市无偿献血管理办法), else the document's."""
    match = re.search(r"关于(?:印发|公布)(.+?)的通知$", document.title)
    return match[1].strip("《》") if match else document.title


def _is_self(document: Document, title: str) -> bool:
    return bool(title) and (title in document.title or title == _embedded_title(document))


def _find(text: str, document: Document, catalogue: _Catalogue, aliases: dict) -> list[_Found]:
    found: list[_Found] = []
    numbers: dict[int, _Found | None] = {}
    for number, start, end in find_doc_numbers(text):
        canonical = number.canonical
        item = _Found(start, end, ReferenceKind.DOC_NUMBER, text[start:end], key=canonical)
        if canonical != document.doc_number:
            target = catalogue.document_for_code(number.code, number.year, number.serial)
            if target is not None:
                item.key = target.doc_number
                item.document = target
        numbers[start] = item
        found.append(item)
    for match in _TITLE.finditer(text):
        title = match[1].strip()
        item = _Found(match.start(), match.end(), ReferenceKind.TITLE, match[0], key=title)
        gap = _TITLE_TO_NUMBER.match(text, match.end())
        paired = numbers.get(gap.end())
        if paired is not None:
            paired.extra["title"] = title
            item.key = paired.key
            item.document = paired.document
            item.extra["number"] = paired
        elif title in aliases:
            item.document, item.external, item.key = aliases[title]
        elif _is_self(document, title):
            item.key = ""
        elif title in catalogue.by_title:
            item.document = catalogue.by_title[title]
            item.key = item.document.doc_number
        elif rules.is_document_title(title) and len(title) >= 4:
            item.external = catalogue.external(key=title, title=title)
        else:
            item.key = ""
        abbreviation = _ABBREVIATION.match(text[match.end() :].lstrip())
        if abbreviation:
            aliases[abbreviation[1]] = (item.document, item.external, item.key)
        found.append(item)
    # 文号 without a document in the gazette: a placeholder, titled when a title came with it.
    for item in numbers.values():
        if item.document is None and item.key and item.key != document.doc_number:
            item.external = catalogue.external(
                key=item.key, title=item.extra.get("title", ""), doc_number=item.key
            )
    for item in found:
        if item.kind == ReferenceKind.TITLE and "number" in item.extra:
            item.external = item.extra["number"].external
    found.sort(key=lambda f: f.start)
    found.extend(_find_provisions(text, document, catalogue, found))
    return sorted((f for f in found if f.resolved), key=lambda f: f.start)


def _find_provisions(text, document, catalogue, works: list[_Found]) -> list[_Found]:
    ends = {w.end: w for w in works}
    found = []
    for match in _PROVISION.finditer(text):
        article = f"第{match['article']}条"
        anchors = [article]
        if match["paragraph"]:
            anchors.insert(0, f"{article}-第{match['paragraph']}款")
        owner = None
        if not match["own"]:
            lead = _WORK_TO_ARTICLE.search(text, 0, match.start())
            owner = ends.get(lead.start()) if lead else None
        item = _Found(match.start(), match.end(), ReferenceKind.PROVISION, match[0])
        target_document = document
        if owner is not None:
            if not owner.resolved:
                continue
            target_document = owner.document
            item.key = owner.key
            item.external = owner.external
        if target_document is not None:
            provisions = catalogue.provisions.get(target_document.pk, {})
            item.provision = next((provisions[a] for a in anchors if a in provisions), None)
            if item.provision is None:
                item.document = owner.document if owner is not None else None
        found.append(item)
    return found


def _references_for(document: Document, catalogue: _Catalogue) -> list[Reference]:
    aliases: dict = {}
    texts = [(None, document.preamble)]
    texts += [(p, p.text) for p in document.provisions.order_by("position")]
    rows = []
    for provision, text in texts:
        if not text:
            continue
        for item in _find(text, document, catalogue, aliases):
            rows.append(
                Reference(
                    document=document,
                    provision=provision,
                    start=item.start,
                    end=item.end,
                    kind=item.kind,
                    cited_text=item.cited_text[:300],
                    target_key=item.key,
                    target_document=None if item.provision else item.document,
                    target_provision=item.provision,
                    target_external=None if (item.provision or item.document) else item.external,
                    sentence=rules.sentence_around(text, item.start, item.end),
                )
            )
    return rows


@transaction.atomic
def references_rebuild(*, document_ids: list[int] | None = None) -> int:
    """Recompute the stored references of these documents (all when None); return the count.

    Documents citing one of them by 文号 or title are recomputed too, so a document that
    arrives replaces the placeholder others linked to. Placeholders nobody cites are removed.
    """
    documents = Document.objects.all()
    if document_ids is not None:
        changed = list(Document.objects.filter(pk__in=document_ids))
        keys = {d.doc_number for d in changed} | {d.title for d in changed if d.title}
        citing = Reference.objects.filter(target_key__in=keys).values_list("document_id", flat=True)
        documents = documents.filter(pk__in={*document_ids, *citing})
    documents = list(documents)
    if document_ids is None:
        catalogue = _Catalogue()
    else:
        texts = [d.preamble for d in documents if d.preamble]
        texts += Provision.objects.filter(document__in=documents).values_list("text", flat=True)
        catalogue = _Catalogue(texts=texts, own=[d.pk for d in documents])
    Reference.objects.filter(document__in=documents).delete()
    rows = [row for d in documents for row in _references_for(d, catalogue)]
    Reference.objects.bulk_create(rows)
    ExternalWork.objects.filter(citations__isnull=True).delete()
    return len(rows)


def linked_lines(text: str, references) -> list[SafeString]:
    """Split `text` into lines of HTML: each reference a link, every text piece escaped."""
    lines = []
    offset = 0
    references = sorted(references, key=lambda r: r.start)
    for line in text.split("\n"):
        line_end = offset + len(line)
        pieces = []
        cursor = offset
        for ref in references:
            if ref.start < offset or ref.end > line_end or ref.start < cursor:
                continue
            pieces.append((text[cursor : ref.start], None))
            pieces.append((text[ref.start : ref.end], ref))
            cursor = ref.end
        pieces.append((text[cursor:line_end], None))
        lines.append(
            format_html_join(
                "",
                "{}",
                ((_piece(chunk, ref),) for chunk, ref in pieces if chunk),
            )
        )
        offset = line_end + 1
    return lines


def _piece(chunk: str, ref) -> SafeString:
    if ref is None or ref.target is None:
        return format_html("{}", chunk)
    css = "ref ref-placeholder" if ref.target_external_id else "ref"
    title = _link_title(ref)
    return format_html('<a class="{}" href="{}" title="{}">{}</a>', css, ref.href, title, chunk)


def _link_title(ref) -> str:
    if ref.target_external_id:
        return f"本站未收录：{ref.target_external}"
    if ref.target_provision_id:
        return ref.target_provision.anchor
    document = ref.target_document
    return f"{document.title}（{document.doc_number}）" if document.title else document.doc_number


def citation(document: Document, provision: Provision, chain: list[Provision]) -> str:
    """Cite a provision in the Chinese legal style: 《威海市无偿献血管理办法》（威政发〔2020〕7号）第二十条."""
    place = rules.provision_citation_label([p.label for p in chain], [p.kind for p in chain])
    return f"《{_embedded_title(document)}》（{document.doc_number}）{place}"


# Keeping in step: saves and deletes of documents and provisions are collected per thread
# and recomputed once after the transaction commits. Fixture loads (raw saves) are skipped:
# load_gazette recomputes everything once the files are in.
_state = threading.local()


def _mark(document_id: int | None) -> None:
    if document_id is None:
        return
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = set()
    pending.add(document_id)
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    pending = getattr(_state, "pending", None)
    if not pending:
        return
    ids = sorted(pending)
    pending.clear()
    references_rebuild(document_ids=[i for i in ids if Document.objects.filter(pk=i).exists()])


def _on_document(sender, instance, raw=False, **kwargs):
    if not raw:
        _mark(instance.pk)


def _on_document_delete(sender, instance, **kwargs):
    # Documents citing it by 文号 or title fall back to a placeholder.
    citing = Reference.objects.filter(target_key__in={instance.doc_number, instance.title})
    for document_id in citing.values_list("document_id", flat=True).distinct():
        _mark(document_id)


def _on_provision(sender, instance, raw=False, **kwargs):
    if not raw:
        _mark(instance.document_id)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_on_document, sender=Document, dispatch_uid="references.document")
    post_delete.connect(_on_document_delete, sender=Document, dispatch_uid="references.doc_del")
    post_save.connect(_on_provision, sender=Provision, dispatch_uid="references.provision")
    post_delete.connect(_on_provision, sender=Provision, dispatch_uid="references.prov_del")

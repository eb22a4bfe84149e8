"""Read any gazette text: a whole issue, a run of documents without contents, or one document.

`parse_any(text)` decides which it has. An issue with a masthead and a 目录 goes through
`parse_issue`; otherwise the text is cut into documents at their headings (a title above
a 文号 line, a decree masthead 中华人民共和国国务院令 / 第706号, or a title above the dated
header of a local regulation …通过 / …批准 / …公布) and each is read on its own. Every
choice the parser was not sure of is a `Reading` on the draft (line, seen, chosen).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from documents.parsing import (
    REGISTRATION_RE,
    RUNNING_HEAD_CHOICE,
    AttachmentDraft,
    DocumentDraft,
    IssueDraft,
    Reading,
    count_table_rows,
    document_kind,
    find_relations,
    find_task_responsibilities,
    is_organisation_line,
    parse_issue,
    parse_provisions,
    split_attachments,
    to_blocks,
)
from gazette_text import (
    ARTICLE_RE,
    CHAPTER_RE,
    CJK,
    TERMINAL,
    clean_line,
    clean_source_lines,
    cn_number,
    cn_numeral,
    decree_number,
    find_dates,
    find_doc_numbers,
    fold_width,
    is_date_line,
    join_paragraphs,
    parse_doc_number,
    read_date,
    read_validity,
    squeeze_cjk_spaces,
    starts_structure,
)
from gazette_text.docnumber import DECREE_MASTHEAD_RE, DECREE_SERIAL_RE
from gazette_text.paragraphs import STANDALONE_TITLE_RE


@dataclass
class ParsedText:
    """What a text holds: the issue (None without masthead and contents) and its documents."""

    issue: IssueDraft | None
    documents: list[DocumentDraft]
    readings: list[Reading] = field(default_factory=list)


def parse_any(text: str) -> ParsedText:
    """Parse a decoded text of any of the three shapes."""
    lines, dropped = clean_source_lines(text)
    if _has_contents(lines):
        issue = parse_issue(text)
        return ParsedText(issue, issue.documents, issue.readings)
    readings = [Reading(d.line, d.text, RUNNING_HEAD_CHOICE) for d in dropped]
    if not any(line.strip() for line in lines):
        return ParsedText(None, [], readings)
    starts = document_starts(lines)
    documents = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        documents.append(parse_single(lines[start:end], offset=start))
    return ParsedText(None, documents, readings)


def _has_contents(lines: list[str]) -> bool:
    head = [re.sub(r"\s", "", ln) for ln in lines[:40]]
    return "目录" in head and any(re.search(r"\d{4}年第\d+期", ln) for ln in head)


# --------------------------------------------------------------------------- cutting


_HEADER_LINE_RE = re.compile(
    r"^\s*(?:\d{4}|[〇○一二三四五六七八九]{4})\s*年.{1,8}?日\s*(?P<rest>.*?(?:通过|批准|公布|施行|修正|修订|发布).*)$"
)


def _nonempty(lines: list[str], start: int, count: int) -> list[int]:
    found = []
    i = start
    while i < len(lines) and len(found) < count:
        if lines[i].strip():
            found.append(i)
        i += 1
    return found


def _is_title_line(line: str) -> bool:
    line = clean_line(line)
    return (
        0 < len(line) <= 40
        and not line.endswith(tuple(TERMINAL))
        and not starts_structure(line)
        and not is_date_line(line)
        and "\t" not in line
        and not _HEADER_LINE_RE.match(fold_width(line))
        and parse_doc_number(line) is None
    )


def document_starts(lines: list[str]) -> list[int]:
    """Index of the first line of each document in a text without contents."""
    anchors: list[int] = []
    for i, raw in enumerate(lines):
        line = clean_line(raw)
        if not line:
            continue
        following = _nonempty(lines, i + 1, 1)
        nxt = clean_line(lines[following[0]]) if following else ""
        if DECREE_MASTHEAD_RE.match(line.replace(" ", "")) and DECREE_SERIAL_RE.match(nxt):
            anchors.append(i)
        elif parse_doc_number(line) and _title_above(lines, i):
            anchors.append(_title_above(lines, i))
        elif _HEADER_LINE_RE.match(fold_width(line)) and "通过" in line:
            above = _title_above(lines, i)
            if above is not None:
                anchors.append(above)
    starts = sorted(set(anchors))
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    if not starts or starts[0] > first:
        starts.insert(0, first)
    return starts


def _title_above(lines: list[str], index: int) -> int | None:
    """Walk up over up to three title lines above a 文号 or header line."""
    top = None
    i = index - 1
    taken = 0
    while i >= 0 and taken < 3:
        if not lines[i].strip():
            i -= 1
            continue
        if not _is_title_line(lines[i]):
            break
        top = i
        taken += 1
        i -= 1
    return top


# --------------------------------------------------------------------------- one document


_SIGNER_RE = re.compile(rf"^(?P<post>[{CJK}]{{2,6}})\s+(?P<name>[{CJK}]{{2,4}})$")
_ADDRESSEE_RE = re.compile(r"[：:]$")


def _signer_line(line: str) -> re.Match | None:
    return _SIGNER_RE.match(re.sub(r"\s+", " ", fold_width(line).strip()))


@dataclass
class _Signature:
    start: int
    end: int
    issuers: list[str]
    signer: str
    date: dt.date


def find_signature(lines: list[str], start: int = 0) -> _Signature | None:
    """The first signature block from `start`: issuer or signer lines above a date line."""
    for i in range(start, len(lines)):
        if not is_date_line(clean_line(lines[i])):
            continue
        j = i - 1
        issuers: list[str] = []
        signer = ""
        while j >= start:
            candidate = clean_line(lines[j])
            if not candidate:
                j -= 1
                continue
            if is_organisation_line(candidate):
                issuers.insert(0, squeeze_cjk_spaces(candidate))
            elif (m := _signer_line(candidate)) and not signer and not issuers:
                signer = f"{m['post']} {m['name']}"
            else:
                break
            j -= 1
        if issuers or signer:
            return _Signature(j + 1, i + 1, issuers, signer, read_date(lines[i]))
    return None


_BODY_RE = re.compile(
    rf"(?P<place>[{CJK}]{{2,8}}?[省市])(?:第[一二三四五六七八九十]+届)?人民代表大会常务委员会"
)


def _header_dates(header: list[tuple[int, str]], readings: list[Reading]) -> dict:
    """Read the dated lines under a local regulation's title (…通过 / …批准 / …公布 / …施行)."""
    found: dict = {}
    for line_no, text in header:
        dates = find_dates(text)
        if not dates:
            continue
        first = dates[0].date
        rest = fold_width(text)[dates[0].end :]
        head = rest.split("根据")[0]
        if "通过" in head and "adopted" not in found:
            found["adopted"] = first
            if m := _BODY_RE.search(head):
                found["adopted_by"] = f"{m['place']}人民代表大会常务委员会"
        if "批准" in head and "approved" not in found:
            found["approved"] = first
            if m := _BODY_RE.search(head):
                found["approved_by"] = f"{m['place']}人民代表大会常务委员会"
        if "公布" in head and "published" not in found:
            found["published"] = first
        if "施行" in head and "in_force" not in found:
            found["in_force"] = first
        if "根据" in rest and ("修正" in rest or "修订" in rest):
            later = [d.date for d in dates[1:]]
            if later:
                found["amended"] = later[0]
                readings.append(
                    Reading(
                        line_no,
                        squeeze_cjk_spaces(text),
                        f"此文本为{later[0].year}年{later[0].month}月{later[0].day}日修正后的文本；"
                        "日期按原公布时的版头读取，修正日期另记。",
                    )
                )
    return found


def parse_single(lines: list[str], *, offset: int = 0, section: str = "") -> DocumentDraft:
    """Parse the lines of one document (offset: index of its first line in the source)."""
    readings: list[Reading] = []

    def line_no(i: int) -> int:
        return offset + i + 1

    idx = _nonempty(lines, 0, 6)
    first = clean_line(lines[idx[0]]) if idx else ""
    doc_number = ""
    number = None
    issuers: list[str] = []
    title_lines: list[str] = []
    cursor = idx[0] if idx else 0
    decree = False
    if len(idx) > 1 and decree_number(first, clean_line(lines[idx[1]])):
        decree = True
        doc_number = decree_number(first, clean_line(lines[idx[1]]))
        issuer = DECREE_MASTHEAD_RE.match(first.replace(" ", ""))["issuer"]
        issuers = [issuer.removeprefix("中华人民共和国")]
        cursor = idx[1] + 1
    else:
        i = cursor
        while i < len(lines):
            text = clean_line(lines[i])
            if not text:
                i += 1
                continue
            parsed = parse_doc_number(text)
            if parsed:
                number = parsed
                doc_number = parsed.canonical
                if text.replace(" ", "") != doc_number:
                    readings.append(Reading(line_no(i), text, f"文号统一写作“{doc_number}”"))
                i += 1
                break
            if _is_title_line(text) and len(title_lines) < 4:
                title_lines.append(text)
                i += 1
                continue
            break
        cursor = i

    # Dated header lines of a local regulation.
    header: list[tuple[int, str]] = []
    i = cursor
    while i < len(lines):
        text = clean_line(lines[i])
        if not text:
            i += 1
            continue
        if _HEADER_LINE_RE.match(fold_width(text)):
            header.append((line_no(i), text))
            i += 1
            continue
        break
    cursor = i
    header_info = _header_dates(header, readings)

    # Addressees.
    addressees = ""
    for k in _nonempty(lines, cursor, 1):
        text = clean_line(lines[k])
        if _ADDRESSEE_RE.search(text) and len(text) <= 120 and not starts_structure(text):
            addressees = text.rstrip("：:")
            cursor = k + 1

    registration_no = ""
    for i, raw in enumerate(lines):
        if REGISTRATION_RE.match(clean_line(fold_width(raw))):
            registration_no = re.sub(r"^统一登记号[:：]?|\s", "", clean_line(fold_width(raw)))
            lines = lines[:i] + [""] + lines[i + 1 :]
    body_lines = lines[cursor:]
    signature = find_signature(body_lines)
    carried_titles: list[str] = []
    after_signature: list[str] = []
    if signature:
        before = body_lines[: signature.start]
        after = body_lines[signature.end :]
        if not issuers:
            issuers = signature.issuers
        # （此件公开发布）, then the title of the measure the notice carries.
        k = 0
        while k < len(after) and (
            not clean_line(after[k])
            or re.fullmatch(r"[（(][^（）()]{2,12}[)）]", clean_line(after[k]))
        ):
            k += 1
        carried: list[str] = []
        while k < len(after) and len(carried) < 3:
            text = clean_line(after[k])
            if not text:
                k += 1
                continue
            if _is_title_line(text) and not text.startswith(("附件", "（", "(")):
                carried.append(text)
                k += 1
                continue
            break
        if carried:
            carried_titles.append(squeeze_cjk_spaces("".join(carried)))
        after_signature = after[k:]
        main_lines = before
    else:
        main_lines = body_lines

    title = squeeze_cjk_spaces("".join(title_lines))
    if decree:
        title = carried_titles[0] if carried_titles else ""
        readings.append(
            Reading(
                line_no(idx[0]),
                first,
                f"国务院令无标题，以其公布的《{title}》为文件标题，文号记作“{doc_number}”",
            )
        )
    if not title:
        title = first

    # Paragraphs: the notice, each carried measure's title on its own, then the measure.
    paragraphs, _ = join_paragraphs(main_lines)
    carried_paragraphs: list[str] = []
    if after_signature:
        carried_paragraphs, _ = join_paragraphs(after_signature)
    all_lines = main_lines + after_signature
    text_lines, groups = split_attachments(all_lines, title)
    if groups:
        paragraphs, _ = join_paragraphs(text_lines)
        if after_signature and len(text_lines) > len(main_lines):
            paragraphs, _ = join_paragraphs(main_lines)
            carried_paragraphs, _ = join_paragraphs(text_lines[len(main_lines) :])
        else:
            carried_paragraphs = []
    # A notice may carry several measures: each further one starts with its title alone.
    if carried_titles:
        carried_titles += [p for p in carried_paragraphs if STANDALONE_TITLE_RE.fullmatch(p)]
    body_paragraphs = paragraphs + carried_titles[:1] + carried_paragraphs
    body_paragraphs = _restore_lost_chapters(body_paragraphs, lines, offset, readings)
    provisions, provision_notes = parse_provisions(body_paragraphs)

    attachments = []
    for n, (att_title, group_lines) in enumerate(groups, start=1):
        label = f"附件{n}" if len(groups) > 1 else "附件"
        attachments.append(
            AttachmentDraft(
                label,
                f"附件{n}",
                att_title,
                to_blocks(group_lines),
                rows=count_table_rows(group_lines),
            )
        )

    # Signed: the signature's date; a local regulation has none and is dated by its adoption.
    signed_date = signature.date if signature else None
    if signed_date is None and header_info.get("adopted"):
        signed_date = header_info["adopted"]
        readings.append(
            Reading(
                header[0][0],
                header[0][1],
                "无落款日期；以通过日期为签署日期，批准、公布日期另记",
            )
        )
    if not issuers and header_info.get("adopted_by"):
        issuers = [header_info["adopted_by"]]
    if not issuers:
        readings.append(
            Reading(line_no(idx[0]) if idx else None, title, "未印发文机关，发文机关留空")
        )

    published = header_info.get("published") or signed_date
    validity = _validity(body_paragraphs, header, published)
    if len(carried_titles) > 1 and validity.sentences:
        silent = _measures_without_validity(carried_titles, carried_paragraphs)
        if silent:
            readings.append(
                Reading(
                    _line_of(lines, validity.sentences[0][:8], offset),
                    validity.sentences[0],
                    "《" + "》《".join(silent) + "》未另印施行期限；文件的施行期限按此句记录。",
                )
            )
    if validity.from_publication:
        sentence = validity.sentences[-1]
        readings.append(
            Reading(
                _line_of(lines, sentence[:6], offset),
                sentence,
                f"施行日期取{'版头所载公布' if header_info.get('published') else '落款'}日期"
                f" {published.isoformat()}"
                if published
                else "未印公布或落款日期，施行日期留空",
            )
        )

    relations = find_relations(body_paragraphs, provisions)
    responsibilities, duty_notes = find_task_responsibilities(provisions)
    full_text = "\n".join(body_paragraphs)
    if signature and signature.signer:
        readings.append(
            Reading(
                line_no(cursor + signature.start),
                signature.signer,
                f"签署人“{signature.signer}”，发文机关记作“{'、'.join(issuers)}”",
            )
        )
    draft = DocumentDraft(
        doc_number=doc_number,
        number=number,
        title=title,
        section=section,
        page=0,
        kind=document_kind(carried_titles[0] if carried_titles and not decree else title),
        issuers=issuers,
        signed_date=signed_date,
        effective_from=validity.effective_from,
        effective_to=validity.effective_to,
        registration_no=registration_no,
        addressees=addressees,
        preamble="",
        body=full_text,
        provisions=provisions,
        attachments=attachments,
        relations=relations,
        responsibilities=responsibilities,
        appointments=[],
        notes=provision_notes + duty_notes,
        readings=readings,
        first_line=line_no(idx[0]) if idx else offset + 1,
        adopted_date=header_info.get("adopted"),
        approved_date=header_info.get("approved"),
        published_date=header_info.get("published"),
        carried_titles=carried_titles,
    )
    readings.extend(Reading(draft.first_line, "", note) for note in draft.notes)
    return draft


def _measures_without_validity(titles: list[str], paragraphs: list[str]) -> list[str]:
    """The carried measures (after the first title) whose own text states no validity."""
    segments: dict[str, list[str]] = {titles[0]: []}
    current = titles[0]
    for para in paragraphs:
        if para in titles:
            current = para
            segments.setdefault(current, [])
            continue
        segments[current].append(para)
    return [
        title
        for title, paras in segments.items()
        if not any(read_validity(p).sentences for p in paras)
    ]


def _line_of(lines: list[str], probe: str, offset: int) -> int | None:
    for i, line in enumerate(lines):
        if probe in squeeze_cjk_spaces(fold_width(line)):
            return offset + i + 1
    return None


def _validity(paragraphs: list[str], header: list[tuple[int, str]], published):
    """The closing validity sentence wins; the header's 施行 line fills what it leaves open."""
    found = None
    for para in reversed(paragraphs):
        candidate = read_validity(para, published=published)
        if candidate.sentences:
            found = candidate
            break
    head = read_validity("\n".join(text for _, text in header), published=published)
    if found is None:
        return head
    if found.effective_from is None and not found.from_publication:
        found.effective_from = head.effective_from
    return found


def _restore_lost_chapters(
    paragraphs: list[str], lines: list[str], offset: int, readings: list[Reading]
) -> list[str]:
    """Read a bare heading between articles as the chapter whose 第X章 label was lost.

    Only where the printed chapters skip exactly that number (第六章 … 管理与监督 … 第八章).
    """
    out = list(paragraphs)
    chapters = [(k, cn_number(m[1])) for k, p in enumerate(out) if (m := CHAPTER_RE.match(p))]
    for (k_a, n_a), (k_b, n_b) in zip(chapters, chapters[1:], strict=False):
        if n_b != n_a + 2:
            continue
        bare = [
            k
            for k in range(k_a + 1, k_b)
            if len(out[k]) <= 15
            and not out[k].endswith(tuple(TERMINAL))
            and not starts_structure(out[k])
            and k + 1 < len(out)
            and ARTICLE_RE.match(out[k + 1])
        ]
        if len(bare) != 1:
            continue
        k = bare[0]
        label = f"第{cn_numeral(n_a + 1)}章"
        source_line = next(
            (offset + i + 1 for i, ln in enumerate(lines) if clean_line(ln) == out[k]), None
        )
        readings.append(
            Reading(source_line, out[k], f"{label} {out[k]}（章序号漏印，按前后章序补读）")
        )
        out[k] = f"{label} {out[k]}"
    return out


# --------------------------------------------------------------------------- summaries


_REPEAL_SENTENCE_RE = re.compile(r"(?:同时|即行|一并|予以|亦|)\s*废止\s*$")
_TITLE_RE = re.compile(r"《([^《》]+)》\s*(?:[（(]([^（）()]*?号)[）)])?")


def find_repeals(text: str) -> list[str]:
    """What a text repeals: 《title》 or 文号 in a sentence that ends …（同时）废止.

    A provision that only uses the word (应当及时废止与本条例相抵触的规定) names no title
    or number, and is not a repeal clause.
    """
    found: list[str] = []
    for sentence in re.split(r"[。；;]", fold_width(text)):
        if not _REPEAL_SENTENCE_RE.search(sentence):
            continue
        for m in _TITLE_RE.finditer(sentence):
            hits = find_doc_numbers(m[2]) if m[2] else []
            item = hits[0][0].canonical if hits else f"《{squeeze_cjk_spaces(m[1])}》"
            if item not in found:
                found.append(item)
        if not _TITLE_RE.search(sentence):
            for number, _, _ in find_doc_numbers(sentence):
                if number.canonical not in found:
                    found.append(number.canonical)
    return found


_LAW_ENDINGS = (
    "法",
    "条例",
    "规定",
    "办法",
    "决定",
    "规则",
    "细则",
    "意见",
    "通知",
    "方案",
    "纲要",
)


def find_basis(paragraphs: list[str]) -> list[str]:
    """Laws a text names as its basis in its opening (根据《…》…制定)."""
    first_article = next((k for k, p in enumerate(paragraphs) if p.startswith("第一条")), 3)
    for para in paragraphs[: max(4, first_article + 1)]:
        m = re.search(r"(?:根据|依据)(.{0,200}?)(?:的规定|等法律|，|制定)", para)
        if m:
            titles = [squeeze_cjk_spaces(t) for t in re.findall(r"《([^《》]+)》", m[1])]
            return [f"《{t}》" for t in titles if t.endswith(_LAW_ENDINGS)]
    return []


def counts(draft: DocumentDraft) -> dict:
    """Chapters, articles and top-level numbered items (一、二、 where there are no articles)."""
    kinds = [p.kind for p in draft.provisions]
    articles = kinds.count("article")
    return {
        "chapters": kinds.count("chapter"),
        "articles": articles,
        "items": 0 if articles else sum(1 for p in draft.provisions if p.kind == "section"),
    }

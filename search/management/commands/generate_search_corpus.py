"""Generate a synthetic gazette (default 10,000 documents, 35 years) from the real text.

Every synthetic document copies the shape of a real one (its section, issuer, kind and
list of provisions) and fills it with provision texts drawn at random from all real
documents; titles recombine the real issuers and subjects; numbers run per code and year,
dates fall in the issue's month, some documents expire or repeal an earlier one. The
issues are marked (sponsor "合成测试数据") so `--delete` removes exactly them. It is for
benchmarks: use a database of its own, never the one the portal serves.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.models import (
    Document,
    DocumentIssuer,
    DocumentRelation,
    Issue,
    Provision,
    RelationKind,
    Section,
)
from gazette_site import dataversion
from gazette_text import DocNumber

MARK = "合成测试数据（generate_search_corpus）"
FIRST_CUMULATIVE = 90001  # far above the real numbering (2020年第8期 is 总第144期)
_SUBJECT = re.compile(r"关于(?:印发)?(?P<subject>.+?)的(?:通知|意见)$")


class Command(BaseCommand):
    help = "用真实公报文本合成大量文件（默认 10000 件、35 年），供搜索性能测试。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--documents", type=int, default=10_000, help="合成文件数（默认 10000）"
        )
        parser.add_argument("--years", type=int, default=35, help="跨越年数（默认 35）")
        parser.add_argument("--last-year", type=int, default=2019, help="最后一年（默认 2019）")
        parser.add_argument("--seed", type=int, default=144, help="随机种子，同一种子结果相同")
        parser.add_argument("--delete", action="store_true", help="只删除已合成的数据")
        parser.add_argument("--no-index", action="store_true", help="不重建搜索索引")

    def handle(self, *args, **options):
        if options["documents"] < 1 or options["years"] < 1:
            raise CommandError("文件数和年数都必须大于 0。")
        deleted = delete_synthetic()
        if deleted:
            self.stdout.write(f"已删除此前合成的 {deleted} 件文件。")
        if not options["delete"]:
            made = generate(
                documents=options["documents"],
                years=options["years"],
                last_year=options["last_year"],
                seed=options["seed"],
            )
            self.stdout.write(self.style.SUCCESS(f"已合成 {made} 件文件。"))
        if not options["no_index"]:
            from search.services import index_rebuild

            report = index_rebuild()
            self.stdout.write(f"已重建搜索索引：{report.added} 条。")


@transaction.atomic
def delete_synthetic() -> int:
    """Delete the synthetic issues and everything in them; return the number of documents."""
    documents = Document.objects.filter(issue__sponsor=MARK)
    count = documents.count()
    # Raw deletes: the ORM would write a history row for each of ~200,000 provisions.
    DocumentRelation.objects.filter(source__in=documents)._raw_delete("default")
    DocumentRelation.objects.filter(target__in=documents)._raw_delete("default")
    DocumentIssuer.objects.filter(document__in=documents)._raw_delete("default")
    Provision.objects.filter(document__in=documents)._raw_delete("default")
    documents._raw_delete("default")
    Section.objects.filter(issue__sponsor=MARK)._raw_delete("default")
    Issue.objects.filter(sponsor=MARK)._raw_delete("default")
    dataversion.bump()  # raw deletes send no signals
    return count


def _real_material():
    templates = list(
        Document.objects.filter(is_stub=False, issue__isnull=False)
        .exclude(issue__sponsor=MARK)
        .select_related("section")
        .prefetch_related("provisions", "issuer_links")
    )
    templates = [t for t in templates if t.provisions.all()]
    if not templates:
        raise CommandError("数据库中没有真实文件可供取材，请先运行 manage.py load_gazette。")
    texts: dict[str, list[str]] = defaultdict(list)
    headings: dict[str, list[str]] = defaultdict(list)
    for doc in templates:
        for p in doc.provisions.all():
            if p.text:
                texts[p.kind].append(p.text)
            if p.heading:
                headings[p.kind].append(p.heading)
    all_texts = [t for group in texts.values() for t in group]
    subjects = sorted({m["subject"] for t in templates if (m := _SUBJECT.search(t.title))})
    return templates, texts, headings, all_texts, subjects


def _title(template: Document, subjects: list[str], rng: random.Random, year: int) -> str:
    match = _SUBJECT.search(template.title)
    if not match or not subjects:
        return template.title
    subject = rng.choice(subjects)
    if rng.random() < 0.3:
        subject = f"{subject}（{year}年修订）"
    return (
        template.title[: match.start("subject")] + subject + template.title[match.end("subject") :]
    )


@transaction.atomic
def generate(*, documents: int, years: int, last_year: int, seed: int) -> int:
    """Create the synthetic issues, documents, provisions, issuers and repeals."""
    rng = random.Random(seed)
    templates, texts, headings, all_texts, subjects = _real_material()
    section_names = sorted({t.section.name for t in templates if t.section_id})
    taken = set(Document.objects.values_list("doc_number", flat=True))

    first_year = last_year - years + 1
    issue_keys = [(y, n) for y in range(first_year, last_year + 1) for n in range(1, 13)]
    issues = Issue.objects.bulk_create(
        Issue(
            year=y,
            number=n,
            cumulative_number=FIRST_CUMULATIVE + i,
            sponsor=MARK,
            published_on=dt.date(y, n, 28),
            source_note="合成数据，仅供搜索性能测试。",
        )
        for i, (y, n) in enumerate(issue_keys)
    )
    sections = {}
    section_rows = [
        Section(issue=issue, name=name, position=pos)
        for issue in issues
        for pos, name in enumerate(section_names, 1)
    ]
    for section in Section.objects.bulk_create(section_rows, batch_size=1000):
        sections[(section.issue_id, section.name)] = section

    serials: dict[tuple[str, int], int] = defaultdict(int)
    positions: dict[int, int] = defaultdict(int)
    per_issue = documents / len(issues)
    made: list[Document] = []
    shapes: list[Document] = []
    for index in range(documents):
        issue = issues[min(int(index / per_issue), len(issues) - 1)]
        template = rng.choice(templates)
        code = template.issuer_code or "威政发"
        while True:
            serials[(code, issue.year)] += 1
            number = DocNumber(code, issue.year, serials[(code, issue.year)])
            if number.canonical not in taken:
                break
        taken.add(number.canonical)
        positions[issue.pk] += 1
        signed = dt.date(issue.year, issue.number, rng.randint(1, 28))
        effective_from = (
            signed + dt.timedelta(days=rng.choice([0, 10, 30, 45])) if rng.random() < 0.7 else None
        )
        effective_to = None
        if effective_from and rng.random() < 0.4:
            years_valid = rng.choice([2, 3, 5])
            effective_to = effective_from + dt.timedelta(days=365 * years_valid - 1)
        made.append(
            Document(
                issue=issue,
                section=sections.get((issue.pk, template.section.name))
                if template.section_id
                else None,
                position=positions[issue.pk],
                doc_number=number.canonical,
                issuer_code=number.code,
                doc_year=number.year,
                serial=number.serial,
                slug=number.slug,
                title=_title(template, subjects, rng, issue.year),
                kind=template.kind,
                signed_date=signed,
                effective_from=effective_from,
                effective_to=effective_to,
                source_note=MARK,
            )
        )
        shapes.append(template)

    provisions: list[Provision] = []
    for doc, template in zip(made, shapes, strict=True):
        lines = []
        for p in template.provisions.all():
            pool = texts.get(p.kind) or all_texts
            text = rng.choice(pool) if p.text else ""
            heading = rng.choice(headings[p.kind]) if p.heading and headings.get(p.kind) else ""
            provisions.append(
                Provision(
                    document=doc,
                    kind=p.kind,
                    label=p.label,
                    anchor=p.anchor,
                    heading=heading,
                    text=text,
                    position=p.position,
                )
            )
            lines.append(" ".join(part for part in (p.label, heading, text) if part))
        opening = template.preamble.split("\n")[0] if getattr(template, "preamble", "") else ""
        doc.body = "\n".join([opening, *lines]).strip()
        if hasattr(doc, "preamble"):
            doc.preamble = opening

    Document.objects.bulk_create(made, batch_size=500)
    Provision.objects.bulk_create(provisions, batch_size=2000)
    issuers_of = {t.pk: [link.organisation_id for link in t.issuer_links.all()] for t in templates}
    DocumentIssuer.objects.bulk_create(
        (
            DocumentIssuer(document=doc, organisation_id=org, position=pos)
            for doc, template in zip(made, shapes, strict=True)
            for pos, org in enumerate(issuers_of[template.pk], 1)
        ),
        batch_size=2000,
    )
    # Some documents repeal an earlier one of the same code, so every status occurs.
    earlier: dict[str, list[Document]] = defaultdict(list)
    repeals = []
    for doc in made:
        same_code = earlier[doc.issuer_code]
        if same_code and rng.random() < 0.15:
            repeals.append(
                DocumentRelation(
                    source=doc, target=rng.choice(same_code), kind=RelationKind.REPEALS
                )
            )
        same_code.append(doc)
    DocumentRelation.objects.bulk_create(repeals, batch_size=2000, ignore_conflicts=True)
    dataversion.bump()  # bulk_create sends no signals
    return len(made)

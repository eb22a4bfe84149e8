"""Sentences that say when a text is in force.

自2020年9月1日起施行 / 执行 / 实施, 自公布之日起施行, 有效期至2022年8月31日, 有效期2年,
有效期自…至…, 执行期限至…, 执行期限为…至…, and a header line 2013年9月1日 施行.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gazette_text.dates import ANY_DATE, add_years, parse_date
from gazette_text.numerals import number_value
from gazette_text.width import fold_width

_IN_FORCE = "(?:施行|执行|实施)"
_FROM = re.compile(rf"自\s*(?P<d>{ANY_DATE})\s*起\s*{_IN_FORCE}")
_FROM_PUBLICATION = re.compile(rf"自\s*(?:公布|发布|印发)之日起\s*{_IN_FORCE}")
_DATE_THEN_IN_FORCE = re.compile(rf"^\s*(?P<d>{ANY_DATE})\s*{_IN_FORCE}\s*$", re.M)
_TERM_RANGE = re.compile(
    rf"(?:有效期|执行期限|实施期限|执行期)(?:为|是)?\s*(?:自\s*)?(?P<a>{ANY_DATE})\s*(?:起\s*)?(?:至|到)\s*(?P<b>{ANY_DATE})"
)
_UNTIL = re.compile(
    rf"(?:有效期|执行期限|实施期限|执行期)(?:为|是)?\s*(?:至|到)\s*(?P<d>{ANY_DATE})"
)
_YEARS = re.compile(r"有效期(?:为|是)?\s*(?P<n>[0-9一二两三四五六七八九十]+)\s*年")


@dataclass
class Validity:
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    from_publication: bool = False
    term_years: int | None = None
    sentences: list[str] = field(default_factory=list)


def read_validity(text: str, *, published: dt.date | None = None) -> Validity:
    """Read when a text comes into force and until when.

    `published` is the date a text takes effect when it says 自公布之日起施行 (its
    signature or publication date). A term in years runs from the start date and ends
    the day before the same date that many years later.
    """
    folded = fold_width(text)
    found = Validity()
    if m := _TERM_RANGE.search(folded):
        found.effective_from, found.effective_to = parse_date(m["a"]), parse_date(m["b"])
        found.sentences.append(m.group())
    if found.effective_from is None and (m := _FROM.search(folded)):
        found.effective_from = parse_date(m["d"])
        found.sentences.append(m.group())
    if found.effective_from is None and (m := _DATE_THEN_IN_FORCE.search(folded)):
        found.effective_from = parse_date(m["d"])
        found.sentences.append(m.group().strip())
    if found.effective_from is None and (m := _FROM_PUBLICATION.search(folded)):
        found.from_publication = True
        found.effective_from = published
        found.sentences.append(m.group())
    if found.effective_to is None and (m := _UNTIL.search(folded)):
        found.effective_to = parse_date(m["d"])
        found.sentences.append(m.group())
    if found.effective_to is None and (m := _YEARS.search(folded)):
        found.term_years = number_value(m["n"])
        found.sentences.append(m.group())
        if found.effective_from is not None:
            found.effective_to = add_years(found.effective_from, found.term_years)
    return found

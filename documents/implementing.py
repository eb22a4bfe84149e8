"""The link from a rule set to the gazette document it implements, in one place.

A domain app's rule set (a measure, a plan, a policy, a catalogue) subclasses
`ImplementsDocument`. Its number, dates and status belong to the document: a clerk's
correction there, or a repeal recorded there, reaches every calculator and page at once.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from documents.choices import Status
from documents.selectors import status_of


class ImplementsDocument(models.Model):
    """A rule set that puts one printed document into effect."""

    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s",
        verbose_name="公报文件",
    )

    class Meta:
        abstract = True

    @property
    def doc_number(self) -> str:
        return self.document.doc_number

    @property
    def document_title(self) -> str:
        return self.document.title

    @property
    def signed_date(self) -> dt.date | None:
        return self.document.signed_date

    @property
    def effective_from(self) -> dt.date | None:
        return self.document.effective_from

    @property
    def effective_to(self) -> dt.date | None:
        return self.document.effective_to

    def status_on(self, as_of: dt.date) -> Status | None:
        """Say whether the document is in force on a date, repeals included."""
        return status_of(self.document, as_of=as_of).status

    def document_url(self, anchor: str = "") -> str:
        """The document's page, at an article or attachment when `anchor` is given."""
        url = self.document.get_absolute_url()
        return f"{url}#{anchor}" if anchor else url

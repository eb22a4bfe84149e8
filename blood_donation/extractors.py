"""The printed documents the blood-donation app reads its data from."""

from __future__ import annotations

from blood_donation.parsing import measure_from_document
from documents.extractors import Extractor


def extractors() -> list[Extractor]:
    return [
        Extractor(
            app="blood_donation",
            label="无偿献血管理办法的献血、用血与奖惩规定",
            title_pattern=r"无偿献血管理办法",
            kinds=("办法",),
            read=measure_from_document,
        )
    ]

"""What the domain apps make of a draft's documents, through their registered extractors.

An extractor (documents.extractors) says which printed documents an app can read; the
ones listed in STORES can also be stored when the issue is published. Others are shown
in the preview only, for a clerk to enter in that app.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from documents.extractors import extractors_for
from gazette_text import TextError


def _wildlife_standard(result, *, acting_user, reason: str):
    from wildlife.services import standard_revision_store

    plan = standard_revision_store(
        standard=result, acting_user=acting_user, reason=f"补偿标准修订（{reason}）"
    )
    return f"野生动物补偿标准：第{plan.batch}批新版本（{plan.species.count()} 个物种）已创建"


# (app, extractor label) -> store(result, acting_user=, reason=) returning what it created.
STORES: dict[tuple[str, str], Callable] = {
    ("wildlife", "野生动物退出补偿标准（含修订版）"): _wildlife_standard,
}


def _describe(label: str, result) -> str:
    rows = getattr(result, "rows", None)
    if isinstance(rows, list):
        return f"{label}：{len(rows)} 项"
    return label


def recognised(document, text: str) -> list[dict]:
    """Each app that recognises a parsed document, with what it read (or why it could not)."""
    found = []
    for extractor in extractors_for(document):
        try:
            summary = _describe(extractor.label, extractor.read(document, text))
            readable = True
        except (TextError, ValueError, KeyError, IndexError) as exc:
            summary, readable = f"{extractor.label}：无法读取（{exc}）", False
        stored = readable and (extractor.app, extractor.label) in STORES
        found.append(
            {
                "app": extractor.app,
                "label": extractor.label,
                "summary": summary
                + ("，发布时新建一个版本" if stored else "，发布后请在该专题中录入"),
                "store": stored,
            }
        )
    return found


def store(document, text: str, *, acting_user, reason: str) -> list[str]:
    """Create the domain data of a just-published document; return what happened, in Chinese.

    Each store runs in a savepoint: an app that refuses (say, no earlier version to revise)
    leaves the issue published and says why.
    """
    notes = []
    for extractor in extractors_for(document):
        save = STORES.get((extractor.app, extractor.label))
        if save is None:
            continue
        try:
            with transaction.atomic():
                result = extractor.read(document, text)
                notes.append(save(result, acting_user=acting_user, reason=reason))
        except (ValidationError, TextError, ValueError) as exc:
            why = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            notes.append(f"{extractor.label}未创建：{why}")
    return notes

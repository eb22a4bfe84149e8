"""Per-issue readings and corrections, kept as data beside the issue's text.

`sources/weihai-2020-08.txt` has `sources/weihai-2020-08.readings.json`: what a clerk
decided where the print is ambiguous or wrong, keyed to the text's line numbers, one
section per app. A new issue gets its own file; no code changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from gazette_text import TextError


def readings_path(source: Path) -> Path:
    """The readings file that belongs to a source text."""
    source = Path(source)
    return source.with_name(f"{source.stem}.readings.json")


def issue_readings(source: Path, section: str) -> dict:
    """One app's readings for a source text ({} when the issue has none)."""
    path = readings_path(source)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TextError(f"读法文件 {path.name} 无法读取：{exc}") from exc
    return data.get(section, {})

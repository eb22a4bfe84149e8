"""Print how faithfully the portal holds each document of the issue, against the print.

For every full-text document: the printed characters of its span of the issue's text
(white space removed), how many the database's text matches, the percentage, and the
differences (listed ones with their reason from the issue's readings file, unlisted ones
marked ✗). See `documents/fidelity.py`.

Run: `DEBUG=1 .venv/bin/python bench/fidelity.py [--all]`. Uses the database of the
environment (DATABASE_URL, else the project's SQLite file), which must hold the fixtures
(`make data`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from documents.fidelity import issue_fidelity  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also list the explained differences")
    args = parser.parse_args()
    results = issue_fidelity(settings.GAZETTE_SOURCE)
    print(
        f"{'文号':<20}{'印刷字数':>8}{'逐字一致':>8}{'一致率':>9}{'含已说明':>9}{'已说明处':>6}{'未说明处':>6}"
    )
    for r in results:
        explained = len(r.differences) - len(r.unexplained)
        print(
            f"{r.doc_number:<20}{r.printed_chars:>8}{r.matched_chars:>8}{r.percent:>8.2f}%"
            f"{r.explained_percent:>8.2f}%{explained:>6}{len(r.unexplained):>6}"
        )
        for d in r.differences:
            if d.allowed is None or args.all:
                mark = "✗" if d.allowed is None else "✓"
                reason = f"  （{d.allowed.reason}）" if d.allowed else ""
                print(f"    {mark} 印刷“{d.printed}” → 本站“{d.stored}”{reason}")
    total = sum(r.printed_chars for r in results)
    matched = sum(r.matched_chars for r in results)
    explained = sum(r.explained_chars for r in results)
    print(
        f"{'合计':<20}{total:>8}{matched:>8}{100 * matched / total:>8.2f}%"
        f"{100 * (matched + explained) / total:>8.2f}%"
    )


if __name__ == "__main__":
    main()

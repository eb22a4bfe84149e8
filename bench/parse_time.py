"""Time parsing the 1,416-line 2020-08 text (target: under 2 s), best and median of 5 runs.

.venv/bin/python bench/parse_time.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")
os.environ.setdefault("DEBUG", "1")


def main() -> int:
    import django

    django.setup()
    from django.conf import settings

    from documents.ingest import parse_bytes

    data = Path(settings.GAZETTE_SOURCE).read_bytes()
    lines = len(data.decode("utf-8").splitlines())
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        result = parse_bytes(data)
        runs.append(time.perf_counter() - started)
    print(
        f"2020-08（{lines} 行，{len(result.data['documents'])} 个文件）解析并校验："
        f"最快 {min(runs):.3f} s，中位 {statistics.median(runs):.3f} s（目标 < 2 s）"
    )
    return 0 if max(runs) < 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Report how each text in ../shared/corpus parses (skipped quietly when the folder is absent).

.venv/bin/python bench/corpus.py [--json]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")
os.environ.setdefault("DEBUG", "1")


def main() -> int:
    import django

    django.setup()
    from documents.ingest import parse_bytes

    if not CORPUS.is_dir():
        print(f"{CORPUS} 不存在，跳过。")
        return 0
    as_json = "--json" in sys.argv
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        started = time.perf_counter()
        result = parse_bytes(path.read_bytes())
        elapsed = time.perf_counter() - started
        out[path.name] = result.data
        if as_json:
            continue
        docs = result.data["documents"]
        print(f"== {path.name}: {len(docs)} 个文件，{elapsed * 1000:.0f} ms")
        for d in docs:
            print(
                f"  文号 {d['doc_number']} | {d['title']} | {'、'.join(d['issuers'])} | 签署 {d['signed_date']}"
                f" | 施行 {d['effective_from']}–{d['effective_to']} | 章 {d['chapters']} 条 {d['articles']}"
                f" 项 {d['items']} | 附件 {[(a['title'], a['rows']) for a in d['attachments']]}"
                f" | 废止 {d['repeals']} | 依据 {d['based_on']}"
            )
            for r in d["readings"]:
                print(f"    读法 第{r['line']}行：{r['seen'][:40]} → {r['chosen'][:80]}")
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark the portal's search on a synthetic gazette of 10,000 documents.

    python bench/search.py                       # SQLite and PostgreSQL, 10,000 documents
    python bench/search.py --databases sqlite --documents 2000 --repeat 10

For each database it (re)uses a benchmark database of its own — never the portal's
db.sqlite3: `--sqlite-path` (default /tmp/bench.sqlite3) and `--postgres-url`
(default postgres://postgres@127.0.0.1:5432/gazette_bench, created when missing). When
that database does not hold the corpus yet (or with --regenerate) it migrates, loads the
real gazette and runs `generate_search_corpus`. It then times `rebuild_search_index`,
runs a fixed list of queries in-process (the search selector: first page of 20 hits with
snippets and every filter's counts) and over HTTP (GET /search/ from a `runserver`
process), and answers the same queries with a plain icontains scan as the baseline.
It prints p50/p95 latency per query type, the SQL queries per page, the hits, and the
speed-up over icontains. Each database runs in a child process (Django settings are
per process); wall-clock and CPU times are both shown because the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (type, query): the fixed list, several queries per type.
QUERIES = [
    ("1字", "献"),
    ("1字", "鸡"),
    ("2字", "献血"),
    ("2字", "补偿"),
    ("2字", "用血"),
    ("2字（高频）", "发展"),
    ("2字（高频）", "工作"),
    ("3字", "蓝孔雀"),
    ("3字", "献血者"),
    ("3字", "数字化"),
    ("4字", "补偿标准"),
    ("4字", "无偿献血"),
    ("4字", "金融机构"),
    ("两词 AND", "献血 免费"),
    ("两词 AND", "补偿 资金"),
    ("两词 AND", "工业 人工智能"),
    ("短语", '"无偿献血的"'),
    ("短语", '"工业互联网平台"'),
    ("文号", "威政发〔2020〕7号"),
    ("文号", "威政办字[2010]3号"),
    ("文号", "威发改发2015 2号"),
    ("无结果", "量子纠缠"),
    ("无结果", "火星基地"),
    # Read word by word (the query as typed finds few documents), and numbers without a year.
    ("分词", "献血办法"),
    ("分词", "野生动物补偿"),
    ("分词", "孔雀补偿"),
    ("分词", "金融奖励"),
    ("简写文号", "威政发7号"),
    ("简写文号", "227号文件"),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[index]


# --- child: one database --------------------------------------------------------------


# Production-like settings: DEBUG off (no query log), a throwaway key for this process only.
CHILD_ENV = {"DEBUG": "0", "SECRET_KEY": "bench-only-not-a-secret", "ALLOWED_HOSTS": "127.0.0.1"}


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(CHILD_ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gazette_site.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _timed(function) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_http(args, database_url: str) -> dict[str, list[float]]:
    """Time GET /search/?q=… against a runserver process on this database."""
    port = args.port or _free_port()
    env = {**os.environ, **CHILD_ENV, "DATABASE_URL": database_url, "LOG_LEVEL": "ERROR"}
    # DEBUG off serves pages with the hashed static names: collect them where only we look.
    env["STATIC_ROOT"] = f"/tmp/bench-search-static-{os.getpid()}"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/search/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        times: dict[str, list[float]] = {}
        for _kind, q in QUERIES:
            # page=1 keeps an exact document number on the results page instead of redirecting.
            url = f"http://127.0.0.1:{port}/search/?" + urllib.parse.urlencode({"q": q, "page": 1})
            urllib.request.urlopen(url).read()
            samples = []
            for run in range(args.repeat):
                # The portal caches rendered pages per URL: a parameter the search ignores
                # makes each request a new one, so the search itself is timed.
                fresh = url if args.cached else f"{url}&run={os.getpid()}-{run}"
                started = time.perf_counter()
                with urllib.request.urlopen(fresh) as response:
                    response.read()
                samples.append(time.perf_counter() - started)
            times[q] = samples
        return times
    finally:
        server.terminate()
        server.wait(timeout=10)


def _time_edits() -> dict:
    """Time saving the organisation that issued the most documents, and one document."""
    from django.db.models import Count

    from documents.models import Document, Organisation
    from search import signals

    organisation = (
        Organisation.objects.annotate(n=Count("issuer_links")).order_by("-n", "pk").first()
    )
    name = organisation.name
    started = time.perf_counter()
    organisation.name = name + "（基准测试）"
    organisation.save()  # autocommit: on_commit runs now (a big change: in the background)
    saved = time.perf_counter() - started
    # Printed at once: catching up below takes minutes on a busy machine.
    print(f"organisation save: {saved * 1000:.0f} ms", file=sys.stderr, flush=True)
    signals.wait_for_background()
    caught_up = time.perf_counter() - started
    organisation.name = name
    organisation.save()
    signals.wait_for_background()
    document = Document.objects.filter(is_stub=False).order_by("-signed_date").first()
    started = time.perf_counter()
    document.title = document.title + " "
    document.save()
    document_saved = time.perf_counter() - started
    document.title = document.title[:-1]
    document.save()
    return {
        "organisation_documents": organisation.n,
        "organisation_save": saved,
        "organisation_indexed": caught_up,
        "document_save": document_saved,
    }


def child(args) -> None:
    _setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from documents.models import Document
    from search import selectors
    from search.management.commands.generate_search_corpus import MARK
    from search.models import SearchEntry

    result: dict = {"database": connection.vendor, "documents": args.documents}
    call_command("migrate", verbosity=0)
    synthetic = Document.objects.filter(issue__sponsor=MARK).count()
    if args.regenerate or synthetic != args.documents:
        wall, cpu = _timed(lambda: call_command("load_gazette", verbosity=0))
        wall, cpu = _timed(
            lambda: call_command(
                "generate_search_corpus", documents=args.documents, no_index=True, verbosity=0
            )
        )
        result["generate_seconds"] = [wall, cpu]
    if args.rebuild or not SearchEntry.objects.exists():
        # In a process of its own, to read its peak memory (RUSAGE_CHILDREN: the largest child).
        connection.close()
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "rebuild_search_index", "--verbosity=0"],
            cwd=ROOT,
            env={**os.environ},
            check=True,
        )
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        result["rebuild_seconds"] = [time.perf_counter() - started, usage.ru_utime + usage.ru_stime]
        result["rebuild_peak_mb"] = usage.ru_maxrss / 1024
    result["documents_in_db"] = Document.objects.filter(is_stub=False).count()
    result["entries"] = SearchEntry.objects.count()

    from search.understand import warm_up

    warm_up()  # jieba's dictionary loads once per process, before the first request
    if not args.skip_edits:
        result["edits"] = _time_edits()
    if not args.skip_edits and connection.vendor == "postgresql":
        # The edits replaced the index rows of thousands of documents. This machine's server
        # runs without autovacuum (conf.d/90-ci.conf); a production server's would clear
        # the dead rows and refresh the statistics the search reads. Do what it would.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_pgvector")
            cursor.execute("VACUUM ANALYZE search_searchentry")

    rows = []
    for kind, q in QUERIES:
        params = QueryDict(mutable=True)
        params["q"] = q
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            page = selectors.search(params)
        samples = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            selectors.search(params)
            samples.append(time.perf_counter() - started)
        baseline = []
        if not args.skip_baseline:
            for _ in range(args.baseline_repeat):
                started = time.perf_counter()
                selectors.search(params, baseline=True)
                baseline.append(time.perf_counter() - started)
        rows.append(
            {
                "kind": kind,
                "q": q,
                "hits": page.total,
                "hits_exact": page.total_known,
                "sql": len(captured.captured_queries),
                "in_process": samples,
                "icontains": baseline,
            }
        )
    connection.close()
    http = {} if args.skip_http else _run_http(args, args.database_url)
    for row in rows:
        row["http"] = http.get(row["q"], [])
    result["rows"] = rows
    Path(args.output).write_text(json.dumps(result, ensure_ascii=False))


# --- parent: run the children and print ----------------------------------------------


def _ensure_postgres_database(url: str, *, fresh: bool) -> None:
    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    import psycopg2

    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def report(result: dict) -> str:
    lines = [
        f"## {result['database']}: {result['documents_in_db']} 件文件，{result['entries']} 条索引记录",
    ]
    if "generate_seconds" in result:
        wall, cpu = result["generate_seconds"]
        lines.append(f"合成语料：{wall:.1f} 秒（CPU {cpu:.1f} 秒）")
    if "rebuild_seconds" in result:
        wall, cpu = result["rebuild_seconds"]
        lines.append(
            f"重建索引：{wall:.1f} 秒（重建进程 CPU {cpu:.1f} 秒，"
            f"内存峰值 {result.get('rebuild_peak_mb', 0):.0f} MB）"
        )
    if "edits" in result:
        edits = result["edits"]
        lines.append(
            f"保存发文最多的单位（{edits['organisation_documents']} 件文件）："
            f"{edits['organisation_save'] * 1000:.0f} 毫秒返回，"
            f"后台 {edits['organisation_indexed']:.1f} 秒后索引更新完；"
            f"保存一件文件（当场更新索引）：{edits['document_save'] * 1000:.0f} 毫秒"
        )
    lines.append("")
    lines.append(
        "| 类型 | 查询 | 命中 | SQL | 进程内 p50 | p95 | HTTP p50 | p95 | icontains p50 | 倍数 |"
    )
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    by_kind: dict[str, dict[str, list[float]]] = {}
    for row in result["rows"]:
        group = by_kind.setdefault(row["kind"], {"in_process": [], "http": [], "icontains": []})
        for key in group:
            group[key].extend(row[key])
        base = statistics.median(row["icontains"]) if row["icontains"] else None
        own = statistics.median(row["in_process"])
        http = row["http"]
        lines.append(
            f"| {row['kind']} | {row['q']} | {'' if row.get('hits_exact', True) else '约'}{row['hits']} "
            f"| {row['sql']} "
            f"| {_ms(own)} | {_ms(percentile(row['in_process'], 0.95))} "
            f"| {_ms(statistics.median(http)) if http else '—'} "
            f"| {_ms(percentile(http, 0.95)) if http else '—'} "
            f"| {_ms(base) if base else '—'} | {f'{base / own:,.0f}×' if base else '—'} |"
        )
    lines.append("")
    lines.append("| 类型 | 进程内 p50 (ms) | p95 | HTTP p50 | p95 | icontains p50 | 倍数 |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for kind, group in by_kind.items():
        own = statistics.median(group["in_process"])
        base = statistics.median(group["icontains"]) if group["icontains"] else None
        http = group["http"]
        lines.append(
            f"| {kind} | {_ms(own)} | {_ms(percentile(group['in_process'], 0.95))} "
            f"| {_ms(statistics.median(http)) if http else '—'} "
            f"| {_ms(percentile(http, 0.95)) if http else '—'} "
            f"| {_ms(base) if base else '—'} | {f'{base / own:,.0f}×' if base else '—'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20, help="runs per query (default 20)")
    parser.add_argument("--baseline-repeat", type=int, default=3)
    parser.add_argument("--sqlite-path", default="/tmp/bench.sqlite3")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/gazette_bench"
    )
    parser.add_argument("--regenerate", action="store_true", help="make the corpus again")
    parser.add_argument(
        "--fresh", action="store_true", help="start from an empty benchmark database"
    )
    parser.add_argument(
        "--no-rebuild",
        dest="rebuild",
        action="store_false",
        help="keep an existing index instead of timing a rebuild",
    )
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--cached", action="store_true", help="over HTTP, repeat the same URL (page cache hits)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port of the runserver for HTTP (default: a free one)"
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--skip-edits", action="store_true", help="do not time saving an organisation"
    )
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return

    sqlite_path = Path(args.sqlite_path).resolve()
    if sqlite_path == (ROOT / "db.sqlite3").resolve():
        parser.error("不要用门户的 db.sqlite3 做性能测试，请换一个文件。")
    urls = {"sqlite": f"sqlite:///{sqlite_path}", "postgresql": args.postgres_url}
    if args.fresh:
        sqlite_path.unlink(missing_ok=True)
    results = []
    print(
        f"# 搜索性能 {time.strftime('%Y-%m-%d %H:%M')}，{os.cpu_count()} 核，{args.documents} 件文件"
    )
    for name in [n.strip() for n in args.databases.split(",") if n.strip()]:
        if name not in urls:
            parser.error(f"未知数据库 {name}：可选 sqlite、postgresql")
        if name == "postgresql":
            _ensure_postgres_database(urls[name], fresh=args.fresh)
        output = Path(f"/tmp/bench-search-{name}-{os.getpid()}.json")
        command = [
            sys.executable,
            __file__,
            "--child",
            f"--database-url={urls[name]}",
            f"--output={output}",
            f"--documents={args.documents}",
            f"--repeat={args.repeat}",
            f"--baseline-repeat={args.baseline_repeat}",
            f"--port={args.port + (1 if args.port and name == 'postgresql' else 0)}",
        ]
        for flag in ("regenerate", "skip_http", "skip_baseline", "skip_edits", "cached"):
            if getattr(args, flag):
                command.append("--" + flag.replace("_", "-"))
        if not args.rebuild:
            command.append("--no-rebuild")
        subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, **CHILD_ENV})
        result = json.loads(output.read_text())
        results.append(result)
        print()
        print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

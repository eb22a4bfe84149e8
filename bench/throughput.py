"""Throughput and p99 under gunicorn: cached pages, uncached document pages and a static file.

Run: `.venv/bin/python bench/throughput.py [--duration 10] [--connections 16]`
(`DATABASE_URL` for PostgreSQL, `REDIS_URL` for the Redis cache; the database must hold the
fixtures: `make data`). Starts gunicorn as `make run` does (gthread, 2 workers x 4 threads,
production settings, DEBUG off, WhiteNoise) on 127.0.0.1:8112 and loads it with wrk, which
must be installed (`apt-get install wrk`). Every figure is also given as a share of the static
file's throughput in the same run, because the machine is shared and absolute figures move.
"Uncached" adds a different `?n=` to every request, so every request renders the page (and
stores it), as the first request after an edit does.
Targets: cached >= 1,000 req/s and >= 0.25 of the static file; uncached document >= 300 req/s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHED = [
    "/",
    "/documents/wzf-2020-7/",
    "/documents/",
    "/data/documents.json",
    "/wildlife/calculator/?species_1=刺猬&quantity_1=2",
    "/wildlife/compensation.json?items=蓝孔雀:10",
]
UNCACHED = ["/documents/wzf-2020-7/", "/documents/wzbz-2020-48/", "/"]
UNIQUE_QUERY = """
request = function()
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "n=" .. math.random(1, 1000000000))
end
"""


def find_wrk() -> str:
    found = shutil.which("wrk") or ("/usr/bin/wrk" if os.path.exists("/usr/bin/wrk") else None)
    if not found:
        sys.exit("wrk not found: install it with `apt-get install wrk` (Debian's package).")
    return found


def wrk(binary: str, url: str, *, seconds: int, connections: int, script: str | None) -> dict:
    command = [binary, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p99": float(p99.group(1)) * scale,
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8112)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    binary = find_wrk()
    load_before = os.getloadavg()[0]
    static_root = tempfile.mkdtemp(prefix="gazette-bench-static-")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "gazette_site.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    static = "/static/" + manifest["paths"]["css/site.css"]
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "gazette_site.wsgi", "--worker-class", "gthread"]
        + ["--workers", str(args.workers), "--threads", str(args.threads)]
        + ["--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    script = Path(static_root) / "unique.lua"
    script.write_text(UNIQUE_QUERY)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.3)
        rows = []
        quoted = [urllib.request.quote(p, safe="/?=&:") for p in CACHED]
        for path in [static, *quoted]:
            urllib.request.urlopen(base + path, timeout=10).read()  # fill the cache
        rows.append(
            (
                "static " + static.rsplit("/", 1)[-1],
                "static",
                wrk(
                    binary,
                    base + static,
                    seconds=args.duration,
                    connections=args.connections,
                    script=None,
                ),
            )
        )
        for path, raw in zip(quoted, CACHED, strict=True):
            rows.append(
                (
                    raw,
                    "cached",
                    wrk(
                        binary,
                        base + path,
                        seconds=args.duration,
                        connections=args.connections,
                        script=None,
                    ),
                )
            )
        for path in UNCACHED:
            rows.append(
                (
                    path,
                    "uncached",
                    wrk(
                        binary,
                        base + path,
                        seconds=args.duration,
                        connections=args.connections,
                        script=str(script),
                    ),
                )
            )
        rows.append(
            (
                "static (again, end of run)",
                "static",
                wrk(
                    binary,
                    base + static,
                    seconds=args.duration,
                    connections=args.connections,
                    script=None,
                ),
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    load = os.getloadavg()
    static_rps = (rows[0][2]["rps"] + rows[-1][2]["rps"]) / 2
    static_p99 = (rows[0][2]["p99"] + rows[-1][2]["p99"]) / 2
    db = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    cache = "redis" if os.environ.get("REDIS_URL") else "local memory"
    print(
        f"gunicorn gthread {args.workers}x{args.threads}, wrk -t2 -c{args.connections} "
        f"-d{args.duration}s, database {db}, cache {cache}, "
        f"load average {load_before:.1f} before, {load[0]:.1f} after"
    )
    # Shares of the static file (mean of its two runs): req/s as a share of its req/s, p99 as
    # a multiple of its p99. The machine may be shared; these move less than the absolutes.
    print(
        f"{'page':52} {'kind':9} {'req/s':>8} {'p99 ms':>8} {'req/s÷static':>13} {'p99÷static':>11}"
    )
    for name, kind, r in rows:
        errors = f"  ({r['errors']} non-2xx)" if r["errors"] else ""
        print(
            f"{name:52} {kind:9} {r['rps']:8.0f} {r['p99']:8.1f} "
            f"{r['rps'] / static_rps:13.3f} {r['p99'] / static_p99:11.2f}{errors}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

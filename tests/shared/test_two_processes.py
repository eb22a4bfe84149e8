"""Two gunicorn servers on one database and one Redis: an edit through one is seen by the other.

The servers run the production settings (DEBUG off, WhiteNoise with collected static files,
the Redis cache) against the test database, which therefore is a file on SQLite
(gazette_site/settings_test.py) and test_<name> on PostgreSQL.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from documents.models import Document
from wildlife.models import Species

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
PORTS = range(8111, 8120)
CALCULATOR = "/wildlife/calculator/?species_1=蓝孔雀&quantity_1=10"
DOC = "/documents/wzf-2020-7/"


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        name = s["NAME"]
        assert not str(name).startswith(("file:", ":memory:")), (
            "SQLite test database must be a file"
        )
        return f"sqlite:///{name}"
    user = urllib.parse.quote(s["USER"] or "")
    password = f":{urllib.parse.quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_ports(count: int, ports: range = PORTS) -> list[int]:
    found = []
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                found.append(port)
        if len(found) == count:
            return found
    pytest.fail(f"no free port in {ports.start}–{ports.stop - 1}")


def _redis_or_fail():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(
            f"Redis at {REDIS_URL} is not reachable ({exc}). Start it with `bash tools/ensure-test-deps.sh` "
            "(or set TEST_REDIS_URL)."
        )


class FormFields(HTMLParser):
    """The values a browser would submit with the admin's change form."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if (
            tag == "form"
            and a.get("method", "").lower() == "post"
            and a.get("id", "").endswith("_form")
        ):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


class Browser:
    """A cookie-keeping HTTP client for one server."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(self.base + urllib.parse.quote(path, safe="/?=&:%"))
        for k, v in (headers or {}).items():
            request.add_header(k, v)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]):
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data)
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def change(self, path: str, **values: str) -> None:
        """Submit an admin change form with some values replaced."""
        status, _, html = self.get(path)
        assert status == 200, (path, status)
        parser = FormFields()
        parser.feed(html)
        fields = [(k, values.get(k, v)) for k, v in parser.fields] + [("_save", "保存")]
        status, body = self.post(path, fields)
        errors = re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', body, re.S)
        assert status == 302, (status, errors)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _start(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gazette_site.wsgi",
            "--worker-class",
            "gthread",
            "--workers",
            "1",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(server: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped: {server.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/issues/", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"{base} did not answer in 60 s")


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    _redis_or_fail()
    call_command("load_gazette", verbosity=0)
    # The servers know the production hashers only, not the tests' fast one.
    admin = User.objects.create_superuser("two-process-admin")
    admin.password = PBKDF2PasswordHasher().encode("two-process-pass", "two-process-salt")
    admin.save()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DEBUG", "PYTEST", "TEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gazette_site.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        DATABASE_URL=_database_url(),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=f"two-process-{secrets.token_hex(4)}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    ports = _free_ports(2)
    servers = [_start(port, env) for port in ports]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for server, base in zip(servers, bases, strict=True):
            _wait(server, base)
        yield [Browser(base) for base in bases]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            server.stderr.close()


def _price_on(html: str) -> str:
    match = re.search(r"蓝孔雀</td>\s*<td[^>]*>[^<]*</td>\s*<td class=\"num\">([^<]+)</td>", html)
    return match.group(1) if match else html


def test_an_edit_through_one_server_shows_at_once_through_the_other(two_servers):
    editor, reader = two_servers
    species = Species.objects.get(name="蓝孔雀")
    document = Document.objects.get(slug="wzf-2020-7")
    old_price = species.price

    # The reader caches the calculator, the standard as open data and the document page.
    status, headers, calculator = reader.get(CALCULATOR)
    assert status == 200 and headers["X-Page-Cache"] == "miss"
    assert reader.get(CALCULATOR)[1]["X-Page-Cache"] == "hit"
    species_json = json.loads(reader.get("/data/wildlife/species.json")[2])
    assert {s["name"]: s["price_yuan"] for s in species_json}["蓝孔雀"] == int(old_price)
    status, doc_headers, doc_html = reader.get(DOC)
    assert status == 200 and document.title in doc_html
    etag = doc_headers["ETag"]
    assert reader.get(DOC, {"If-None-Match": etag})[0] == 304
    assert "Content-Security-Policy" in doc_headers and "X-Page-Cache" in doc_headers
    status, _, missing = reader.get("/nope/")
    assert status == 404 and "页面不存在" in missing

    # A clerk edits the price and the document's title through the other server's admin.
    status, _, _ = editor.get("/admin/login/")
    token = next(c.value for c in editor.jar if c.name == "csrftoken")
    status, _ = editor.post(
        "/admin/login/?next=/admin/",
        [
            ("csrfmiddlewaretoken", token),
            ("username", "two-process-admin"),
            ("password", "two-process-pass"),
            ("next", "/admin/"),
        ],
    )
    assert status == 302
    new_price = old_price + Decimal(150)
    editor.change(f"/admin/wildlife/species/{species.pk}/change/", price=str(new_price))
    new_title = document.title + "（两进程测试）"
    editor.change(f"/admin/documents/document/{document.pk}/change/", title=new_title)

    # Both pages at once through the reader: the new values, not the cached copies.
    with ThreadPoolExecutor(max_workers=3) as pool:
        calc, data, doc = pool.map(reader.get, [CALCULATOR, "/data/wildlife/species.json", DOC])
    assert calc[0] == 200 and calc[1]["X-Page-Cache"] == "miss"
    assert f"{int(new_price):,}" in _price_on(calc[2])
    assert f"{int(new_price) * 10:,}" in calc[2]
    assert {s["name"]: s["price_yuan"] for s in json.loads(data[2])}["蓝孔雀"] == int(new_price)
    assert doc[0] == 200 and new_title in doc[2]

    # The old ETag is now answered with the new page, the new one with 304.
    status, headers, html = reader.get(DOC, {"If-None-Match": etag})
    assert status == 200 and new_title in html and headers["ETag"] != etag
    assert reader.get(DOC, {"If-None-Match": headers["ETag"]})[0] == 304
    assert editor.get(DOC, {"If-None-Match": headers["ETag"]})[0] == 200  # staff: not cached

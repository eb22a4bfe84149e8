"""Shared test set-up: the real fixtures in the test database, and a real browser."""

import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; Django must still let the
# tests use the database there (so that bare `pytest` works as `make test` does).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load every fixture of the portal once, as `make run` does."""
    with django_db_blocker.unblock():
        call_command("load_gazette", apps=os.environ.get("TEST_FIXTURE_APPS", ""), verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty cache: a rolled-back test leaves its pages behind."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def live_portal(live_server, transactional_db, settings):
    """Serve the portal with all fixtures loaded, for browser tests.

    A live server needs a transactional database, which is emptied after each test,
    so the fixtures are loaded again here. The test server serves static files from
    the source folders, which know no hashed names: use plain names there.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("load_gazette", apps=os.environ.get("TEST_FIXTURE_APPS", ""), verbosity=0)
    return live_server


@pytest.fixture(scope="session")
def browser():
    """Start Debian's Chromium through Playwright; fail loudly when it is missing."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package "
            "(.ci/run does) or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """Give each browser test a fresh page at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()

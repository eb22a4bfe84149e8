"""Production settings: `check --deploy` is clean, and a weak secret key is refused."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "HTTPS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "gazette_site.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "gazette.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gazette.example.gov.cn",
    "HTTPS": "1",
}


def test_check_deploy_has_no_warnings_under_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_https_the_check_names_hsts_and_the_redirect():
    env = {**PRODUCTION, "HTTPS": "0"}
    result = manage("check", "--deploy", SECRET_KEY=secrets.token_urlsafe(50), **env)
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


@pytest.mark.parametrize("key", ["", "   ", "change-me-to-a-long-random-string"])
def test_empty_or_example_secret_key_is_refused(key):
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "SECRET_KEY=change-me-to-a-long-random-string" in example
    result = manage("check", SECRET_KEY=key, **PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY 未设置或仍是 .env.example 中的示例值" in result.stderr

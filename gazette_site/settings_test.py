"""Settings for the test suite: the production settings with development defaults.

Bare `pytest` uses them (pyproject.toml). Differences from production: DEBUG-style host and key
defaults, a fast password hasher, plain static storage (no `collectstatic` needed), and a file
for the SQLite test database so that the two-process test's servers can open it.
"""

import os

os.environ.setdefault("DEBUG", "1")

from gazette_site.settings import *  # noqa: E402, F403
from gazette_site.settings import BASE_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE_PATH", str(BASE_DIR / "test-db.sqlite3"))
    }

# No collectstatic for the tests: WhiteNoise serves the source folders (and does not warn about
# a missing staticfiles/ on every request handler).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

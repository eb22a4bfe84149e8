"""Time a clerk's two waits on the 1,416-line 2020-08 text: the preview and the publish.

Run: `make bench` or `DEBUG=1 .venv/bin/python bench/publishing.py`. Works in a throwaway
test database (test_<name>, migrated here, dropped at the end) where 2020-08 is not yet
published, so publishing creates every document, provision and relation. The parser alone
is timed first as the baseline of the same run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from documents.models import Document, Provision  # noqa: E402
from documents.parsing import parse_issue  # noqa: E402
from publishing import services  # noqa: E402
from publishing.models import DraftReading  # noqa: E402

PREVIEW_LIMIT, PUBLISH_LIMIT = 3.0, 10.0


def main() -> int:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return _run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _run() -> int:
    source = Path(settings.GAZETTE_SOURCE)
    data = source.read_bytes()
    text = data.decode("utf-8")
    lines = len(text.splitlines())
    user = User.objects.create_superuser("bench", password="bench-only")
    client = Client()
    client.force_login(user)

    start = time.perf_counter()
    parse_issue(text)
    parse_s = time.perf_counter() - start

    start = time.perf_counter()
    response = client.post(
        "/admin/publishing/draftissue/add/",
        {"file": _upload(source.name, data)},
    )
    draft_url = response["Location"]
    page = client.get(draft_url)
    preview_s = time.perf_counter() - start
    assert page.status_code == 200, page.status_code
    draft_id = int(draft_url.rstrip("/").split("/")[-2])

    for reading in DraftReading.objects.filter(document__draft_id=draft_id):
        services.reading_mark_checked(reading=reading, acting_user=user)
    start = time.perf_counter()
    response = client.post(f"/admin/publishing/draftissue/{draft_id}/publish/")
    publish_s = time.perf_counter() - start
    documents = Document.objects.filter(is_stub=False).count()
    provisions = Provision.objects.count()

    print(f"publishing: {connection.vendor}, {source.name} ({lines} lines)")
    print(f"parse_issue alone (baseline)       {parse_s:6.2f} s")
    print(
        f"upload + preview page              {preview_s:6.2f} s  "
        f"({preview_s / parse_s:.1f}x the parse; limit {PREVIEW_LIMIT:.0f} s)"
    )
    print(
        f"publish ({documents} documents, {provisions} provisions) {publish_s:6.2f} s  "
        f"({publish_s / parse_s:.1f}x the parse; limit {PUBLISH_LIMIT:.0f} s)"
    )
    ok = preview_s < PREVIEW_LIMIT and publish_s < PUBLISH_LIMIT and documents == 12
    print("within limits" if ok else "OVER LIMIT or incomplete publish")
    return 0 if ok else 1


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


if __name__ == "__main__":
    sys.exit(main())

"""The bulk archive: every document (JSON and Akoma Ntoso) and every dataset, with a manifest.

The archive is named by the data version, a digest of the change history, the loaded
fixture files and today's date (statuses are computed for a date). When a clerk edits
anything, the version changes and the next request builds a new archive; older ones are
removed. Files are produced by the public endpoints themselves, so the archive holds
exactly what the site serves.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from gazette_site import opendata
from gazette_site.http import today

# Fixed timestamps keep an archive's bytes the same for the same data.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def data_version() -> str:
    """A digest of every change the history records, the fixture files loaded, and today.

    One query: the latest history date and the row count of every history table, and the
    loaded fixture files' digests.
    """
    quote = connection.ops.quote_name
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__name__.startswith("Historical") and hasattr(model, "history_date")
    )
    from documents.models import LoadedFixture

    fixtures = quote(LoadedFixture._meta.db_table)
    parts = [
        f"SELECT '{t}', CAST(MAX(history_date) AS VARCHAR(40)), COUNT(*) FROM {quote(t)}"
        for t in tables
    ]
    parts.append(f"SELECT path, sha256 || CAST(loaded_at AS VARCHAR(40)), 0 FROM {fixtures}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = sorted((str(a), str(b), int(c)) for a, b, c in cursor.fetchall())
    digest = hashlib.sha256(json.dumps([rows, today().isoformat()]).encode()).hexdigest()
    return digest[:16]


def bulk_root() -> Path:
    return Path(settings.BULK_ROOT)


def archive_name(version: str) -> str:
    return f"weihai-gazette-{version}.zip"


def archive_path(request) -> Path:
    """Return the archive for the current data, building it first when the data changed."""
    version = data_version()
    path = bulk_root() / archive_name(version)
    if not path.exists():
        _build(request, path, version)
    return path


def _build(request, path: Path, version: str) -> None:
    files = _files(request)
    manifest = {
        "data_version": version,
        "generated_at": timezone.now().isoformat(),
        "licence": opendata.LICENCE,
        "files": [
            {"path": name, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
            for name, body in files
        ],
    }
    files.append(("manifest.json", _json(manifest)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), body)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a reader never sees half an archive.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(buffer.getvalue())
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
    for old in path.parent.glob("weihai-gazette-*.zip"):
        if old != path:
            old.unlink(missing_ok=True)


def _json(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, indent=2).encode()


def _files(request) -> list[tuple[str, bytes]]:
    from documents import views as document_views
    from documents.models import Document, Reference

    factory = RequestFactory(HTTP_HOST=request.get_host())
    files: list[tuple[str, bytes]] = []
    for dataset in opendata.datasets():
        # The archive's JSON holds every row, also of a dataset the API serves in pages.
        rows = opendata.all_rows(dataset, factory.get(dataset.url("json")))
        if not isinstance(rows, HttpResponse):
            files.append((f"datasets/{dataset.name}.json", _json(rows)))
        for fmt in ("csv", "xlsx"):
            answer = opendata.dataset_view(
                factory.get(dataset.url(fmt)), name=dataset.name, file_format=fmt
            )
            if answer.status_code == 200:
                files.append((f"datasets/{dataset.name}.{fmt}", answer.content))
    documents = opendata.all_rows(opendata.get("documents"), factory.get("/data/documents.json"))
    provisions = defaultdict(list)
    for row in json.loads(document_views.provisions_json(factory.get("/")).content):
        provisions[row["doc_number"]].append(row)
    references = defaultdict(list)
    for ref in Reference.objects.select_related(
        "document", "provision", "target_document", "target_provision__document", "target_external"
    ).order_by("document_id", "provision__position", "start"):
        target = ref.target
        if target is None:
            continue
        references[ref.document.doc_number].append(
            {
                "provision": ref.provision.anchor if ref.provision_id else None,
                "start": ref.start,
                "end": ref.end,
                "text": ref.cited_text,
                "kind": ref.kind,
                "target": str(target),
                "url": (
                    ref.target_provision.get_absolute_url()
                    if ref.target_provision_id
                    else target.get_absolute_url()
                ),
            }
        )
    slugs = dict(Document.objects.filter(is_stub=False).values_list("doc_number", "slug"))
    for row in documents:
        slug = slugs[row["doc_number"]]
        body = {
            **row,
            "provisions": provisions[row["doc_number"]],
            "references": references[row["doc_number"]],
        }
        files.append((f"documents/{slug}.json", _json(body)))
        akn = document_views.document_akn(factory.get(reverse("documents:akn", args=[slug])), slug)
        files.append((f"documents/{slug}.akn.xml", akn.content))
    return files

"""Portal-wide pages: the open-data index, the API description, discovery files."""

from __future__ import annotations

import json
import zipfile

from django.http import FileResponse, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from gazette_site import bulk, openapi, opendata
from gazette_site.http import json_ok


@require_safe
def data_index(request):
    """List each dataset: formats, licence, last change and schema."""
    description = openapi.description()
    entries = [
        {
            "dataset": d,
            "last_changed": opendata.last_changed(d),
            "schema": json.dumps(d.row_schema, ensure_ascii=False, indent=2),
        }
        for d in opendata.datasets()
    ]
    others = [
        (path, operation["get"]["summary"])
        for path, operation in description["paths"].items()
        if not path.startswith("/data/")
    ]
    return render(
        request,
        "opendata/index.html",
        {"entries": entries, "others": others, "licence": opendata.LICENCE},
    )


@require_safe
def openapi_json(request):
    return json_ok(openapi.description())


@require_safe
def bulk_page(request):
    """Describe the bulk archive of the current data (built now if the data changed)."""
    path = bulk.archive_path(request)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return render(
        request,
        "opendata/bulk.html",
        {
            "name": path.name,
            "size": path.stat().st_size,
            "manifest": manifest,
            "documents": sum(f["path"].startswith("documents/") for f in manifest["files"]),
            "datasets": sum(f["path"].startswith("datasets/") for f in manifest["files"]),
            "licence": opendata.LICENCE,
        },
    )


@require_safe
def bulk_archive(request):
    """Download the archive of the current data."""
    path = bulk.archive_path(request)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">."""
    return HttpResponsePermanentRedirect(static("img/favicon.png"))

"""Portal-wide pages: the open-data index, the API description, discovery files."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gazette_site import openapi, opendata
from gazette_site.http import json_ok


@require_GET
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


@require_GET
def openapi_json(request):
    return json_ok(openapi.description())


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

"""Guards every public request before a view (or the CSRF check) sees it.

Public pages, calculators and open data only read: anything but GET or HEAD is answered
405, in JSON for a JSON path, so a stray POST never meets Django's HTML CSRF page. A path
or query value with a control character (NUL above all, which PostgreSQL refuses in text)
is answered 400 before any view reaches the database.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from gazette_site.http import BadInput, check_query, control_character_in, json_error

# Paths that are not public pages: the admin (forms with CSRF) and static files.
PRIVATE_PREFIXES = ("/admin/", "/static/")
SAFE_METHODS = ("GET", "HEAD")


def is_json_path(path: str) -> bool:
    """Tell whether a path is a JSON endpoint (they all end in .json)."""
    return path.endswith(".json")


def bad_request(request, message: str, *, status: int = 400) -> HttpResponse:
    """Answer a refused public request: JSON for a JSON path, else the 400 page."""
    if is_json_path(request.path):
        return json_error(message, status=status)
    return render(request, "400.html", {"message": message}, status=status)


class PublicRequestGuard:
    """Refuse non-GET methods and control characters on every public path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(PRIVATE_PREFIXES):
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = bad_request(request, "本页面只接受 GET 请求（只读）。", status=405)
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        char = control_character_in(path)
        if char is not None:
            return bad_request(
                request, f"网址中含有不可见的控制字符（U+{ord(char):04X}），请检查后重试。"
            )
        try:
            check_query(request.GET)
        except BadInput as exc:
            return bad_request(request, str(exc))
        return self.get_response(request)

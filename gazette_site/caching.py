"""Public pages and open data: ETag / Last-Modified from the data version, rendered pages cached.

A page is cached under (data version, today's date, host, path with query string), so an edit
shows on the next request and a status computed "as of today" turns over at midnight.
Calculators' answers are plain GET pages with a query string and are cached the same way.
Never cached: admin, anything but GET/HEAD, requests carrying a session cookie (staff), and
responses that set a cookie, hold a CSRF token or say private/no-store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_etags

from gazette_site import dataversion, http

logger = logging.getLogger(__name__)

PRIVATE_PREFIXES = ("/admin/", "/static/")
# Queries this middleware adds to every public request (reading the data version); the
# tests that pin a page's queries add it to the view's own.
PUBLIC_REQUEST_QUERIES = 1
CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Headers the cached copy keeps; the outer middleware (CSP, security) adds its own each time.
_DROP = {"set-cookie", "etag", "last-modified", "cache-control"}


def is_public_request(request) -> bool:
    """Whether the request may be answered from, and stored in, the shared page cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(PRIVATE_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_storable(request, response) -> bool:
    """Whether a response is the same for everyone and can be kept.

    The request carried no session cookie, so a page that looked at `request.user` (and says
    Vary: Cookie) was rendered for an anonymous visitor, like any other. A page with a CSRF
    token is personal: the token belongs to the visitor's cookie.
    """
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return "*" not in response.get("Vary", "")


def version_tag(token: str, day: dt.date) -> str:
    return f'"{token}-{day:%Y%m%d}"'


def _last_modified(changed_at: dt.datetime, day: dt.date) -> str:
    # Statuses are computed for today, so a page may change at local midnight too.
    midnight = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return http_date(max(changed_at, midnight).timestamp())


def cache_key(request, token: str, day: dt.date) -> str:
    where = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"page:{token}:{day:%Y%m%d}:{hashlib.sha1(where).hexdigest()}"


def fragment_key(request, parts: list) -> str | None:
    """The cache key of a part of a page (`{% data_cache %}`), or None: not to be cached.

    A part is kept under the data version the middleware read for this request, so it goes
    with the page. Requests the middleware let through (staff, admin) have none.
    """
    token = getattr(request, "data_version", None)
    if token is None:
        return None
    where = "\x1f".join(str(part) for part in parts).encode()
    return f"part:{token}:{hashlib.sha1(where).hexdigest()}"


def fragment_get(key: str):
    return _cache_call(cache.get, key)


def fragment_set(key: str, value: str) -> None:
    _cache_call(cache.set, key, value, settings.PAGE_CACHE_SECONDS)


def _cache_call(method, *args):
    """Use the cache, or carry on without it when it is down: pages stay correct, only slower."""
    try:
        return method(*args)
    except Exception:  # the Redis client's errors are not a Django exception type
        logger.warning("page cache unavailable", exc_info=True)
        return None


def _mark(response, etag: str, last_modified: str) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = CACHE_CONTROL


class PublicPageCacheMiddleware:
    """Answer 304 or a cached copy for public pages; store what the views render."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_request(request):
            return self.get_response(request)
        token, changed_at = dataversion.current()
        # Parts of pages are cached under the same version (fragment_key()).
        request.data_version = token
        day = http.today()
        etag = version_tag(token, day)
        last_modified = _last_modified(changed_at, day)
        if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            response = HttpResponseNotModified()
            _mark(response, etag, last_modified)
            return response
        key = cache_key(request, token, day)
        stored = _cache_call(cache.get, key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not is_storable(request, response):
                return response
            headers = {k: v for k, v in response.items() if k.lower() not in _DROP}
            _cache_call(
                cache.set,
                key,
                (response.status_code, headers, response.content),
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        _mark(response, etag, last_modified)
        return response

"""One request policy: every public view declares the methods it answers (GET and HEAD)."""

import inspect

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver


def public_patterns(patterns=None, prefix=""):
    """Yield (route, pattern) for every URL pattern of the site except the admin's."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                yield from public_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


PATTERNS = sorted(public_patterns(), key=lambda item: item[0])


def test_the_walk_sees_every_app():
    routes = [route for route, _ in PATTERNS]
    for prefix in ("data/", "search/", "rewards/", "blood-donation/", "intermediary/"):
        assert any(r.startswith(prefix) for r in routes), prefix
    for prefix in ("wildlife/", "pricing/", "documents/", "feeds/", "sitemap.xml"):
        assert any(r.startswith(prefix) for r in routes), prefix
    assert len(routes) >= 70


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize(("route", "pattern"), PATTERNS, ids=[r or "/" for r, _ in PATTERNS])
def test_every_view_declares_its_methods(route, pattern, method):
    # Called directly, past the middleware that guards public paths: a view that declares
    # its methods refuses before it reads an argument, so placeholder arguments do.
    request = getattr(RequestFactory(), method)("/" + route)
    kwargs = {name: "1" for name in pattern.pattern.converters} | dict(pattern.default_args)
    response = pattern.callback(request, **kwargs)
    assert response.status_code == 405, route
    assert response["Allow"] == "GET, HEAD", route


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/documents/", "/rewards/", "/intermediary/"])
def test_head_is_answered_on_pages(client, url):
    assert client.head(url).status_code == 200


MAX_VIEW_LINES = 40


def test_every_view_is_short():
    # A view reads the request, asks selectors and services, and renders: the work lives there.
    long_views = {}
    for _route, pattern in PATTERNS:
        view = inspect.unwrap(pattern.callback)
        if not inspect.isfunction(view) or view.__module__.startswith("django."):
            continue
        lines = len(inspect.getsource(view).splitlines())
        if lines > MAX_VIEW_LINES:
            long_views[f"{view.__module__}.{view.__name__}"] = lines
    assert long_views == {}

"""The results page and its JSON twin."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from gazette_site.http import BadInput, json_error, json_ok
from gazette_site.pagination import PageLinks
from search import selectors

# Parameters that say the user is refining a search, so an exact number must not redirect.
_REFINING = {
    "page",
    "sort",
    "as_of",
    "dataset",
    "issue",
    "year",
    "section",
    "issuer",
    "doc_kind",
    "status",
}


@require_safe
def search_page(request):
    """Show the hits for ?q=…; an exact document number goes straight to the document."""
    q = request.GET.get("q", "")
    context = {"search_query": q, "suggestions": selectors.SUGGESTIONS}
    if not q.strip():
        return render(request, "search/results.html", context)
    try:
        results = selectors.search(request.GET)
    except BadInput as error:
        context["error"] = str(error)
        return render(request, "search/results.html", context, status=400)
    if results.exact_url and not (_REFINING & set(request.GET)):
        return redirect(results.exact_url)
    context.update(
        results=results,
        facets=_facet_links(request.GET, results.facets),
        pages=_page_links(request.GET, results),
        clear_filters=_link(request.GET, drop=(*_REFINING - {"as_of", "sort"},)),
        sort_links=[
            {
                "label": label,
                "href": _link(request.GET, set_={"sort": key}),
                "current": key == results.sort,
            }
            for key, label in selectors.SORTS.items()
        ],
    )
    return render(request, "search/results.html", context)


def _link(params, *, set_: dict | None = None, drop=()) -> str:
    """Return ?query for the current parameters with some set or removed (and page reset)."""
    kept = params.copy()
    for name in (*drop, "page"):
        kept.pop(name, None)
    for name, value in (set_ or {}).items():
        kept[name] = value
    return "?" + kept.urlencode()


MAX_OPTIONS = 15  # per filter on the page; decades of issues would make a long list


def _facet_links(params, facets):
    """Give every filter choice a link that selects it, or removes it when it is selected."""
    links = []
    for facet in facets:
        if not facet.options:
            continue
        shown = facet.options
        if len(shown) > MAX_OPTIONS:
            biggest = sorted(shown, key=lambda o: -o.count)[:MAX_OPTIONS]
            shown = [o for o in shown if o in biggest or o.selected]
        links.append(
            {
                "name": facet.name,
                "label": facet.label,
                "hidden": len(facet.options) - len(shown),
                "options": [
                    {
                        "label": option.label,
                        "count": option.count,
                        "selected": option.selected,
                        "href": _link(params, drop=(facet.name,))
                        if option.selected
                        else _link(params, set_={facet.name: option.value}),
                    }
                    for option in shown
                ],
            }
        )
    return links


def _page_links(params, results) -> PageLinks:
    """The shared page links over the ranked window (its total may be an estimate)."""
    kept = params.copy()
    kept.pop("page", None)
    return PageLinks(
        number=results.page,
        num_pages=results.pages,
        count=results.total,
        query=kept.urlencode(),
        count_is_estimate=not results.total_known,
    )


@require_safe
def search_json(request):
    """Answer the same search as the page, as JSON; HTTP 400 with a Chinese message if wrong."""
    try:
        results = selectors.search(request.GET)
    except BadInput as error:
        return json_error(str(error))
    return json_ok(
        {
            "query": results.query.display,
            "total": results.total,
            # Documents (and datasets) found. False when the query has more hits than were
            # ranked: `total` is then an estimate (the page says 约).
            "total_exact": results.total_known,
            # False when only the first hits were ranked and counted for the filters.
            "counts_complete": results.complete,
            "page": results.page,
            "pages": results.pages,
            "page_size": selectors.PAGE_SIZE,
            "sort": results.sort,
            "as_of": results.as_of.isoformat(),
            "exact": results.exact_url,
            # Every hit shown on this page (documents, their provisions, dataset records),
            # flat; `documents` groups the same hits by document.
            "results": [_hit_json(hit) for hit in results.hits],
            "documents": [_document_json(doc) for doc in results.documents],
            "words": results.words,
            "candidates": [_document_json(doc) for doc in results.candidates],
            "nearest": [_document_json(doc) for doc in results.nearest],
            "facets": {
                facet.name: [
                    {"value": o.value, "label": o.label, "count": o.count} for o in facet.options
                ]
                for facet in results.facets
            },
        }
    )


def _hit_json(hit) -> dict:
    return {
        "kind": hit.kind,
        "dataset": hit.dataset,
        "title": hit.title,
        "url": hit.url,
        "snippet": str(hit.snippet),
        "doc_number": hit.doc_number,
        "date": hit.date.isoformat() if hit.date else None,
        "status": hit.status or None,
        "score": hit.score,
    }


def _document_json(doc) -> dict:
    return {
        "kind": doc.kind,
        "dataset": doc.dataset,
        "title": doc.title,
        "url": doc.url,
        "snippet": str(doc.snippet),
        "doc_number": doc.doc_number,
        "date": doc.date.isoformat() if doc.date else None,
        "status": doc.status or None,
        "exact": doc.exact,
        "matches": [_hit_json(hit) for hit in doc.matches],
        "more": doc.more,
        "more_url": doc.more_url,
    }

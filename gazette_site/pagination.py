"""One way to page a list: HTML lists (`?page=`) and open data (`?page=` / `?limit=`, `next`).

A page number or limit that is not a whole number, or a page past the end, is bad input
(BadInput: HTTP 400 with a Chinese message), never a silent fallback to another page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from gazette_site.http import BadInput, parse_int

Loader = Callable[[list], Iterable]

PAGE_SIZE = 50
MAX_LIMIT = 200
# Page numbers are refused beyond this: no list of the portal comes near it, and a huge
# number would only make the database skip rows for nothing.
MAX_PAGE = 10_000
PAGE_FIELD = "页码（page）"
# Numbered links either side of the current page.
NEARBY = 2


def parse_page(value: str | None, *, maximum: int | None = None) -> int:
    """Parse ?page=N (1 when absent); a bad or out-of-range number raises BadInput."""
    return parse_int(
        value,
        field=PAGE_FIELD,
        minimum=1,
        maximum=MAX_PAGE if maximum is None else min(maximum, MAX_PAGE),
        default=1,
    )


@dataclass(frozen=True)
class PageLinks:
    """Where a list is and the query strings of its pages (for `_pagination.html`).

    Built from a Django `Page` by `paginate()`, or from the numbers of a list paged elsewhere
    (search ranks its own window of hits).
    """

    number: int
    num_pages: int
    count: int
    query: str  # the request's other parameters, url-encoded, without `page`
    page: Page | None = None
    count_is_estimate: bool = False

    @classmethod
    def of_page(cls, page: Page, query: str) -> PageLinks:
        return cls(page.number, page.paginator.num_pages, page.paginator.count, query, page)

    def href(self, number: int) -> str:
        return f"?{self.query}&page={number}" if self.query else f"?page={number}"

    @property
    def first_href(self) -> str:
        return self.href(1)

    @property
    def previous_href(self) -> str | None:
        return self.href(self.number - 1) if self.number > 1 else None

    @property
    def next_href(self) -> str | None:
        return self.href(self.number + 1) if self.number < self.num_pages else None

    @property
    def links(self) -> list[dict]:
        """The first, the last and the two pages either side of this one, in order."""
        shown = {1, self.num_pages, *range(self.number - NEARBY, self.number + NEARBY + 1)}
        return [
            {"number": n, "href": self.href(n), "current": n == self.number}
            for n in sorted(n for n in shown if 1 <= n <= self.num_pages)
        ]


def page_of(items, *, number: int, per_page: int, load: Loader | None = None) -> Page:
    """Return page `number` of `items` (a queryset: COUNT and one LIMIT/OFFSET query).

    With `load`, the page is found on the bare queryset's primary keys and only its rows are
    loaded by `load(ids)`: per-row annotations (status, counts) are then computed for one page,
    not for every row the database sorts or skips with OFFSET.
    """
    source = items.values_list("pk", flat=True) if load is not None else items
    paginator = Paginator(source, per_page)
    if number > max(paginator.num_pages, 1):
        raise BadInput(f"{PAGE_FIELD}{number} 超出范围：共 {paginator.num_pages} 页。")
    page = paginator.page(number) if paginator.count else paginator.page(1)
    if load is not None:
        ids = list(page.object_list)
        rows = {row.pk: row for row in load(ids)} if ids else {}
        page.object_list = [rows[pk] for pk in ids]
    return page


def paginate(request, items, *, per_page: int = PAGE_SIZE, load: Loader | None = None) -> PageLinks:
    """Page an HTML list by ?page=; raises BadInput for a bad page."""
    number = parse_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page = page_of(items, number=number, per_page=per_page, load=load)
    return PageLinks.of_page(page, query.urlencode())


def paginate_data(
    request, items, *, per_page: int = PAGE_SIZE, load: Loader | None = None
) -> tuple[Page, dict]:
    """Page open data by ?page= and ?limit=; return the page and its `pagination` block."""
    number = parse_page(request.GET.get("page"))
    limit = parse_int(
        request.GET.get("limit"),
        field="每页条数（limit）",
        minimum=1,
        maximum=MAX_LIMIT,
        default=per_page,
    )
    page = page_of(items, number=number, per_page=limit, load=load)
    query = request.GET.copy()

    def link(to: int) -> str:
        query["page"] = str(to)
        query["limit"] = str(limit)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return page, {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "limit": limit,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }

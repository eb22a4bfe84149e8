"""The one way lists are paged: page numbers, neighbours and numbered links."""

import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory

from gazette_site.http import BadInput
from gazette_site.pagination import PageLinks, paginate


def test_numbered_links_show_the_ends_and_the_pages_either_side():
    links = PageLinks(number=6, num_pages=12, count=240, query="q=a")
    assert [link["number"] for link in links.links] == [1, 4, 5, 6, 7, 8, 12]
    assert [link["number"] for link in links.links if link["current"]] == [6]
    assert links.previous_href == "?q=a&page=5"
    assert links.next_href == "?q=a&page=7"
    assert links.first_href == "?q=a&page=1"


def test_the_first_and_last_pages_have_one_neighbour_link_each():
    first = PageLinks(number=1, num_pages=3, count=60, query="")
    assert first.previous_href is None and first.next_href == "?page=2"
    assert [link["number"] for link in first.links] == [1, 2, 3]
    last = PageLinks.of_page(Paginator(range(60), 20).page(3), "")
    assert last.next_href is None and last.previous_href == "?page=2"
    assert (last.count, last.num_pages) == (60, 3)


def test_paginate_keeps_the_other_parameters_and_refuses_a_page_past_the_end():
    request = RequestFactory().get("/x/", {"sector": "工业", "page": "2"})
    links = paginate(request, list(range(120)), per_page=50)
    assert links.number == 2 and links.page.object_list == list(range(50, 100))
    assert links.next_href == "?sector=%E5%B7%A5%E4%B8%9A&page=3"
    with pytest.raises(BadInput, match="超出范围"):
        paginate(RequestFactory().get("/x/", {"page": "4"}), list(range(120)), per_page=50)

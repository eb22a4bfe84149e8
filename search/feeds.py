"""A saved search as an Atom feed: /search/feed/?q=… with the page's filters."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed

from documents.feeds import at_noon
from gazette_site.http import BadInput
from search import selectors


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadInput as error:
            return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")

    def get_object(self, request):
        params = request.GET.copy()
        params["sort"] = "date"
        params.pop("page", None)
        return request.GET.urlencode(), selectors.search(params)

    def title(self, obj):
        return f"威海市人民政府公报 搜索：{obj[1].query.display}"

    def link(self, obj):
        return f"/search/?{obj[0]}"

    def items(self, obj):
        return obj[1].hits

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.url

    def item_description(self, item):
        return str(item.snippet)

    def item_pubdate(self, item):
        return at_noon(item.date)

    def item_updateddate(self, item):
        return at_noon(item.date)

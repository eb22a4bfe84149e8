from django.urls import path
from django.views.decorators.http import require_safe

from search import feeds, views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search.json", views.search_json, name="json"),
    path("search/feed/", require_safe(feeds.SearchFeed()), name="feed"),
]

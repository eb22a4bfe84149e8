from django.urls import path

from search import feeds, views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search.json", views.search_json, name="json"),
    path("search/feed/", feeds.SearchFeed(), name="feed"),
]

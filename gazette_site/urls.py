"""Top-level URLs: each app brings its own pages, JSON and open-data paths."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from gazette_site import feeds, views
from gazette_site.sitemaps import sitemaps

admin.site.site_header = "威海市人民政府公报 管理"
admin.site.site_title = "公报管理"
admin.site.index_title = "数据维护"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("data/", views.data_index, name="data_index"),
    path("data/openapi.json", views.openapi_json, name="openapi"),
    path(
        "data/changes/<path:name>.atom", require_safe(feeds.DataChangesFeed()), name="data_changes"
    ),
    path("data/bulk/", views.bulk_page, name="data_bulk"),
    path("data/bulk/weihai-gazette.zip", views.bulk_archive, name="data_bulk_archive"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        require_safe(sitemap),
        {"sitemaps": sitemaps()},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("favicon.ico", views.favicon),
    path("", include("search.urls")),
    path("", include("rewards.urls")),
    path("", include("blood_donation.urls")),
    path("", include("intermediary.urls")),
    path("", include("wildlife.urls")),
    path("", include("pricing.urls")),
    path("", include("documents.urls")),
]

"""Top-level URLs: each app brings its own pages, JSON and open-data paths."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico before reading the page's <link rel="icon">.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("img/favicon.png"))),
    path("", include("search.urls")),
    path("", include("rewards.urls")),
    path("", include("blood_donation.urls")),
    path("", include("intermediary.urls")),
    path("", include("wildlife.urls")),
    path("", include("pricing.urls")),
    path("", include("documents.urls")),
]

"""Top-level URLs: each app brings its own pages, JSON and open-data paths."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("search.urls")),
    path("", include("rewards.urls")),
    path("", include("blood_donation.urls")),
    path("", include("intermediary.urls")),
    path("", include("wildlife.urls")),
    path("", include("pricing.urls")),
    path("", include("documents.urls")),
]

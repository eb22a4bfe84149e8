from django.urls import path

from wildlife import views

app_name = "wildlife"

urlpatterns = [
    path("wildlife/", views.overview, name="overview"),
    path("wildlife/calculator/", views.calculator, name="calculator"),
    path("wildlife/public-list/", views.public_list, name="public_list"),
    path("wildlife/reports/", views.reports, name="reports"),
    path("wildlife/registry/", views.registry, name="registry"),
    path("wildlife/compensation.json", views.compensation_json, name="compensation_json"),
    path("data/wildlife/species.json", views.species_json, name="species_json"),
]

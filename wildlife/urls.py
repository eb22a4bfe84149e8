from django.urls import path

from gazette_site import opendata
from wildlife import views

app_name = "wildlife"

urlpatterns = [
    path("wildlife/", views.overview, name="overview"),
    path("wildlife/calculator/", views.calculator, name="calculator"),
    path("wildlife/public-list/", views.public_list, name="public_list"),
    path("wildlife/reports/", views.reports, name="reports"),
    path("wildlife/registry/", views.registry, name="registry"),
    path("wildlife/compensation.json", views.compensation_json, name="compensation_json"),
    *opendata.urlpatterns_for("wildlife/species", url_name="species_json"),
]

from django.urls import path

from gazette_site import opendata
from intermediary import views

app_name = "intermediary"

urlpatterns: list = [
    path("intermediary/", views.catalogue, name="catalogue"),
    path("intermediary/items/<int:no>/", views.service_page, name="service"),
    path("intermediary/matters/", views.matter_list, name="matters"),
    path("intermediary/matters/<int:pk>/", views.matter_page, name="matter"),
    path("intermediary/departments/<int:order>/", views.department_page, name="department"),
    path("intermediary/download.csv", views.download, {"file_format": "csv"}, name="download_csv"),
    path(
        "intermediary/download.xlsx", views.download, {"file_format": "xlsx"}, name="download_xlsx"
    ),
    *opendata.urlpatterns_for("intermediary", url_name="open_data"),
]

from django.urls import path

from gazette_site import opendata
from rewards import views

app_name = "rewards"

urlpatterns = [
    path("rewards/", views.scheme_page, name="index"),
    path("rewards/schemes/<int:year>/", views.scheme_page, name="scheme"),
    path("rewards/eligibility/", views.eligibility_page, name="eligibility"),
    path("rewards/roster/", views.roster_page, name="roster"),
    path("rewards/ip-compensation/", views.ip_compensation_page, name="ip_compensation"),
    path("rewards/ip-compensation.json", views.ip_compensation_json, name="ip_compensation_json"),
    *opendata.urlpatterns_for("rewards/tiers", url_name="tiers_json"),
]

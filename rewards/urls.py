from django.urls import path

from rewards import views

app_name = "rewards"

urlpatterns = [
    path("rewards/", views.scheme_page, name="index"),
    path("rewards/schemes/<int:year>/", views.scheme_page, name="scheme"),
    path("rewards/eligibility/", views.eligibility_page, name="eligibility"),
    path("rewards/roster/", views.roster_page, name="roster"),
    path("rewards/ip-compensation/", views.ip_compensation_page, name="ip_compensation"),
    path("rewards/ip-compensation.json", views.ip_compensation_json, name="ip_compensation_json"),
    path("data/rewards/tiers.json", views.tiers_json, name="tiers_json"),
]

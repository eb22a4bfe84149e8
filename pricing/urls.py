from django.urls import path

from gazette_site import opendata
from pricing import views

app_name = "pricing"

urlpatterns: list = [
    path("pricing/", views.schedule, name="schedule"),
    path("pricing/calculator/", views.calculator, name="calculator"),
    path("pricing/class-d/", views.class_d_list, name="class_d_list"),
    path("pricing/enterprises/<str:credit_code>/", views.enterprise_detail, name="enterprise"),
    path("pricing/surcharge.json", views.surcharge_json, name="surcharge_json"),
    *opendata.urlpatterns_for("pricing/surcharges", url_name="surcharges_json"),
]

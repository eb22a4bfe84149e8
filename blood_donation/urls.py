from django.urls import path

from blood_donation import views
from gazette_site import opendata

app_name = "blood_donation"

urlpatterns = [
    path("blood-donation/", views.calculator, name="calculator"),
    path("blood-donation/entitlement.json", views.entitlement_json, name="entitlement_json"),
    path("blood-donation/age-check.json", views.age_check_json, name="age_check_json"),
    *opendata.urlpatterns_for("blood-donation/rules", url_name="rules_json"),
]

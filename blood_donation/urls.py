from django.urls import path

from blood_donation import views

app_name = "blood_donation"

urlpatterns = [
    path("blood-donation/", views.calculator, name="calculator"),
    path("blood-donation/entitlement.json", views.entitlement_json, name="entitlement_json"),
    path("blood-donation/age-check.json", views.age_check_json, name="age_check_json"),
]

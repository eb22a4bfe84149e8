from django.urls import path

app_name = "blood_donation"

urlpatterns: list = []

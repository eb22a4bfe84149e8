from django.urls import path

app_name = "wildlife"

urlpatterns: list = []

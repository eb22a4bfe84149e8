from django.urls import path

app_name = "intermediary"

urlpatterns: list = []

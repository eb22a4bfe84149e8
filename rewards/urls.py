from django.urls import path

app_name = "rewards"

urlpatterns: list = []

"""A URL whose view fails, to see the 500 page a citizen gets."""

from django.urls import path


def failing_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", failing_view)]

"""The portal's URLs plus the floor a page is compared with: a bare template view."""

from django.shortcuts import render
from django.urls import include, path


def floor(request):
    return render(request, "bench/floor.html")


urlpatterns = [path("bench/floor/", floor), path("", include("parwona.urls"))]

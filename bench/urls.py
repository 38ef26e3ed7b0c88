"""The portal's URLs plus the floors a page is compared with: a bare template view, and a bare view
that inserts one row and redirects (what a form POST does at the least)."""

from django.shortcuts import redirect, render
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import FloorRow


def floor(request):
    return render(request, "bench/floor.html")


@csrf_exempt
@require_POST
def floor_insert(request):
    FloorRow.objects.create(label="insert")
    return redirect("/bench/floor/")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/floor/insert/", floor_insert),
    path("", include("parwona.urls")),
]

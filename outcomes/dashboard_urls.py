"""URLs of the donors' dashboard, its downloads and the coordinators' targets."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("outcomes/", views.dashboard, name="outcomes_dashboard"),
    path("outcomes/breakdown/<slug:breakdown>/", views.breakdown, name="outcomes_breakdown"),
    path("outcomes/download.<str:fmt>", views.download, name="outcomes_download"),
    path("outcomes/refresh/", views.refresh, name="outcomes_refresh"),
    path("staff/cohorts/<int:pk>/targets/", views.targets_edit, name="outcomes_targets"),
]

"""Staff URLs of calls' applications, under /staff/."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("calls/<int:pk>/applications/", staff_views.application_list, name="staff_application_list"),
    path("calls/<int:pk>/applications/decide/", staff_views.application_bulk, name="staff_application_bulk"),
    path(
        "calls/<int:pk>/applications/export/", staff_views.application_export, name="staff_application_export"
    ),
    path("calls/<int:pk>/funnel/", staff_views.call_funnel, name="staff_call_funnel"),
    path("calls/<int:pk>/fairness/", staff_views.call_fairness, name="staff_call_fairness"),
    path(
        "calls/<int:pk>/fairness/export/", staff_views.call_fairness_export, name="staff_call_fairness_export"
    ),
    path("applications/<int:pk>/", staff_views.application_detail, name="staff_application_detail"),
    path(
        "applications/<int:pk>/eligibility/",
        staff_views.application_eligibility,
        name="staff_application_eligibility",
    ),
]

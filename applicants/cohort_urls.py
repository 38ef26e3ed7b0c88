"""URLs of cohort selection: the coordinator's pages under /staff/, her answers to an offer."""

from django.urls import path

from . import cohort_views

urlpatterns = [
    path("staff/calls/<int:pk>/cohort/", cohort_views.cohort_select, name="staff_cohort_select"),
    path("staff/calls/<int:pk>/cohort/confirm/", cohort_views.cohort_confirm, name="staff_cohort_confirm"),
    path(
        "staff/calls/<int:pk>/cohort/overrides/",
        cohort_views.selection_override_set,
        name="staff_selection_override_set",
    ),
    path(
        "staff/selection-overrides/<int:pk>/remove/",
        cohort_views.selection_override_remove,
        name="staff_selection_override_remove",
    ),
    path("staff/cohorts/<int:pk>/", cohort_views.cohort_detail, name="staff_cohort_detail"),
    path("staff/offers/<int:pk>/withdraw/", cohort_views.offer_withdraw, name="staff_offer_withdraw"),
    path("offers/<int:pk>/accept/", cohort_views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/decline/", cohort_views.offer_decline, name="offer_decline"),
]

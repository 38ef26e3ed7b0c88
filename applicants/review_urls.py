"""URLs of blind review, ranking and calibration, under /staff/."""

from django.urls import path

from . import review_views

urlpatterns = [
    path("calls/<int:pk>/reviews/settings/", review_views.review_settings, name="staff_review_settings"),
    path("calls/<int:pk>/reviews/assign/", review_views.review_assign, name="staff_review_assign"),
    path("calls/<int:pk>/ranking/", review_views.ranking_page, name="staff_ranking"),
    path("calls/<int:pk>/ranking/run/", review_views.ranking_run, name="staff_ranking_run"),
    path("calls/<int:pk>/calibration/", review_views.calibration_page, name="staff_calibration"),
    path("applications/<int:pk>/reviewers/add/", review_views.review_add, name="staff_review_add"),
    path("reviews/<int:pk>/remove/", review_views.review_remove, name="staff_review_remove"),
    path("reviews/", review_views.review_list, name="review_list"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review_detail"),
]

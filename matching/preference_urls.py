"""URLs of preferences: the coordinator's window under /staff/, the participant's and the firm's rankings."""

from django.urls import path

from . import preference_views as views

urlpatterns = [
    path("staff/cohorts/<int:pk>/preferences/", views.staff_preferences, name="staff_preferences"),
    path(
        "staff/cohorts/<int:pk>/preferences/window/",
        views.staff_preferences_window,
        name="staff_preferences_window",
    ),
    path(
        "staff/cohorts/<int:pk>/preferences/remind/",
        views.staff_preferences_remind,
        name="staff_preferences_remind",
    ),
    path("cohorts/<int:pk>/matching-profile/", views.matching_profile, name="matching_profile"),
    path("cohorts/<int:pk>/rank-firms/", views.participant_preferences, name="participant_preferences"),
    path(
        "firm/<int:firm_pk>/cohorts/<int:pk>/rank-candidates/",
        views.firm_preferences,
        name="firm_preferences",
    ),
]

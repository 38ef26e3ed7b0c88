"""URLs of the matching workflow: the coordinators' pages under /staff/matching/."""

from django.urls import path

from . import match_views

urlpatterns = [
    path("matching/", match_views.round_list, name="staff_match_rounds"),
    path("matching/cohorts/<int:pk>/", match_views.round_detail, name="staff_match_round"),
    path("matching/cohorts/<int:pk>/settings/", match_views.round_settings, name="staff_match_settings"),
    path("matching/cohorts/<int:pk>/run/", match_views.run_start, name="staff_match_run_start"),
    path("matching/cohorts/<int:pk>/rematch/", match_views.rematch_start, name="staff_match_rematch"),
    path("matching/cohorts/<int:pk>/compare/", match_views.runs_compare_view, name="staff_match_compare"),
    path("matching/runs/<int:pk>/", match_views.run_detail, name="staff_match_run"),
    path("matching/runs/<int:pk>/swap/", match_views.pair_swap, name="staff_match_swap"),
    path("matching/runs/<int:pk>/rules/", match_views.pair_rule_add, name="staff_match_rule_add"),
    path("matching/runs/<int:pk>/publish/", match_views.run_publish, name="staff_match_publish"),
    path("matching/rules/<int:pk>/remove/", match_views.pair_rule_remove, name="staff_match_rule_remove"),
    path("matching/matches/<int:pk>/end/", match_views.match_end, name="staff_match_end"),
]

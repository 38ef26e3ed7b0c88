from django.urls import path

from . import call_views

urlpatterns = [
    path("", call_views.staff_call_list, name="staff_call_list"),
    path("new/", call_views.staff_call_create, name="staff_call_create"),
    path("<int:pk>/", call_views.staff_call_edit, name="staff_call_edit"),
    path("<int:pk>/status/", call_views.staff_call_status, name="staff_call_status"),
    path("<int:pk>/rubric/", call_views.staff_rubric_edit, name="staff_rubric_edit"),
    path("<int:pk>/scores/run/", call_views.staff_scores_run, name="staff_scores_run"),
    path("<int:pk>/questions/new/", call_views.staff_question_add, name="staff_question_add"),
    path("questions/<int:pk>/", call_views.staff_question_edit, name="staff_question_edit"),
    path("questions/<int:pk>/delete/", call_views.staff_question_delete, name="staff_question_delete"),
    path("questions/<int:pk>/move/", call_views.staff_question_move, name="staff_question_move"),
]

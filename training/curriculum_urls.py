"""URLs of the curriculum and sessions: trainers' and coordinators' pages under /staff/training/, the
participant's lessons."""

from django.urls import path

from . import curriculum_views as views

urlpatterns = [
    path("staff/training/", views.staff_training_cohorts, name="staff_training_cohorts"),
    path("staff/training/cohorts/<int:pk>/curriculum/", views.staff_curriculum, name="staff_curriculum"),
    path("staff/training/cohorts/<int:pk>/curriculum/copy/", views.staff_curriculum_copy,
         name="staff_curriculum_copy"),
    path("staff/training/cohorts/<int:pk>/modules/new/", views.staff_module_add, name="staff_module_add"),
    path("staff/training/modules/<int:pk>/", views.staff_module_edit, name="staff_module_edit"),
    path("staff/training/modules/<int:pk>/delete/", views.staff_module_delete, name="staff_module_delete"),
    path("staff/training/modules/<int:pk>/move/", views.staff_module_move, name="staff_module_move"),
    path("staff/training/modules/<int:pk>/lessons/new/", views.staff_lesson_add, name="staff_lesson_add"),
    path("staff/training/lessons/<int:pk>/", views.staff_lesson_edit, name="staff_lesson_edit"),
    path("staff/training/lessons/<int:pk>/delete/", views.staff_lesson_delete, name="staff_lesson_delete"),
    path("staff/training/lessons/<int:pk>/move/", views.staff_lesson_move, name="staff_lesson_move"),
    path("staff/training/lessons/<int:pk>/links/", views.staff_resource_add, name="staff_resource_add"),
    path("staff/training/links/<int:pk>/delete/", views.staff_resource_delete, name="staff_resource_delete"),
    path("staff/training/cohorts/<int:pk>/sessions/", views.staff_session_list, name="staff_session_list"),
    path("staff/training/cohorts/<int:pk>/sessions/new/", views.staff_session_add, name="staff_session_add"),
    path("staff/training/sessions/<int:pk>/", views.staff_session_edit, name="staff_session_edit"),
    path("staff/training/sessions/<int:pk>/delete/", views.staff_session_delete, name="staff_session_delete"),
    path("lessons/", views.my_lessons, name="my_lessons"),
    path("cohorts/<int:pk>/lessons/", views.lesson_list, name="lesson_list"),
    path("lessons/<int:pk>/", views.lesson_detail, name="lesson_detail"),
]

"""URLs of assignments and skills assessments: hers under /training/, the trainers' under /staff/training/."""

from django.urls import path

from . import assessment_views, assignment_views

urlpatterns = [
    path("training/assignments/", assignment_views.assignment_list, name="assignment_list"),
    path("training/assignments/<int:pk>/", assignment_views.assignment_detail, name="assignment_detail"),
    path("training/submissions/<int:pk>/file/", assignment_views.submission_file, name="submission_file"),
    path("training/skills/", assessment_views.skills_mine, name="skills_mine"),
    path("training/skills/<str:point>/", assessment_views.skills_rate_self, name="skills_rate_self"),
    path("staff/training/feedback/", assignment_views.staff_training, name="staff_training_feedback"),
    path(
        "staff/training/cohorts/<int:pk>/assignments/",
        assignment_views.staff_assignment_list,
        name="staff_assignment_list",
    ),
    path(
        "staff/training/cohorts/<int:pk>/assignments/new/",
        assignment_views.staff_assignment_create,
        name="staff_assignment_create",
    ),
    path(
        "staff/training/assignments/<int:pk>/edit/",
        assignment_views.staff_assignment_edit,
        name="staff_assignment_edit",
    ),
    path(
        "staff/training/cohorts/<int:pk>/submissions/",
        assignment_views.staff_submission_queue,
        name="staff_submission_queue",
    ),
    path(
        "staff/training/submissions/<int:pk>/",
        assignment_views.staff_submission_review,
        name="staff_submission_review",
    ),
    path(
        "staff/training/cohorts/<int:pk>/skills/",
        assessment_views.staff_cohort_skills,
        name="staff_cohort_skills",
    ),
    path(
        "staff/training/participants/<int:pk>/skills/",
        assessment_views.staff_participant_skills,
        name="staff_participant_skills",
    ),
    path(
        "staff/training/participants/<int:pk>/skills/<str:point>/",
        assessment_views.staff_skills_rate,
        name="staff_skills_rate",
    ),
]

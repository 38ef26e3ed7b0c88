"""URLs of attendance, progress and certificates."""

from django.urls import path

from . import progress_views as views

urlpatterns = [
    path("staff/sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("staff/progress/", views.progress_cohorts, name="staff_progress"),
    path("staff/cohorts/<int:pk>/progress/", views.cohort_progress_view, name="staff_cohort_progress"),
    path("staff/cohorts/<int:pk>/certificates/issue/", views.certificates_issue_view,
         name="staff_certificates_issue"),
    path("training/attendance/", views.my_attendance, name="my_attendance"),
    path("training/progress/", views.my_progress, name="my_progress"),
    path("training/certificate/", views.my_certificate, name="my_certificate"),
    path("training/certificate/pdf/", views.my_certificate_pdf, name="my_certificate_pdf"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
]

from django.urls import path

from . import report_views as views

urlpatterns = [
    path("firm/reports/", views.firm_reports, name="firm_reports"),
    path("firm/reports/<str:month>/", views.firm_report_edit, name="firm_report_edit"),
    path("reports/evidence/<int:pk>/", views.firm_report_evidence, name="firm_report_evidence"),
    path("staff/firm-reports/", views.staff_firm_reports, name="staff_firm_reports"),
    path("staff/firm-reports/<int:pk>/", views.staff_firm_report, name="staff_firm_report"),
    path("staff/firm-reports/<int:pk>/decide/", views.staff_firm_report_decide,
         name="staff_firm_report_decide"),
]

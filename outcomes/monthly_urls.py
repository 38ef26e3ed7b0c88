"""URLs of the monthly reports and the raw export."""

from django.urls import path

from . import monthly_views

urlpatterns = [
    path("reports/monthly/", monthly_views.monthly_report_list, name="monthly_report_list"),
    path("reports/monthly/build/", monthly_views.monthly_report_build_now, name="monthly_report_build_now"),
    path("reports/monthly/<str:month>/", monthly_views.monthly_report_detail, name="monthly_report_detail"),
    path("reports/monthly/<str:month>/workbook/", monthly_views.monthly_report_download,
         name="monthly_report_download"),
    path("staff/outcomes/raw-export/", monthly_views.outcomes_raw_export, name="outcomes_raw_export"),
]

"""The portal's URLs. Each app contributes its own under a prefix."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from parwona.core import views as core_views
from parwona.users import views as user_views

# The admin signs in through the portal's login: rate-limited and with two-factor authentication.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = "PARWONA"

urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/language/", user_views.language_set, name="language_set"),
    path("home/", user_views.home, name="home"),
    path("account/data/", user_views.personal_data, name="personal_data"),
    path("account/data/download/", user_views.personal_data_download, name="personal_data_download"),
    path("staff/", include("parwona.users.urls")),
    path("staff/", include("parwona.core.urls")),
    path("staff/calls/", include("applicants.call_urls")),
    path("staff/", include("applicants.staff_urls")),
    path("staff/", include("applicants.review_urls")),
    path("", include("applicants.urls")),
    path("", include("applicants.cohort_urls")),
    path("staff/", include("matching.staff_urls")),
    path("staff/", include("matching.match_urls")),
    path("", include("matching.urls")),
    path("", include("matching.preference_urls")),
    path("", include("training.calendar_urls")),
    path("", include("training.curriculum_urls")),
    path("", include("training.assignment_urls")),
    path("", include("training.progress_urls")),
    path("", include("outcomes.dashboard_urls")),
    path("", include("outcomes.monthly_urls")),
    path("", include("outcomes.report_urls")),
    path("", include("outcomes.followup_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "parwona.core.views.permission_denied"
handler404 = "parwona.core.views.page_not_found"
handler500 = "parwona.core.views.server_error"

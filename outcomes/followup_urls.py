from django.urls import path

from . import followup_views as views

urlpatterns = [
    path("follow-up/<str:token>/", views.follow_up_survey, name="follow_up_survey"),
    path("staff/follow-ups/", views.staff_follow_ups, name="staff_follow_ups"),
    path("staff/follow-ups/<int:pk>/", views.staff_follow_up, name="staff_follow_up"),
    path("staff/follow-ups/<int:pk>/unreachable/", views.staff_follow_up_unreachable,
         name="staff_follow_up_unreachable"),
]

"""URLs of calendars, the iCal feed and peer groups."""

from django.urls import path

from . import calendar_views, group_views

urlpatterns = [
    path("calendar/", calendar_views.my_calendar, name="calendar"),
    path("calendar/new-address/", calendar_views.feed_regenerate, name="calendar_feed_regenerate"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("groups/<int:pk>/", group_views.peer_group_detail, name="peer_group_detail"),
    path("staff/cohorts/<int:pk>/calendar/", calendar_views.cohort_calendar, name="staff_cohort_calendar"),
    path("staff/cohorts/<int:pk>/peer-groups/", group_views.cohort_peer_groups, name="staff_peer_groups"),
    path("staff/cohorts/<int:pk>/peer-groups/form/", group_views.peer_groups_form,
         name="staff_peer_groups_form"),
    path("staff/peer-groups/<int:pk>/rename/", group_views.peer_group_rename, name="staff_peer_group_rename"),
    path("staff/cohorts/<int:pk>/peer-groups/move/", group_views.peer_group_move,
         name="staff_peer_group_move"),
]

"""Calendar pages: hers (participant or trainer) with her secret iCal address, a cohort's for coordinators,
and the feed itself, read by calendar apps without a login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.enums import CohortStatus
from applicants.models import Cohort
from parwona.core.rules import permission_needed

from .calendar import (
    PROGRAMME_TIMEZONE,
    Month,
    calendar_days,
    calendar_feed_for,
    calendar_feed_regenerate,
    calendar_feed_sessions,
    calendar_owner,
    ical_write,
    sessions_of_cohort,
    sessions_visible,
)
from .models import CalendarFeed


def _month_context(request, sessions) -> dict:
    today = timezone.now().astimezone(PROGRAMME_TIMEZONE).date()
    month = Month.parse(request.GET.get("month"), today=today)
    return {"month": month, "days": calendar_days(sessions=sessions, month=month), "today": today}


@login_required
def my_calendar(request):
    """Her sessions of a month by day, and the secret address of her feed (made on her first visit)."""
    if not calendar_owner(user=request.user):
        raise Http404
    feed = calendar_feed_for(user=request.user)
    feed_url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": feed.token}))
    return render(request, "training/calendar/calendar.html", {
        **_month_context(request, sessions_visible(user=request.user)), "feed_url": feed_url,
        "base_url": reverse("calendar"),
    })


@require_POST
@login_required
def feed_regenerate(request):
    if not calendar_owner(user=request.user):
        raise Http404
    calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works: "
                                "add the new one to your calendar app."))
    return redirect("calendar")


@permission_needed("applicants.view_cohort")
def cohort_calendar(request, pk: int):
    """All sessions of a confirmed cohort, for its coordinators."""
    cohort = get_object_or_404(Cohort, pk=pk, status=CohortStatus.CONFIRMED)
    return render(request, "training/calendar/calendar.html", {
        **_month_context(request, sessions_of_cohort(cohort=cohort)), "cohort": cohort,
        "base_url": reverse("staff_cohort_calendar", kwargs={"pk": pk}),
    })


def calendar_feed(request, token: str):
    """Her sessions as an iCal feed; an unknown or revoked token does not exist."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    body = ical_write(sessions=calendar_feed_sessions(feed=feed), name="PARWONA")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="parwona.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response

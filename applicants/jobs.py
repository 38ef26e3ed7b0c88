"""Background jobs of a call's decisions: assigning its reviewers and confirming its cohort.

At national scale (100,000 applications, a cohort of 5,000) both take seconds, so the page records a
job and shows its progress; with eager Celery (the pilot, local runs) the job runs at once in the
request. The services lock the call and refuse a second cohort, and assignment only adds what is
missing, so a job run twice, or two jobs of one call, change nothing more than one. A job that the
service refuses (the cohort is already confirmed, a minimum can no longer be met) ends cleanly
with the reason as its message rather than failing and being tried again.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parwona.core.enums import JobStatus
from parwona.core.jobs import job_create, job_handler
from parwona.core.models import Job
from parwona.users.models import User

from . import cohorts, reviews
from .enums import CohortStatus
from .models import Call, Cohort

COHORT_CONFIRM = "cohort.confirm"
REVIEWERS_ASSIGN = "reviews.assign"
UNFINISHED = (JobStatus.PENDING, JobStatus.RUNNING)


def job_unfinished(*, kind: str, call: Call) -> Job | None:
    """Return the call's job of `kind` still pending or running, if there is one."""
    return Job.objects.filter(kind=kind, status__in=UNFINISHED, params__call=call.pk).order_by("pk").first()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _refused(progress, exc: ValidationError, url: str) -> dict:
    messages = [str(m) for m in exc.messages]
    progress(100, " ".join(messages))
    return {"done": False, "errors": messages, "url": url}


# Confirming the cohort


def cohort_confirm_enqueue(
    *, call: Call, actor: User, name: str, size: int, minimums: dict[str, int],
    starts_on: date | None = None, ends_on: date | None = None,
) -> tuple[Job, bool]:
    """Record a job confirming the call's cohort; return it and whether it is new.

    Refuse at once when the cohort is already confirmed. When a confirmation of the call is already
    waiting or running, return that job instead of a second one.
    """
    if Cohort.objects.filter(call=call, status=CohortStatus.CONFIRMED).exists():
        raise ValidationError(
            _("The cohort of this call is already confirmed: the selection can no longer change."),
            code="confirmed",
        )
    running = job_unfinished(kind=COHORT_CONFIRM, call=call)
    if running is not None:
        return running, False
    params = {
        "call": call.pk, "name": name, "size": size, "minimums": dict(minimums),
        "starts_on": starts_on.isoformat() if starts_on else None,
        "ends_on": ends_on.isoformat() if ends_on else None,
        "language": translation.get_language(),
    }
    return job_create(kind=COHORT_CONFIRM, params=params, created_by=actor), True


@job_handler(COHORT_CONFIRM)
def cohort_confirm_job(*, job, progress) -> dict:
    """Confirm the cohort of the job's call; end with the reason when it cannot or already was."""
    params = job.params
    call = Call.objects.filter(pk=params.get("call")).first()
    if call is None:
        return {"done": False}
    with translation.override(params.get("language") or None):
        progress(5, _("Selecting the cohort"))
        try:
            cohort = cohorts.cohort_confirm(
                call=call, actor=job.created_by, name=params["name"], size=params["size"],
                minimums=params.get("minimums") or {}, starts_on=_day(params.get("starts_on")),
                ends_on=_day(params.get("ends_on")), progress=progress,
            )
        except ValidationError as exc:
            existing = Cohort.objects.filter(call=call, status=CohortStatus.CONFIRMED).first()
            url = (
                reverse("staff_cohort_detail", kwargs={"pk": existing.pk}) if existing
                else reverse("staff_cohort_select", kwargs={"pk": call.pk})
            )
            return _refused(progress, exc, url)
        offers, waiting = cohort.offers.count(), cohort.waitlist.count()
        progress(
            100,
            _("The cohort is confirmed: %(offers)s offers are being sent, %(waiting)s wait on the list.")
            % {"offers": offers, "waiting": waiting},
        )
    return {
        "done": True, "cohort": cohort.pk, "offers": offers, "waitlisted": waiting,
        "url": reverse("staff_cohort_detail", kwargs={"pk": cohort.pk}),
    }


# Assigning reviewers


def reviewers_assign_enqueue(
    *, call: Call, actor: User, reviewers, per_application: int | None = None, limit: int | None = None
) -> tuple[Job, bool]:
    """Record a job giving the call's applications their reviewers; return it and whether it is new.

    The choice is checked at once (roles, enough reviewers, limit). When an assignment of the call is
    already waiting or running, return that job instead of a second one.
    """
    k = per_application if per_application is not None else call.reviewers_per_application
    people = reviews.reviewers_assign_check(reviewers=reviewers, k=k, limit=limit)
    running = job_unfinished(kind=REVIEWERS_ASSIGN, call=call)
    if running is not None:
        return running, False
    params = {
        "call": call.pk, "reviewers": [r.pk for r in people], "per_application": k, "limit": limit,
        "language": translation.get_language(),
    }
    return job_create(kind=REVIEWERS_ASSIGN, params=params, created_by=actor), True


def assigned_message(result: dict) -> str:
    """Return what an assignment did, in words, with a warning when applications still lack reviewers."""
    text = ngettext(
        "%(count)s review assigned over %(applications)s applications.",
        "%(count)s reviews assigned over %(applications)s applications.",
        result["assigned"],
    ) % {"count": result["assigned"], "applications": result["applications"]}
    if result["short"]:
        text += " " + ngettext(
            "%(count)s application still lacks reviewers: choose more reviewers.",
            "%(count)s applications still lack reviewers: choose more reviewers.",
            result["short"],
        ) % {"count": result["short"]}
    return text


@job_handler(REVIEWERS_ASSIGN)
def reviewers_assign_job(*, job, progress) -> dict:
    """Give the job's call its reviewers; a second run adds nothing."""
    params = job.params
    call = Call.objects.filter(pk=params.get("call")).first()
    if call is None:
        return {"done": False}
    url = reverse("staff_review_assign", kwargs={"pk": call.pk})
    people = list(User.objects.filter(pk__in=params.get("reviewers") or []))
    with translation.override(params.get("language") or None):
        progress(5, _("Assigning reviewers"))
        try:
            result = reviews.reviewers_assign(
                call=call, actor=job.created_by, reviewers=people,
                per_application=params.get("per_application"), limit=params.get("limit"), progress=progress,
            )
        except ValidationError as exc:
            return _refused(progress, exc, url)
        progress(100, assigned_message(result))
    counts = {key: result[key] for key in ("applications", "assigned", "moved", "short")}
    return counts | {"done": True, "url": url}

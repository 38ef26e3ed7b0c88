"""Reads of assignments and submissions that pages share: her assignments with her latest status,
the trainers' queue of submissions waiting for feedback, and the figures of the home panels."""

from datetime import datetime, timedelta

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from applicants.models import Participant

from .enums import SubmissionStatus
from .models import Assignment, Submission

# An assignment is due soon when its due date is within this many days.
DUE_SOON = timedelta(days=7)


def _hers(participant_id) -> QuerySet:
    return Submission.objects.filter(assignment=OuterRef("pk"), participant_id=participant_id)


def assignments_with_status(*, participant: Participant, now: datetime) -> QuerySet:
    """Return her cohort's assignments by due date, each annotated with her latest attempt, status and
    grade, `passed`, `waiting` (an attempt waits for feedback) and `overdue` (past due with no passed
    submission and none waiting for feedback)."""
    latest = _hers(participant.pk).order_by("-attempt")
    return (
        Assignment.objects.filter(cohort_id=participant.cohort_id)
        .select_related("module")
        .annotate(
            latest_attempt=Subquery(latest.values("attempt")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
            latest_grade=Subquery(latest.values("grade")[:1]),
            passed=Exists(_hers(participant.pk).filter(status=SubmissionStatus.PASSED)),
            waiting=Exists(_hers(participant.pk).filter(status=SubmissionStatus.SUBMITTED)),
        )
        .annotate(
            overdue=ExpressionWrapper(
                Q(due_at__lt=now) & Q(passed=False) & Q(waiting=False), output_field=BooleanField()
            )
        )
        .order_by("due_at", "position", "pk")
    )


def assignment_figures(*, participant: Participant, now: datetime) -> dict:
    """Return how many of her assignments are due soon (open, due within DUE_SOON) and how many of her
    submissions wait for feedback, in one query."""
    figures = Assignment.objects.filter(cohort_id=participant.cohort_id).aggregate(
        due_soon=Count(
            "pk",
            filter=Q(due_at__gte=now, due_at__lte=now + DUE_SOON)
            & ~Q(
                pk__in=Submission.objects.filter(
                    participant=participant,
                    status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.PASSED, SubmissionStatus.FAILED],
                ).values("assignment_id")
            ),
        ),
        waiting=Count(
            "submissions",
            filter=Q(submissions__participant=participant, submissions__status=SubmissionStatus.SUBMITTED),
        ),
    )
    return {"due_soon": figures["due_soon"], "waiting": figures["waiting"]}


def submissions_of(*, participant: Participant, assignment: Assignment) -> QuerySet:
    """Return her attempts at the assignment, the latest first."""
    return (
        Submission.objects.filter(participant=participant, assignment=assignment)
        .select_related("reviewed_by")
        .order_by("-attempt")
    )


def submissions_waiting(*, cohort_id: int) -> QuerySet:
    """Return the cohort's submissions waiting for feedback, the oldest first, with what the queue shows."""
    return (
        Submission.objects.filter(assignment__cohort_id=cohort_id, status=SubmissionStatus.SUBMITTED)
        .select_related("assignment", "participant__user")
        .order_by("submitted_at", "pk")
    )


def submissions_waiting_count(*, cohorts) -> int:
    """Return how many submissions wait for feedback in `cohorts` (a queryset of cohort ids; None: all)."""
    waiting = Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
    if cohorts is not None:
        waiting = waiting.filter(assignment__cohort_id__in=cohorts)
    return waiting.count()


def cohorts_waiting(*, cohorts) -> QuerySet:
    """Return the cohorts of `cohorts` (None: all) with their assignments and submissions waiting."""
    from applicants.models import Cohort

    rows = Cohort.objects.all() if cohorts is None else Cohort.objects.filter(pk__in=cohorts)
    return rows.annotate(
        assignment_count=Coalesce(
            Subquery(
                Assignment.objects.filter(cohort=OuterRef("pk"))
                .order_by()
                .values("cohort")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        ),
        waiting=Coalesce(
            Subquery(
                Submission.objects.filter(
                    assignment__cohort=OuterRef("pk"), status=SubmissionStatus.SUBMITTED
                )
                .order_by()
                .values("assignment__cohort")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        ),
    ).order_by("-created_at", "pk")


def submission_for_file(*, pk: int) -> Submission | None:
    return Submission.objects.select_related("assignment", "participant").filter(pk=pk).first()


def assignments_of_cohort(*, cohort_id: int) -> QuerySet:
    """Return the cohort's assignments by due date with how many submissions wait and how many passed."""
    return (
        Assignment.objects.filter(cohort_id=cohort_id)
        .select_related("module")
        .annotate(
            waiting=Count("submissions", filter=Q(submissions__status=SubmissionStatus.SUBMITTED)),
            passed=Count(
                "submissions__participant",
                filter=Q(submissions__status=SubmissionStatus.PASSED),
                distinct=True,
            ),
        )
        .order_by("due_at", "position", "pk")
    )


def assignment_rows(*, participant: Participant, now: datetime) -> list[Assignment]:
    """Return her assignments as `assignments_with_status` does, each with `status_label` to show."""
    rows = list(assignments_with_status(participant=participant, now=now))
    for row in rows:
        row.status_label = SubmissionStatus(row.latest_status).label if row.latest_status else ""
    return rows

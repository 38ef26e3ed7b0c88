"""Blind review of a call's applications: the call's review settings, reviewers' assignments, reviews.

Each application is given to k distinct reviewers, loads spread as evenly as possible. A reviewer
scores each reviewed criterion of the rubric 1 to 5, or abstains, or declares a conflict of
interest; she may change her review until the call's cohort is confirmed. Every write is audited
and every submitted review asks for a new ranking of the call (see `applicants.ranking`).
"""

import heapq
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from parwona.core.services import audit_record
from parwona.users.enums import Role
from parwona.users.models import User

from .enums import ApplicationStatus, CohortStatus, ReviewStatus
from .models import Application, Call, Cohort, ReviewAssignment, ReviewScore
from .ranking import rankable, ranking_enqueue, reviewed_criteria

# The fields of a call the review settings form changes.
REVIEW_SETTINGS_FIELDS = [
    "reviewers_per_application", "review_aggregation", "review_normalise", "auto_weight", "review_weight",
    "shortlist_size", "offer_days",
]  # fmt: skip
DECISIONS = (ReviewStatus.SCORED, ReviewStatus.ABSTAINED, ReviewStatus.CONFLICT)
# Applications moved to review per UPDATE: well under SQLite's limit of bound parameters.
CHUNK = 10_000


def _noop(percent: int, message: str = "") -> None:
    return None


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


# Settings


def review_settings_check(values: dict) -> None:
    """Raise a ValidationError, by field, when the weights of the scores cannot be combined."""
    auto, review = values.get("auto_weight"), values.get("review_weight")
    if auto is not None and review is not None and Decimal(auto) + Decimal(review) <= 0:
        raise ValidationError({"review_weight": _("At least one of the two weights must be above zero.")})


@transaction.atomic
def review_settings_update(*, call: Call, actor: User, values: dict) -> Call:
    """Change the call's review, ranking and offer settings given in `values`; audit old and new values."""
    unknown = set(values) - set(REVIEW_SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    call = Call.objects.select_for_update().get(pk=call.pk)
    review_settings_check({name: values.get(name, getattr(call, name)) for name in REVIEW_SETTINGS_FIELDS})
    changed = sorted(name for name, value in values.items() if getattr(call, name) != value)
    if not changed:
        return call
    details = {name: [_plain(getattr(call, name)), _plain(values[name])] for name in changed}
    for name in changed:
        setattr(call, name, values[name])
    call.save(update_fields=changed)
    audit_record(
        actor=actor, action="call.review_settings_updated", target=call, details={"changes": details}
    )
    return call


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


# Assignment


def reviewers_all():
    """Return the active users with the reviewer role, by name."""
    return (
        User.objects.filter(groups__name=Role.REVIEWER, is_active=True).order_by("full_name", "pk").distinct()
    )


def applications_to_review(*, call: Call):
    """Return the call's eligible applications in the running that have an automatic score, best first."""
    return Application.objects.filter(rankable(), call=call, score__auto_total__isnull=False).order_by(
        "-score__auto_total", "submitted_at", "pk"
    )


def loads_spread(
    *,
    applications: list[int],
    reviewers: list[int],
    k: int,
    taken: dict[int, set[int]],
    loads: dict[int, int],
    need: dict[int, int] | None = None,
) -> list[tuple[int, int]]:
    """Return (application, reviewer) pairs giving each application up to k more distinct reviewers.

    Greedy: each application in turn takes the least-loaded reviewers not already on it, ties
    broken by the order of `reviewers`. Starting from no assignments, the loads then differ by
    at most one. `taken` holds each application's reviewers already, `loads` each reviewer's
    current number of reviews, `need` (default k) how many more an application needs. Pure.
    """
    position = {r: i for i, r in enumerate(reviewers)}
    heap = [(loads.get(r, 0), position[r], r) for r in reviewers]
    heapq.heapify(heap)
    pairs = []
    for application in applications:
        wanted = k if need is None else need.get(application, k)
        if wanted <= 0:
            continue
        skipped, chosen = [], []
        while heap and len(chosen) < wanted:
            entry = heapq.heappop(heap)
            if entry[2] in taken.get(application, ()):
                skipped.append(entry)
            else:
                chosen.append(entry)
        for load, order, reviewer in chosen:
            pairs.append((application, reviewer))
            heapq.heappush(heap, (load + 1, order, reviewer))
        for entry in skipped:
            heapq.heappush(heap, entry)
    return pairs


def _reviewers_check(reviewers) -> list[User]:
    people = list({r.pk: r for r in reviewers}.values())
    allowed = set(reviewers_all().filter(pk__in=[r.pk for r in people]).values_list("pk", flat=True))
    if any(r.pk not in allowed for r in people):
        raise ValidationError(_("Only people with the reviewer role can review applications."), code="role")
    return sorted(people, key=lambda r: r.pk)


def reviewers_assign_check(*, reviewers, k: int, limit: int | None = None) -> list[User]:
    """Return the chosen reviewers in order, or raise a ValidationError when they cannot give each
    application k reviews: someone without the reviewer role, k below 1 or above their number, a bad limit."""
    people = _reviewers_check(reviewers)
    if k < 1:
        raise ValidationError(_("Each application needs at least one reviewer."), code="k")
    if k > len(people):
        raise ValidationError(
            _("%(k)s reviewers per application need at least %(k)s reviewers; %(count)s are chosen.")
            % {"k": k, "count": len(people)},
            code="k",
        )
    if limit is not None and limit < 1:
        raise ValidationError(_("The number of applications must be at least 1."), code="limit")
    return people


def _assignments_write(pairs: list[tuple[int, int]]) -> None:
    """Insert the (application, reviewer) assignments, in one statement on PostgreSQL."""
    if not pairs:
        return
    if connection.vendor == "postgresql":
        # k reviewers of 100,000 applications: one INSERT ... SELECT over arrays, no model instances.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {ReviewAssignment._meta.db_table} "  # noqa: S608
                "(application_id, reviewer_id, status, comment, assigned_at) "
                "SELECT u.application, u.reviewer, %s, '', %s FROM unnest(%s::bigint[], %s::bigint[]) "
                "AS u(application, reviewer)",
                [ReviewStatus.ASSIGNED, timezone.now(), [a for a, _r in pairs], [r for _a, r in pairs]],
            )
        return
    ReviewAssignment.objects.bulk_create(
        [ReviewAssignment(application_id=a, reviewer_id=r) for a, r in pairs], batch_size=2000
    )


@transaction.atomic
def reviewers_assign(
    *,
    call: Call,
    actor: User,
    reviewers,
    per_application: int | None = None,
    limit: int | None = None,
    progress: Callable[..., None] = _noop,
) -> dict:
    """Give each scored eligible application of the call (or the best `limit` of them) k distinct reviewers.

    k is `per_application` or the call's `reviewers_per_application`. Existing assignments stay and
    count (a conflict of interest does not); the new ones go to the least-loaded of `reviewers`.
    Applications given a reviewer move from submitted to under review. Running it again adds
    nothing. `progress(percent, message)` is told after each step. Return the counts.
    """
    k = per_application if per_application is not None else call.reviewers_per_application
    people = reviewers_assign_check(reviewers=reviewers, k=k, limit=limit)
    Call.objects.select_for_update().filter(pk=call.pk).first()  # one assignment run of a call at a time
    qs = applications_to_review(call=call)
    ids = list((qs[:limit] if limit else qs).values_list("pk", flat=True))
    taken: dict[int, set[int]] = {}
    need = dict.fromkeys(ids, k)
    for application_id, reviewer_id, status in ReviewAssignment.objects.filter(
        application_id__in=qs[:limit] if limit else qs
    ).values_list("application_id", "reviewer_id", "status"):
        taken.setdefault(application_id, set()).add(reviewer_id)
        if status != ReviewStatus.CONFLICT:
            need[application_id] -= 1
    loads = dict(
        ReviewAssignment.objects.filter(application__call=call, reviewer__in=people)
        .order_by()
        .values_list("reviewer")
        .annotate(n=Count("pk"))
    )
    progress(20, _("Spreading %(count)s applications over the reviewers") % {"count": len(ids)})
    pairs = loads_spread(
        applications=ids, reviewers=[r.pk for r in people], k=k, taken=taken, loads=loads, need=need
    )
    progress(50, _("Writing %(count)s assignments") % {"count": len(pairs)})
    _assignments_write(pairs)
    given = {a for a, _r in pairs}
    moving = [a for a in ids if a in given or need[a] < k]
    moved = 0
    for chunk in _chunks(moving):
        moved += Application.objects.filter(pk__in=chunk, status=ApplicationStatus.SUBMITTED).update(
            status=ApplicationStatus.UNDER_REVIEW
        )
    progress(90, _("Applications moved to review"))
    for _a, r in pairs:
        loads[r] = loads.get(r, 0) + 1
    counted: dict[int, int] = {}
    for a, _r in pairs:
        counted[a] = counted.get(a, 0) + 1
    short = sum(1 for a in ids if need[a] - counted.get(a, 0) > 0)
    result = {
        "applications": len(ids),
        "assigned": len(pairs),
        "moved": moved,
        "short": short,
        "per_application": k,
        "limit": limit,
        "reviewers": [r.pk for r in people],
    }
    audit_record(actor=actor, action="reviews.assigned", target=call, details=result)
    return result | {"loads": {r.pk: loads.get(r.pk, 0) for r in people}}


@transaction.atomic
def review_add(*, application: Application, actor: User, reviewer: User) -> ReviewAssignment:
    """Give one more reviewer to an application, audited."""
    _reviewers_check([reviewer])
    if (
        application.submitted_at is None
        or not Application.objects.filter(rankable(), pk=application.pk).exists()
    ):
        raise ValidationError(
            _("Only eligible applications still in the running are reviewed."), code="state"
        )
    if ReviewAssignment.objects.filter(application=application, reviewer=reviewer).exists():
        raise ValidationError(_("This reviewer already has this application."), code="duplicate")
    assignment = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    Application.objects.filter(pk=application.pk, status=ApplicationStatus.SUBMITTED).update(
        status=ApplicationStatus.UNDER_REVIEW
    )
    audit_record(actor=actor, action="review.assigned", target=application, details={"reviewer": reviewer.pk})
    return assignment


@transaction.atomic
def review_remove(*, assignment: ReviewAssignment, actor: User, reason: str) -> None:
    """Take an application back from a reviewer who has not scored it, with a reason, audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for taking the application back."), code="reason")
    assignment = (
        ReviewAssignment.objects.select_for_update().select_related("application").get(pk=assignment.pk)
    )
    if assignment.status == ReviewStatus.SCORED:
        raise ValidationError(_("A scored review cannot be taken back."), code="scored")
    audit_record(
        actor=actor,
        action="review.removed",
        target=assignment.application,
        details={"reviewer": assignment.reviewer_id, "status": assignment.status, "reason": reason},
    )
    assignment.delete()


# Reviewing


def review_locked(*, call_id: int) -> bool:
    """Whether the reviews of the call are closed: its cohort is confirmed."""
    return Cohort.objects.filter(call_id=call_id, status=CohortStatus.CONFIRMED).exists()


@transaction.atomic
def review_submit(
    *, assignment: ReviewAssignment, actor: User, decision: str, scores: dict[str, int], comment: str = ""
) -> ReviewAssignment:
    """Record her review: a 1-5 score per reviewed criterion, or abstaining, or a conflict of interest.

    `scores` maps each reviewed criterion's key to its score (ignored unless she scores). A
    change is audited with the old and new scores; the call is ranked again after commit.
    """
    assignment = (
        ReviewAssignment.objects.select_for_update().select_related("application__call").get(pk=assignment.pk)
    )
    if assignment.reviewer_id != actor.pk:
        raise ValidationError(_("This review is someone else's."), code="owner")
    call_id = assignment.application.call_id
    if review_locked(call_id=call_id):
        raise ValidationError(_("The cohort is confirmed: reviews can no longer change."), code="locked")
    if decision not in DECISIONS:
        raise ValidationError(
            _("Choose to score, to abstain or to declare a conflict of interest."), code="decision"
        )
    comment = (comment or "").strip()
    criteria = reviewed_criteria(call=assignment.application.call)
    new_scores: dict[str, int] = {}
    if decision == ReviewStatus.SCORED:
        for criterion in criteria:
            value = scores.get(criterion.key)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise ValidationError(
                    _("Score “%(criterion)s” from 1 to 5.") % {"criterion": criterion.label}, code="score"
                )
            new_scores[criterion.key] = value
        if not criteria:
            raise ValidationError(_("The rubric has no criterion for reviewers to score."), code="criteria")
    elif not comment:
        raise ValidationError(_("Say in a few words why you do not score this application."), code="note")
    old_scores = dict(assignment.scores.values_list("criterion__key", "score"))
    old_status = assignment.status
    if old_status == decision and old_scores == new_scores and assignment.comment == comment:
        return assignment
    assignment.scores.all().delete()
    by_key = {c.key: c for c in criteria}
    ReviewScore.objects.bulk_create(
        [
            ReviewScore(assignment=assignment, criterion=by_key[key], score=value)
            for key, value in new_scores.items()
        ]
    )
    first = assignment.submitted_at is None
    comment_changed = assignment.comment != comment
    assignment.status = decision
    assignment.comment = comment
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["status", "comment", "submitted_at"])
    audit_record(
        actor=actor,
        action="review.submitted" if first else "review.changed",
        target=assignment.application,
        details={
            "status": [old_status, decision],
            "scores": {"old": old_scores, "new": new_scores},
            "comment_changed": comment_changed,
        },
    )
    call = assignment.application.call
    transaction.on_commit(lambda: ranking_enqueue(call=call, actor=actor))
    return assignment

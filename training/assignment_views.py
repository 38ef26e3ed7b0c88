"""Pages of assignments: hers (list, assignment and submission, her files) and the trainers' (a cohort's
assignments and their form, the queue of submissions waiting for feedback, the feedback form)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Cohort
from parwona.core.rules import permission_needed
from parwona.core.services import audit_record

from . import assignments
from .assignment_forms import AssignmentForm, FeedbackForm, SubmissionForm
from .assignment_rules import cohort_staff, cohort_staff_or_404, cohorts_of_staff, her_participation
from .assignment_selectors import (
    assignment_rows,
    assignments_of_cohort,
    assignments_with_status,
    cohorts_waiting,
    submission_for_file,
    submissions_of,
    submissions_waiting,
)
from .models import Assignment, Submission

PER_PAGE = 50


def _form_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# Her pages


@login_required
def assignment_list(request):
    participant = her_participation(request.user)
    rows = assignment_rows(participant=participant, now=timezone.now())
    return render(
        request, "training/assignments/list.html", {"participant": participant, "assignments": rows}
    )


@login_required
def assignment_detail(request, pk: int):
    participant = her_participation(request.user)
    now = timezone.now()
    assignment = get_object_or_404(assignments_with_status(participant=participant, now=now), pk=pk)
    attempts = list(submissions_of(participant=participant, assignment=assignment))
    refusal = assignments.submission_refusal(latest=attempts[0] if attempts else None)
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("assignment_detail", pk=assignment.pk)
        if form.is_valid():
            try:
                assignments.submission_submit(
                    assignment=assignment, participant=participant, actor=request.user, **form.values()
                )
            except ValidationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Your work is submitted. The trainer will give you feedback."))
                return redirect("assignment_detail", pk=assignment.pk)
    return render(
        request,
        "training/assignments/detail.html",
        {"assignment": assignment, "attempts": attempts, "refusal": refusal, "form": form},
    )


@login_required
def submission_file(request, pk: int):
    """Her file, served only to her and to her cohort's trainers and coordinators (audited)."""
    submission = submission_for_file(pk=pk)
    if submission is None or not submission.file:
        raise Http404
    if submission.participant.user_id != request.user.pk:
        if not (
            request.user.has_perm("training.view_submission")
            and cohort_staff(request.user, submission.assignment.cohort_id)
        ):
            raise Http404
        audit_record(actor=request.user, action="submission.file_viewed", target=submission)
    kind = submission.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=f"submission-{submission.pk}.{kind}",
        content_type=assignments.CONTENT_TYPES.get(kind, "application/octet-stream"),
    )


# The trainers' pages


@permission_needed("training.grade_submission")
def staff_training(request):
    cohorts = list(cohorts_waiting(cohorts=cohorts_of_staff(request.user)))
    return render(request, "training/assignments/staff_cohorts.html", {"cohorts": cohorts})


def _cohort(request, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort, pk=pk)
    cohort_staff_or_404(request.user, cohort.pk)
    return cohort


@permission_needed("training.view_assignment")
def staff_assignment_list(request, pk: int):
    cohort = _cohort(request, pk)
    return render(
        request,
        "training/assignments/staff_list.html",
        {"cohort": cohort, "assignments": list(assignments_of_cohort(cohort_id=cohort.pk))},
    )


@permission_needed("training.add_assignment")
def staff_assignment_create(request, pk: int):
    cohort = _cohort(request, pk)
    form = AssignmentForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            assignments.assignment_create(cohort=cohort, actor=request.user, values=form.values())
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The assignment is saved."))
            return redirect("staff_assignment_list", pk=cohort.pk)
    return render(request, "training/assignments/staff_form.html", {"cohort": cohort, "form": form})


@permission_needed("training.change_assignment")
def staff_assignment_edit(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("cohort"), pk=pk)
    cohort_staff_or_404(request.user, assignment.cohort_id)
    # The form works on a copy: validation must not change the assignment the page shows.
    form = AssignmentForm(
        request.POST or None, instance=Assignment.objects.get(pk=assignment.pk), cohort=assignment.cohort
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignments.assignment_update(assignment=assignment, actor=request.user, values=form.values())
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The assignment is saved."))
            return redirect("staff_assignment_list", pk=assignment.cohort_id)
    return render(
        request,
        "training/assignments/staff_form.html",
        {"cohort": assignment.cohort, "assignment": assignment, "form": form},
    )


@permission_needed("training.grade_submission")
def staff_submission_queue(request, pk: int):
    cohort = _cohort(request, pk)
    page = Paginator(submissions_waiting(cohort_id=cohort.pk), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/assignments/staff_queue.html", {"cohort": cohort, "page": page})


@permission_needed("training.grade_submission")
def staff_submission_review(request, pk: int):
    submission = get_object_or_404(
        Submission.objects.select_related("assignment__cohort", "participant__user", "reviewed_by"), pk=pk
    )
    cohort_staff_or_404(request.user, submission.assignment.cohort_id)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignments.submission_review(submission=submission, actor=request.user, **form.values())
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The feedback is saved and she is told by email."))
            return redirect("staff_submission_queue", pk=submission.assignment.cohort_id)
    earlier = Submission.objects.filter(
        assignment=submission.assignment, participant=submission.participant, attempt__lt=submission.attempt
    ).order_by("-attempt")
    return render(
        request,
        "training/assignments/staff_review.html",
        {"submission": submission, "assignment": submission.assignment, "form": form, "earlier": earlier},
    )

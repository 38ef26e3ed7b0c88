"""Pages of blind review: the call's review settings, assignment, reviewers' pages, ranking, calibration."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parwona.core.forms import form_first_error
from parwona.core.rules import permission_needed

from . import jobs, reviews
from .enums import ReviewStatus
from .models import Application, Call, ReviewAssignment
from .ranking import ranking_enqueue, ranking_pending
from .review_forms import AssignForm, ReviewerAddForm, ReviewerRemoveForm, ReviewForm, ReviewSettingsForm
from .review_selectors import (
    assignments_of,
    assignments_progress,
    calibration,
    ranking_rows,
    ranking_summary,
    review_context,
    review_of,
    reviewer_loads,
)
from .reviews import review_locked, reviewers_all

PER_PAGE = 50



@permission_needed("applicants.change_call")
def review_settings(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    # The form works on a copy: validation must not change the call the page shows.
    form = ReviewSettingsForm(request.POST or None, instance=Call.objects.get(pk=call.pk))
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review_settings_update(call=call, actor=request.user, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The review settings are saved."))
            return redirect("staff_review_settings", pk=call.pk)
    return render(request, "applicants/review/settings.html", {"call": call, "form": form})


@permission_needed("applicants.assign_reviewers")
def review_assign(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    form = AssignForm(
        request.POST or None,
        reviewers=reviewers_all(),
        initial={"per_application": call.reviewers_per_application},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job, new = jobs.reviewers_assign_enqueue(
                call=call,
                actor=request.user,
                reviewers=list(form.cleaned_data["reviewers"]),
                per_application=form.cleaned_data["per_application"],
                limit=form.cleaned_data["limit"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if not new:
                messages.info(request, _("An assignment of this call's reviewers is already under way."))
            return redirect("job_detail", pk=job.pk)
    return render(
        request,
        "applicants/review/assign.html",
        {"call": call, "form": form, "loads": reviewer_loads(call=call)},
    )


def _application_for_reviews(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("call"), pk=pk, submitted_at__isnull=False)


@require_POST
@permission_needed("applicants.assign_reviewers")
def review_add(request, pk: int):
    application = _application_for_reviews(pk)
    form = ReviewerAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            reviews.review_add(
                application=application, actor=request.user, reviewer=form.cleaned_data["reviewer"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The reviewer is added."))
    return redirect("staff_application_detail", pk=application.pk)


@require_POST
@permission_needed("applicants.assign_reviewers")
def review_remove(request, pk: int):
    assignment = get_object_or_404(ReviewAssignment, pk=pk)
    form = ReviewerRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            reviews.review_remove(
                assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The application is taken back from the reviewer."))
    return redirect("staff_application_detail", pk=assignment.application_id)


@permission_needed("applicants.review_application")
def review_list(request):
    page = Paginator(assignments_of(reviewer=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "applicants/review/my_reviews.html",
        {"page": page, "progress": assignments_progress(reviewer=request.user)},
    )


@permission_needed("applicants.review_application")
def review_detail(request, pk: int):
    assignment = review_of(reviewer=request.user, pk=pk)
    if assignment is None:
        raise Http404
    application = assignment.application
    context = review_context(assignment=assignment)
    locked = review_locked(call_id=application.call_id)
    mine = context["mine"]
    initial = {
        "decision": assignment.status if assignment.status != ReviewStatus.ASSIGNED else ReviewStatus.SCORED,
        "comment": assignment.comment,
        **{f"score_{c.key}": str(s) for c, s in zip(context["criteria"], mine["scores"], strict=True) if s},
    }
    form = ReviewForm(request.POST or None, criteria=context["criteria"], initial=initial)
    if request.method == "POST":
        if locked:
            messages.error(request, _("The cohort is confirmed: reviews can no longer change."))
            return redirect("review_detail", pk=assignment.pk)
        if form.is_valid():
            try:
                reviews.review_submit(assignment=assignment, actor=request.user, **form.values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("review_detail", pk=assignment.pk)
    return render(
        request,
        "applicants/review/review.html",
        {"assignment": assignment, "application": application, "form": form, "locked": locked, **context},
    )


@permission_needed("applicants.view_reviewassignment")
def ranking_page(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    disagreements = request.GET.get("disagreements") == "1"
    page = Paginator(ranking_rows(call=call, disagreements_only=disagreements), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "applicants/review/ranking.html",
        {
            "call": call,
            "page": page,
            "disagreements": disagreements,
            "query": "disagreements=1" if disagreements else "",
            "summary": ranking_summary(call=call),
            "pending": ranking_pending(call=call),
            "shortlist": call.shortlist_length,
            "can_rank": request.user.has_perm("applicants.run_scoring"),
        },
    )


@require_POST
@permission_needed("applicants.run_scoring")
def ranking_run(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    job = ranking_enqueue(call=call, actor=request.user)
    if job is None:
        messages.info(request, _("A ranking of this call is already waiting to run."))
        return redirect("staff_ranking", pk=call.pk)
    return redirect("job_detail", pk=job.pk)


@permission_needed("applicants.view_reviewassignment")
def calibration_page(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    normalised = request.GET.get("view") == "normalised"
    return render(
        request,
        "applicants/review/calibration.html",
        {"call": call, "normalised": normalised, **calibration(call=call, normalised=normalised)},
    )

"""Pages of the skills assessment: her own ratings and chart; the trainers' ratings of a participant,
her chart and the cohort's chart."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applicants.models import Cohort, Participant
from parwona.core.rules import permission_needed

from . import assessments
from .assessment_forms import SkillRatingForm
from .assignment_rules import cohort_staff_or_404, her_participation
from .enums import AssessmentPoint, Rater

PER_PAGE = 50


def _point(point: str) -> str:
    if point not in AssessmentPoint.values:
        raise Http404
    return point


def _points(*, participant: Participant, rater: str) -> list[dict]:
    locked = assessments.points_locked(participant=participant, rater=rater)
    return [
        {"value": value, "label": label, "locked": value in locked}
        for value, label in AssessmentPoint.choices
    ]


def _rate(request, *, participant: Participant, point: str, rater: str, done: str, template_context: dict):
    initial = assessments.ratings_of(participant=participant, point=point, rater=rater)
    locked = point in assessments.points_locked(participant=participant, rater=rater)
    form = SkillRatingForm(request.POST or None, initial={k: str(v) for k, v in initial.items()})
    if request.method == "POST":
        if locked:
            messages.error(request, _("These ratings can no longer change: the next point has been rated."))
            return redirect(done)
        if form.is_valid():
            try:
                assessments.skill_ratings_save(
                    participant=participant,
                    point=point,
                    rater=rater,
                    ratings=form.ratings(),
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, _("The ratings are saved."))
                return redirect(done)
    return render(
        request,
        "training/assessments/rate.html",
        {
            "form": form,
            "point": point,
            "point_label": AssessmentPoint(point).label,
            "locked": locked,
            "rater": rater,
            "rated": bool(initial),
            **template_context,
        },
    )


# Her pages


@login_required
def skills_mine(request):
    participant = her_participation(request.user)
    return render(
        request,
        "training/assessments/participant.html",
        {
            "participant": participant,
            "mine": True,
            "skills": assessments.participant_skill_charts(participant=participant),
            "points": _points(participant=participant, rater=Rater.SELF),
        },
    )


@login_required
def skills_rate_self(request, point: str):
    participant = her_participation(request.user)
    return _rate(
        request,
        participant=participant,
        point=_point(point),
        rater=Rater.SELF,
        done="skills_mine",
        template_context={"participant": participant, "mine": True},
    )


# The trainers' pages


def _participant(request, pk: int) -> Participant:
    participant = get_object_or_404(Participant.objects.select_related("user", "cohort"), pk=pk)
    cohort_staff_or_404(request.user, participant.cohort_id)
    return participant


@permission_needed("training.view_skillrating")
def staff_participant_skills(request, pk: int):
    participant = _participant(request, pk)
    return render(
        request,
        "training/assessments/participant.html",
        {
            "participant": participant,
            "mine": False,
            "skills": assessments.participant_skill_charts(participant=participant),
            "points": _points(participant=participant, rater=Rater.TRAINER),
        },
    )


@permission_needed("training.add_skillrating")
def staff_skills_rate(request, pk: int, point: str):
    participant = _participant(request, pk)
    done = redirect("staff_participant_skills", pk=participant.pk).url
    return _rate(
        request,
        participant=participant,
        point=_point(point),
        rater=Rater.TRAINER,
        done=done,
        template_context={"participant": participant, "mine": False},
    )


@permission_needed("training.view_skillrating")
def staff_cohort_skills(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    cohort_staff_or_404(request.user, cohort.pk)
    people = (
        Participant.objects.filter(cohort=cohort).select_related("user").order_by("user__full_name", "pk")
    )
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/assessments/cohort.html",
        {
            "cohort": cohort,
            "skills": assessments.cohort_skill_charts(cohort=cohort),
            "page": page,
            "points": AssessmentPoint.choices,
        },
    )

"""Pages of follow-ups: her one-time survey, the coordinators' queue and phone entry."""

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parwona.core.rules import permission_needed
from parwona.core.services import audit_record

from . import followups
from .enums import FollowUpStatus
from .followup_forms import FollowUpAnswerForm
from .models import FollowUp


def follow_up_survey(request, token: str):
    follow_up = get_object_or_404(FollowUp.objects.select_related("participant__application"), token=token)
    language = follow_up.participant.application.preferred_language
    if language and "django_language" not in request.COOKIES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    done = follow_up.token_used_at is not None or follow_up.status not in followups.OPEN
    form = FollowUpAnswerForm(request.POST or None)
    if not done and request.method == "POST" and form.is_valid():
        # A second answer through the same link (another tab, a race) is refused: she has answered.
        with suppress(ValidationError):
            followups.follow_up_answer(token=token, values=form.cleaned_data)
        done = True
    return render(request, "outcomes/followups/survey.html",
                  {"follow_up": follow_up, "form": form, "done": done})


@permission_needed("outcomes.record_followup")
def staff_follow_ups(request):
    status = request.GET.get("status", "")
    queryset = FollowUp.objects.select_related("participant__user", "participant__cohort").annotate(
        # Sent and still unanswered first, oldest first: they wait for a phone call.
        urgency=Case(When(status=FollowUpStatus.SENT, then=Value(0)),
                     When(status=FollowUpStatus.SCHEDULED, then=Value(1)), default=Value(2),
                     output_field=IntegerField()),
    ).filter(due_on__lte=timezone.localdate()).order_by("urgency", "sent_at", "due_on", "pk")
    if status in FollowUpStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    audit_record(actor=request.user, action="outcomes.follow_ups_view", details={"page": page.number})
    return render(request, "outcomes/followups/staff_list.html",
                  {"page": page, "status": status, "statuses": FollowUpStatus.choices})


@permission_needed("outcomes.record_followup")
def staff_follow_up(request, pk: int):
    follow_up = get_object_or_404(
        FollowUp.objects.select_related(
            "participant__user", "participant__application", "participant__cohort"), pk=pk)
    form = FollowUpAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followups.follow_up_record_by_phone(
                follow_up=follow_up, actor=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Her answers are recorded."))
        return redirect("staff_follow_ups")
    audit_record(actor=request.user, action="outcomes.follow_up_view", target=follow_up)
    history = follow_up.participant.employment_records.all()
    return render(request, "outcomes/followups/staff_detail.html",
                  {"follow_up": follow_up, "form": form, "history": history})


@require_POST
@permission_needed("outcomes.record_followup")
def staff_follow_up_unreachable(request, pk: int):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    try:
        followups.follow_up_mark_unreachable(follow_up=follow_up, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Marked as not reached."))
    return redirect("staff_follow_ups")

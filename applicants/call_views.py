"""The coordinator's pages for calls and their extra questions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parwona.core.jobs import job_create
from parwona.core.rules import permission_needed

from . import call_services
from .call_forms import CallForm, QuestionForm
from .call_selectors import call_has_submissions, calls_with_counts
from .enums import CallStatus
from .models import Call, CallQuestion
from .scoring import APPLICATIONS_SCORE, rubric_default
from .scoring_forms import RubricForm
from .scoring_selectors import scores_summary

# The label of the button that moves a call from one status to another.
STATUS_ACTIONS = {
    (CallStatus.DRAFT, CallStatus.OPEN): gettext_lazy("Open the call"),
    (CallStatus.OPEN, CallStatus.CLOSED): gettext_lazy("Close the call"),
    (CallStatus.CLOSED, CallStatus.OPEN): gettext_lazy("Reopen the call"),
}


@permission_needed("applicants.view_call")
def staff_call_list(request):
    return render(
        request,
        "applicants/staff/call_list.html",
        {
            "calls": calls_with_counts(),
            "can_add": request.user.has_perm("applicants.add_call"),
            "can_change": request.user.has_perm("applicants.change_call"),
        },
    )


@permission_needed("applicants.add_call")
def staff_call_create(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = call_services.call_create(actor=request.user, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The call is saved as a draft. Add its questions, then open it."))
            return redirect("staff_call_edit", pk=call.pk)
    return render(request, "applicants/staff/call_form.html", {"form": form})


@permission_needed("applicants.change_call")
def staff_call_edit(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    # The form works on a copy: validation must not change the call the page shows.
    form = CallForm(request.POST or None, instance=Call.objects.get(pk=call.pk))
    if request.method == "POST" and form.is_valid():
        try:
            call_services.call_update(call=call, actor=request.user, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("staff_call_edit", pk=call.pk)
    actions = [(to, STATUS_ACTIONS[call.status, to]) for to in call_services.CALL_TRANSITIONS[call.status]]
    return render(
        request,
        "applicants/staff/call_edit.html",
        {
            "call": call,
            "form": form,
            "questions": list(call.questions.all()),
            "answered": call_has_submissions(call),
            "status_actions": actions,
            "scores": scores_summary(call=call),
            "can_score": request.user.has_perm("applicants.run_scoring"),
        },
    )


@require_POST
@permission_needed("applicants.change_call")
def staff_call_status(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    try:
        call = call_services.call_status_set(
            call=call, actor=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The call is now: %(status)s.") % {"status": call.get_status_display()})
    return redirect("staff_call_edit", pk=call.pk)


@permission_needed("applicants.change_call")
def staff_question_add(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call_services.question_add(call=call, actor=request.user, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The question is added."))
            return redirect("staff_call_edit", pk=call.pk)
    return render(
        request, "applicants/staff/question_form.html", {"call": call, "form": form, "question": None}
    )


@permission_needed("applicants.change_call")
def staff_question_edit(request, pk: int):
    question = get_object_or_404(CallQuestion.objects.select_related("call"), pk=pk)
    form = QuestionForm(
        request.POST or None,
        instance=CallQuestion.objects.get(pk=question.pk),
        kind_locked=call_has_submissions(question.call),
    )
    if request.method == "POST" and form.is_valid():
        try:
            call_services.question_update(question=question, actor=request.user, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("staff_call_edit", pk=question.call_id)
    return render(
        request,
        "applicants/staff/question_form.html",
        {"call": question.call, "form": form, "question": question},
    )


@permission_needed("applicants.change_call")
def staff_question_delete(request, pk: int):
    question = get_object_or_404(CallQuestion.objects.select_related("call"), pk=pk)
    if request.method == "POST":
        try:
            call_services.question_delete(question=question, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The question is deleted."))
        return redirect("staff_call_edit", pk=question.call_id)
    return render(
        request,
        "applicants/staff/question_delete.html",
        {"call": question.call, "question": question, "answered": call_has_submissions(question.call)},
    )


@require_POST
@permission_needed("applicants.change_call")
def staff_question_move(request, pk: int):
    question = get_object_or_404(CallQuestion, pk=pk)
    try:
        call_services.question_move(
            question=question, actor=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("staff_call_edit", pk=question.call_id)


@permission_needed("applicants.change_rubric")
def staff_rubric_edit(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    rubric = rubric_default(call=call)
    form = RubricForm(request.POST or None, criteria=list(rubric.criteria.all()))
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save(rubric=rubric, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            if saved.version != rubric.version:
                messages.success(
                    request,
                    _("The rubric is saved. Scores computed before are out of date: run the scoring again."),
                )
            else:
                messages.success(request, _("The rubric is saved."))
            return redirect("staff_rubric_edit", pk=call.pk)
    return render(
        request,
        "applicants/staff/rubric_form.html",
        {
            "call": call,
            "rubric": rubric,
            "form": form,
            "scores": scores_summary(call=call),
            "can_score": request.user.has_perm("applicants.run_scoring"),
        },
    )


@require_POST
@permission_needed("applicants.run_scoring")
def staff_scores_run(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    job = job_create(kind=APPLICATIONS_SCORE, params={"call": call.pk}, created_by=request.user)
    return redirect("job_detail", pk=job.pk)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parwona.core.services import audit_record

from . import services
from .cohort_forms import OfferDeclineForm
from .cohort_selectors import offer_of
from .forms import STEP_FORMS, EraseForm, WithdrawForm
from .models import Application
from .rules import application_for_staff, can_apply, own_application
from .selectors import applications_of, calls_open, calls_public
from .steps import STEPS, missing_steps, next_step, step_by_slug
from .timeline import application_timeline


def call_list(request):
    return render(request, "applicants/call_list.html", {"calls": calls_open()})


def call_detail(request, pk: int):
    call = get_object_or_404(calls_public(), pk=pk)
    application = None
    if request.user.is_authenticated:
        application = Application.objects.filter(call=call, applicant=request.user).first()
    return render(request, "applicants/call_detail.html", {"call": call, "application": application})


@require_POST
@login_required
def application_start(request, pk: int):
    call = get_object_or_404(calls_public(), pk=pk)
    if not can_apply(request.user):
        raise PermissionDenied
    try:
        application = services.application_start(call=call, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("call_detail", pk=call.pk)
    return redirect(_resume_url(application))


def _resume_url(application: Application) -> str:
    if not application.is_draft:
        return reverse("application_detail", kwargs={"pk": application.pk})
    step = next_step(application)
    if step is None:
        return reverse("application_review", kwargs={"pk": application.pk})
    return reverse("application_step", kwargs={"pk": application.pk, "step": step.slug})


def _progress(application: Application, current: str | None) -> list[dict]:
    return [
        {
            "slug": s.slug,
            "title": s.title,
            "done": s.slug in application.steps_done,
            "current": s.slug == current,
        }
        for s in STEPS
    ]


@login_required
def application_step(request, pk: int, step: str):
    application = own_application(request.user, pk)
    if step_by_slug(step) is None:
        raise Http404
    if not application.is_draft:
        return redirect("application_detail", pk=application.pk)
    form_class = STEP_FORMS[step]
    form = form_class(request.POST or None, request.FILES or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_save_step(
                application=application, step=step, values=form.values()
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("application_detail", pk=application.pk)
        if "save_exit" in request.POST:
            messages.success(request, _("Your answers are saved. Come back any time to continue."))
            return redirect("application_detail", pk=application.pk)
        following = next_step(application, after=step)
        if following is None:
            return redirect("application_review", pk=application.pk)
        return redirect("application_step", pk=application.pk, step=following.slug)
    index = [s.slug for s in STEPS].index(step)
    return render(
        request,
        "applicants/application_step.html",
        {
            "application": application,
            "form": form,
            "step": STEPS[index],
            "number": index + 1,
            "total": len(STEPS),
            "progress": _progress(application, step),
            "previous": STEPS[index - 1] if index else None,
        },
    )


@login_required
def application_review(request, pk: int):
    application = own_application(request.user, pk)
    if not application.is_draft:
        return redirect("application_detail", pk=application.pk)
    if request.method == "POST":
        try:
            application = services.application_submit(application=application)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("Your application is submitted. Your reference is %(reference)s.")
                % {"reference": application.reference},
            )
            return redirect("application_detail", pk=application.pk)
    return render(
        request,
        "applicants/application_review.html",
        {
            "application": application,
            "missing": missing_steps(application),
            "progress": _progress(application, None),
        },
    )


@login_required
def application_list(request):
    return render(
        request, "applicants/application_list.html", {"applications": applications_of(request.user)}
    )


@login_required
def application_detail(request, pk: int):
    application = own_application(request.user, pk)
    offer = offer_of(application=application)
    return render(
        request,
        "applicants/application_detail.html",
        {
            "application": application,
            "offer": offer,
            "decline_form": OfferDeclineForm(),
            "timeline": application_timeline(application.status, offer=offer),
            "withdrawable": application.status in services.WITHDRAWABLE,
            "resume_url": _resume_url(application) if application.is_draft else None,
        },
    )


@login_required
def application_print(request, pk: int):
    application = own_application(request.user, pk)
    return render(request, "applicants/application_print.html", {"application": application})


@login_required
def application_withdraw(request, pk: int):
    application = own_application(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("application_detail", pk=application.pk)
    return render(
        request,
        "applicants/application_confirm.html",
        {
            "application": application,
            "form": form,
            "title": _("Withdraw your application"),
            "explanation": _("Staff will no longer consider this application. You cannot undo this."),
            "button": _("Withdraw"),
        },
    )


@login_required
def application_erase(request, pk: int):
    application = own_application(request.user, pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.application_erase(application=application, actor=request.user)
        messages.success(request, _("Your personal data has been erased from this application."))
        return redirect("application_list")
    return render(
        request,
        "applicants/application_confirm.html",
        {
            "application": application,
            "form": form,
            "title": _("Erase your data"),
            "explanation": _(
                "Your name, contacts, date of birth, answers in your own words and CV are deleted "
                "from this application. Only anonymous answers stay, for the programme's counts. "
                "If the application is still being considered, it is withdrawn."
            ),
            "button": _("Erase my data"),
        },
    )


@login_required
def application_cv(request, pk: int):
    """Her CV, served only to her and to staff allowed to see names."""
    application = get_object_or_404(Application, pk=pk)
    if application.applicant_id != request.user.pk:
        application = application_for_staff(request.user, pk)
        if not request.user.has_perm("applicants.view_application"):
            raise Http404
        audit_record(actor=request.user, action="application.cv_viewed", target=application)
    if not application.cv:
        raise Http404
    kind = application.cv.name.rsplit(".", 1)[-1]
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}.get(
        kind, "application/octet-stream"
    )
    return FileResponse(
        application.cv.open("rb"),
        as_attachment=True,
        filename=f"cv-{application.pk}.{kind}",
        content_type=content_type,
    )

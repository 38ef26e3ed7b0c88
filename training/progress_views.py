"""Pages of attendance, progress and certificates: the trainer's marking, the coordinator's cohort view,
her own record, progress and certificate, and the public check of a certificate."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applicants.enums import CohortStatus
from applicants.models import Cohort, Participant
from parwona.core.rules import permission_needed

from .attendance import attendance_mark, session_for_marking, session_marks, session_participants
from .certificate_pdf import certificate_pdf_render
from .certificates import certificate_criteria_met, certificates_issue
from .enums import AttendanceStatus
from .models import Certificate
from .progress import (
    cohort_progress,
    participant_progress,
    participant_sessions,
    skill_label,
    training_settings_for,
)

PER_PAGE = 50


class AttendanceForm(forms.Form):
    """One required choice of present / late / absent / excused per participant of the session."""

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = participants
        for participant in participants:
            self.fields[f"p{participant.pk}"] = forms.ChoiceField(
                label=str(participant), choices=AttendanceStatus.choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose how she attended.")},
            )

    def rows(self):
        return [(participant, self[f"p{participant.pk}"]) for participant in self.participants]

    def marks(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"p{p.pk}"] for p in self.participants}


def _her_place(user) -> Participant:
    """Return the newest place of a participant in a cohort; to anyone without one this does not exist."""
    participant = (
        Participant.objects.select_related("cohort", "user").filter(user_id=user.pk).order_by("-pk").first()
    )
    if participant is None:
        raise Http404
    return participant


@permission_needed("training.mark_attendance")
def session_attendance(request, pk: int):
    """Mark a whole session on one screen: one row per participant, one submit."""
    session = session_for_marking(user=request.user, pk=pk)
    participants = list(session_participants(session=session))
    marks = session_marks(session=session)
    everyone = request.GET.get("everyone") == "present"
    initial = {f"p{p.pk}": AttendanceStatus.PRESENT if everyone else marks.get(p.pk) for p in participants}
    form = AttendanceForm(request.POST or None, participants=participants, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                counts = attendance_mark(session=session, marks=form.marks(), actor=request.user)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, _(
                    "Attendance is saved: %(present)s present, %(late)s late, %(absent)s absent, "
                    "%(excused)s excused."
                ) % counts)
                return redirect("session_attendance", pk=session.pk)
        else:
            messages.error(request, _("Choose how each participant attended, then save again."))
    return render(request, "training/progress/attendance.html", {
        "session": session, "form": form, "marked": len(marks), "everyone": everyone,
    })


@login_required
def my_attendance(request):
    """Her own attendance: the sessions for her, how she attended each, and her rate."""
    participant = _her_place(request.user)
    return render(request, "training/progress/my_attendance.html", {
        "participant": participant,
        "sessions": participant_sessions(participant=participant),
        "progress": participant_progress(participant=participant),
    })


@login_required
def my_progress(request):
    """Her own progress: attendance, assignments, skills gained and how far she is from the certificate."""
    participant = _her_place(request.user)
    settings = training_settings_for(cohort=participant.cohort)
    progress = participant_progress(participant=participant)
    return render(request, "training/progress/my_progress.html", {
        "participant": participant,
        "progress": progress,
        "settings": settings,
        "skills": [{"label": skill_label(k), "gain": v} for k, v in sorted(progress.skills.items())],
        "has_certificate": progress.certificate_code is not None,
    })


@permission_needed("training.view_attendance")
def progress_cohorts(request):
    """The confirmed cohorts, each leading to its progress page."""
    cohorts = Cohort.objects.filter(status=CohortStatus.CONFIRMED).order_by("-created_at")
    page = Paginator(cohorts, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/progress/cohorts.html", {"page": page})


@permission_needed("training.view_attendance")
def cohort_progress_view(request, pk: int):
    """The cohort's participants with their figures, those at risk first; a filter shows only them."""
    cohort = get_object_or_404(Cohort, pk=pk)
    settings = training_settings_for(cohort=cohort)
    at_risk_only = request.GET.get("risk") == "1"
    rows = cohort_progress(cohort=cohort, settings=settings)
    at_risk = sum(row.at_risk for row in rows)
    earned = sum(
        row.certificate_code is None and certificate_criteria_met(
            attendance_rate=row.attendance_rate, required_passed=row.required_passed,
            required_total=row.required_total, settings=settings)
        for row in rows
    )
    shown = [row for row in rows if row.at_risk] if at_risk_only else rows
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "training/progress/cohort.html", {
        "cohort": cohort,
        "settings": settings,
        "page": page,
        "total": len(rows),
        "at_risk": at_risk,
        "at_risk_only": at_risk_only,
        "query": "risk=1" if at_risk_only else "",
        "can_issue": request.user.has_perm("training.issue_certificate"),
        "earned": earned,
    })


@require_POST
@permission_needed("training.issue_certificate")
def certificates_issue_view(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    issued = certificates_issue(cohort=cohort, actor=request.user)
    if issued:
        messages.success(request, ngettext(
            "%(count)s certificate is issued.", "%(count)s certificates are issued.", issued
        ) % {"count": issued})
    else:
        messages.info(request, _("Nobody else meets the criteria yet: no certificate was issued."))
    return redirect("staff_cohort_progress", pk=cohort.pk)


def _verify_url(request, certificate: Certificate) -> str:
    return request.build_absolute_uri(reverse("certificate_verify", kwargs={"code": certificate.code}))


def _her_certificate(participant: Participant) -> Certificate | None:
    return (
        Certificate.objects.select_related("participant__user", "participant__cohort")
        .filter(participant=participant).first()
    )


@login_required
def my_certificate(request):
    """Her certificate with its verification code and address, or what she still needs for it."""
    participant = _her_place(request.user)
    certificate = _her_certificate(participant)
    context = {"participant": participant, "certificate": certificate}
    if certificate is not None:
        context["verify_url"] = _verify_url(request, certificate)
    else:
        context["progress"] = participant_progress(participant=participant)
        context["settings"] = training_settings_for(cohort=participant.cohort)
    return render(request, "training/certificates/mine.html", context)


@login_required
def my_certificate_pdf(request):
    """Her certificate as a PDF, made on request in the language she reads the portal in."""
    certificate = _her_certificate(_her_place(request.user))
    if certificate is None:
        raise Http404
    response = HttpResponse(
        certificate_pdf_render(certificate=certificate, verify_url=_verify_url(request, certificate)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = 'inline; filename="parwona-certificate.pdf"'
    return response


def certificate_verify(request, code: str):
    """The public check of a certificate: her name, the cohort's name and the date, nothing more."""
    certificate = (
        Certificate.objects.select_related("participant__user", "participant__cohort")
        .filter(code=code).first()
    )
    if certificate is None:
        raise Http404
    user = certificate.participant.user
    return render(request, "training/certificates/verify.html", {
        "name": user.full_name or _("(name not given)"),
        "cohort_name": certificate.participant.cohort.name,
        "issued_at": certificate.issued_at,
    })

"""Writes about calls and applications."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from parwona.core.services import audit_record, audit_record_many
from parwona.users.enums import Role
from parwona.users.models import User

from .eligibility import eligibility_screen
from .enums import ApplicationStatus, Eligibility
from .models import Application, Call, Offer, ReviewAssignment
from .scoring import score_pending, scores_pending_many
from .steps import STEPS, missing_steps

logger = logging.getLogger(__name__)

WITHDRAWABLE = {
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.WAITLISTED,
}


def application_start(*, call: Call, user: User) -> Application:
    """Return her application to `call`, creating the draft the first time.

    A double click or a retried request returns the same application: the database allows one
    application per person per call.
    """
    existing = Application.objects.filter(call=call, applicant=user).first()
    if existing is not None:
        return existing
    if not call.is_accepting:
        raise ValidationError(_("This call is not accepting applications."), code="closed")
    try:
        with transaction.atomic():
            return Application.objects.create(
                call=call,
                applicant=user,
                full_name=user.full_name,
                email=user.email,
                phone=user.phone,
                preferred_language=user.language,
            )
    except IntegrityError:
        return Application.objects.get(call=call, applicant=user)


@transaction.atomic
def application_save_step(*, application: Application, step: str, values: dict) -> Application:
    """Store the answers of one step of a draft and mark the step done."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_draft:
        raise ValidationError(
            _("This application has been submitted and can no longer be changed."), code="not_draft"
        )
    replaced_cv = application.cv.name if "cv" in values and application.cv else ""
    for field, value in values.items():
        setattr(application, field, value)
    if replaced_cv:
        storage = Application._meta.get_field("cv").storage
        transaction.on_commit(lambda: storage.delete(replaced_cv))
    if step not in application.steps_done:
        application.steps_done = [s.slug for s in STEPS if s.slug in {*application.steps_done, step}]
    # Only the step's columns: a draft's step is saved on every tap of "Next", often under load.
    application.save(update_fields=[*values, "steps_done", "updated_at"])
    return application


@transaction.atomic
def application_submit(*, application: Application) -> Application:
    """Submit a complete draft while its call is open: give it a reference, screen it, email her.

    Submitting an application that is already submitted returns it unchanged.
    """
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.status == ApplicationStatus.SUBMITTED:
        return application
    if not application.is_draft:
        raise ValidationError(_("This application can no longer be submitted."), code="not_draft")
    if missing_steps(application):
        raise ValidationError(_("Some parts of the application are not complete yet."), code="incomplete")
    if not application.call.is_accepting:
        raise ValidationError(
            _("The call is closed: applications are not accepted now. Your draft is kept."), code="closed"
        )
    now = timezone.now()
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    application.reference = f"PAR-{now.year}-{application.pk:05d}"
    application.save()
    eligibility_screen(application=application)
    score_pending(application=application)
    audit_record(actor=application.applicant, action="application.submitted", target=application)
    transaction.on_commit(lambda: submission_confirm(application_id=application.pk))
    return application


def submission_confirm(*, application_id: int) -> None:
    """Email her the reference of her submitted application, in her language."""
    application = Application.objects.select_related("call").get(pk=application_id)
    with translation.override(application.preferred_language):
        context = {
            "application": application,
            "call_title": application.call.title,
            "link": settings.PORTAL_BASE_URL.rstrip("/") + f"/applications/{application.pk}/",
        }
        subject = render_to_string("applicants/email/submitted_subject.txt", context).strip()
        body = render_to_string("applicants/email/submitted_message.txt", context)
    send_mail(subject, body, None, [application.email])


@transaction.atomic
def application_withdraw(*, application: Application, actor: User) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in WITHDRAWABLE:
        raise ValidationError(_("This application can no longer be withdrawn."), code="final")
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_record(actor=actor, action="application.withdrawn", target=application)
    return application


# What erasure empties; the rest (region, rural or urban, education, skills, employment, hours)
# counts people without naming them and is kept for the programme's figures.
_ERASED_FIELDS = {
    "full_name": "",
    "date_of_birth": None,
    "phone": "",
    "email": "",
    "city": "",
    "languages": {},
    "motivation": "",
    "goal": "",
    "extra_answers": {},
}


# Applications are anonymised in chunks of this many: a few statements each, whatever the call's size.
ANONYMISE_CHUNK = 2000


def applications_anonymise(*, application_ids: list[int], now=None) -> set[int]:
    """Remove the personal data of the applications `application_ids`, set-based; return their
    applicants' user ids.

    Emptied: `_ERASED_FIELDS`, the CV (its file deleted after commit), her reason for declining an
    offer and the reviewers' comments on her; the link to her account is cut and `erased_at` set.
    Kept: the status, eligibility, anonymous answers and scores that the programme's figures count.
    The caller holds the transaction and chooses the status.
    """
    now = now or timezone.now()
    storage = Application._meta.get_field("cv").storage
    user_ids: set[int] = set()
    for start in range(0, len(application_ids), ANONYMISE_CHUNK):
        chunk = application_ids[start:start + ANONYMISE_CHUNK]
        rows = Application.objects.filter(pk__in=chunk)
        cv_names = [name for name in rows.exclude(cv="").values_list("cv", flat=True) if name]
        user_ids |= set(rows.exclude(applicant=None).values_list("applicant_id", flat=True))
        Offer.objects.filter(application_id__in=chunk).exclude(decline_reason="").update(decline_reason="")
        ReviewAssignment.objects.filter(application_id__in=chunk).exclude(comment="").update(comment="")
        rows.update(**_ERASED_FIELDS, cv="", applicant=None, erased_at=now, updated_at=now)

        def delete_files(names=cv_names):
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return user_ids


@transaction.atomic
def application_erase(*, application: Application, actor: User) -> Application:
    """Remove her personal data from the application on her request, keeping anonymous counts.

    The CV file is deleted, the link to her account cut, and coordinators are told.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.ERASED:
        return application
    applications_anonymise(application_ids=[application.pk])
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ERASED)
    application.refresh_from_db()
    audit_record(
        actor=actor,
        action="application.erased",
        target=application,
        details={"reference": application.reference or ""},
    )
    transaction.on_commit(lambda: erasure_notify(application_id=application.pk))
    return application


def erasure_notify(*, application_id: int) -> None:
    """Tell each coordinator, in her language, that an application was erased (no personal data)."""
    application = Application.objects.select_related("call").get(pk=application_id)
    coordinators = User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).only(
        "email", "language"
    )
    for coordinator in coordinators:
        with translation.override(coordinator.language):
            context = {"reference": application.reference or f"#{application.pk}",
                       "call_title": application.call.title}
            subject = render_to_string("applicants/email/erased_subject.txt", context).strip()
            body = render_to_string("applicants/email/erased_message.txt", context)
        send_mail(subject, body, None, [coordinator.email])


@transaction.atomic
def eligibility_override(*, applications: list[Application], decision: str, reason: str, actor: User) -> int:
    """Set the eligibility of submitted applications by hand, with a reason; return how many changed."""
    if decision not in {Eligibility.ELIGIBLE, Eligibility.INELIGIBLE, Eligibility.NEEDS_REVIEW}:
        raise ValidationError(_("Choose eligible, not eligible or needs review."), code="decision")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the decision."), code="reason")
    rows = list(
        Application.objects.select_for_update()
        .filter(pk__in=[a.pk for a in applications], submitted_at__isnull=False)
        .exclude(status=ApplicationStatus.ERASED)
    )
    before = {row.pk: row.eligibility for row in rows}
    now = timezone.now()
    for row in rows:
        row.eligibility, row.eligibility_overridden, row.updated_at = decision, True, now
    Application.objects.bulk_update(
        rows, ["eligibility", "eligibility_overridden", "updated_at"], batch_size=500
    )
    audit_record_many(
        actor=actor,
        action="application.eligibility_overridden",
        targets=rows,
        details=lambda row: {"from": before[row.pk], "to": decision, "reason": reason},
    )
    if decision == Eligibility.ELIGIBLE:
        scores_pending_many(application_ids=[row.pk for row in rows])
    return len(rows)

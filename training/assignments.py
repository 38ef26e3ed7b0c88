"""Practical assignments done at her firm: the trainers' assignments, her submissions, their feedback.

She submits text, a link (her shop's address on a marketplace) or a file. While an attempt waits for
feedback she cannot submit another; after "resubmit" her next submission is the next attempt; after
"passed" or "not passed" the assignment is closed to her. A grade at or above the assignment's pass
grade passes it; below it the trainer chooses "resubmit" or "not passed". Every write is audited.
"""

import logging
import zipfile
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applicants.models import Cohort, Participant
from applicants.uploads import document_kind
from parwona.core.services import audit_record
from parwona.users.models import User

from .enums import GRADE_MAX, GRADE_MIN, SubmissionStatus
from .models import Assignment, Submission

logger = logging.getLogger(__name__)

SUBMISSION_MAX_BYTES = 5 * 1024 * 1024
# The fields of an assignment its form changes.
ASSIGNMENT_FIELDS = [
    "module", "title_tg", "title_ru", "title_en", "instructions_tg", "instructions_ru", "instructions_en",
    "due_at", "required", "pass_grade",
]  # fmt: skip
# Statuses after which she may not submit again.
CLOSED = (SubmissionStatus.PASSED, SubmissionStatus.FAILED)
# What the trainer may choose for a grade below the pass grade.
BELOW_PASS = (SubmissionStatus.RESUBMIT, SubmissionStatus.FAILED)
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}  # fmt: skip
FILE_TYPES_MESSAGE = gettext_lazy("Attach a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file.")


# Files


def _office_kind(upload) -> str | None:
    """Return "docx" or "xlsx" for an Office Open XML file without macros, else None."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names or any(name.endswith("vbaProject.bin") for name in names):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def submission_file_validate(upload) -> str:
    """Return the file's real extension from its content, or raise ValidationError for a refused file."""
    if upload.size > SUBMISSION_MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="too_big")
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = document_kind(head)
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)
    if kind is None:
        raise ValidationError(FILE_TYPES_MESSAGE, code="type")
    return kind


def link_validate(link: str) -> str:
    """Return the link stripped, or raise ValidationError when it is not an http or https address."""
    link = (link or "").strip()
    if link and (urlsplit(link).scheme.lower() not in ("http", "https") or not urlsplit(link).netloc):
        raise ValidationError(
            {"link": _("Give an address that starts with http:// or https://.")}, code="scheme"
        )
    return link


# Assignments


def _assignment_check(*, cohort: Cohort, values: dict) -> None:
    module = values.get("module")
    if module is not None and module.cohort_id != cohort.pk:
        raise ValidationError({"module": _("Choose a module of this cohort.")}, code="module")
    if not any((values.get(f"title_{code}") or "").strip() for code in ("tg", "ru", "en")):
        raise ValidationError(_("Give the assignment a title."), code="title")


@transaction.atomic
def assignment_create(*, cohort: Cohort, actor: User, values: dict) -> Assignment:
    """Create an assignment of the cohort from `values` (the fields of ASSIGNMENT_FIELDS); audit it."""
    unknown = set(values) - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    _assignment_check(cohort=cohort, values=values)
    assignment = Assignment(cohort=cohort, **values)
    assignment.full_clean()
    assignment.save()
    audit_record(actor=actor, action="assignment.created", target=assignment)
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, actor: User, values: dict) -> Assignment:
    """Change the assignment's fields given in `values`; audit which changed (the names, not the texts)."""
    unknown = set(values) - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _assignment_check(
        cohort=assignment.cohort,
        values={name: values.get(name, getattr(assignment, name)) for name in ASSIGNMENT_FIELDS},
    )
    changed = sorted(name for name, value in values.items() if getattr(assignment, name) != value)
    if not changed:
        return assignment
    for name in changed:
        setattr(assignment, name, values[name])
    assignment.full_clean()
    assignment.save(update_fields=changed)
    audit_record(actor=actor, action="assignment.updated", target=assignment, details={"changed": changed})
    return assignment


# Submissions


def submission_refusal(*, latest: Submission | None) -> str | None:
    """Return why she may not submit after her `latest` attempt, or None when she may."""
    if latest is None or latest.status == SubmissionStatus.RESUBMIT:
        return None
    if latest.status == SubmissionStatus.SUBMITTED:
        return _("Your last submission is waiting for feedback: you can submit again if the trainer asks.")
    if latest.status == SubmissionStatus.PASSED:
        return _("You have passed this assignment: no more submissions are needed.")
    return _("This assignment is closed: the trainer marked it as not passed.")


@transaction.atomic
def submission_submit(
    *,
    assignment: Assignment,
    participant: Participant,
    actor: User,
    text: str = "",
    link: str = "",
    file=None,
) -> Submission:
    """Record her next attempt at the assignment: text, a link or a file (checked by its content).

    Refuse an empty submission, a link other than http(s), a refused file, a participant of another
    cohort, and a submission while her last one waits for feedback or after the assignment closed.
    """
    if participant.cohort_id != assignment.cohort_id:
        raise ValidationError(_("This assignment is not for your cohort."), code="cohort")
    # Her place is locked so that two submissions sent at once cannot take the same attempt.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    latest = (
        Submission.objects.filter(assignment=assignment, participant=participant).order_by("-attempt").first()
    )
    refusal = submission_refusal(latest=latest)
    if refusal:
        raise ValidationError(refusal, code="closed")
    submission = Submission(
        assignment=assignment,
        participant=participant,
        attempt=(latest.attempt + 1) if latest else 1,
        text=(text or "").strip(),
        link=link_validate(link),
    )
    if file:
        kind = submission_file_validate(file)
        file.name = f"submission.{kind}"
        submission.file = file
    submission.full_clean()
    submission.save()
    audit_record(
        actor=actor,
        action="submission.submitted",
        target=submission,
        details={"assignment": assignment.pk, "attempt": submission.attempt},
    )
    return submission


@transaction.atomic
def submission_review(
    *, submission: Submission, actor: User, grade: int, feedback: str, outcome: str | None = None
) -> Submission:
    """Give feedback and a 0-4 grade on a submission waiting for it; email her after commit.

    A grade at or above the assignment's pass grade passes it (`outcome` is then not needed); below
    it `outcome` must be "resubmit" (she submits a next attempt) or "failed" (not passed, closed).
    """
    submission = Submission.objects.select_for_update().select_related("assignment").get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("This submission has already had feedback."), code="reviewed")
    if isinstance(grade, bool) or not isinstance(grade, int) or not GRADE_MIN <= grade <= GRADE_MAX:
        raise ValidationError(
            {"grade": _("Give a grade from %(low)s to %(high)s.") % {"low": GRADE_MIN, "high": GRADE_MAX}},
            code="grade",
        )
    if grade >= submission.assignment.pass_grade:
        status = SubmissionStatus.PASSED
    elif outcome in BELOW_PASS:
        status = outcome
    else:
        raise ValidationError(
            {
                "outcome": _(
                    "The grade is below the pass grade: choose whether she resubmits or has not passed."
                )
            },
            code="outcome",
        )
    submission.grade = grade
    submission.feedback = (feedback or "").strip()
    submission.status = status
    submission.reviewed_by = actor
    submission.reviewed_at = timezone.now()
    submission.full_clean(exclude=["file"])
    submission.save(update_fields=["grade", "feedback", "status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action="submission.reviewed",
        target=submission,
        details={"grade": grade, "status": status, "attempt": submission.attempt},
    )
    transaction.on_commit(lambda: submission_feedback_notify(submission_id=submission.pk))
    return submission


def submission_feedback_notify(*, submission_id: int) -> None:
    """Email her that her submission has feedback, in her language."""
    submission = (
        Submission.objects.select_related("assignment", "participant__user", "participant__application")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or not submission.participant.user.email:
        return
    with translation.override(
        submission.participant.application.preferred_language or settings.LANGUAGE_CODE
    ):
        context = {
            "submission": submission,
            "assignment_title": submission.assignment.title,
            "status": submission.get_status_display(),
            "link": settings.PORTAL_BASE_URL.rstrip("/")
            + reverse("assignment_detail", kwargs={"pk": submission.assignment_id}),
        }
        subject = render_to_string("training/assignments/email/feedback_subject.txt", context).strip()
        body = render_to_string("training/assignments/email/feedback_message.txt", context)
    send_mail(subject, body, None, [submission.participant.user.email])
    logger.info("Feedback email sent for submission %s", submission_id)

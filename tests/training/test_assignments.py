"""Assignments: her submissions and their rules, the trainer's feedback, overdue flags, files and who
sees them, the feedback email, the home panels and the pages' query counts."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    ParticipantFactory,
    SessionFactory,
    SubmissionFactory,
)
from training import assignments
from training.assignment_forms import FeedbackForm
from training.assignment_selectors import assignment_figures, assignments_with_status
from training.enums import SubmissionStatus
from training.models import Submission

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 my monthly sales report"


def _office(kind: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cohort(roles):
    return CohortFactory()


@pytest.fixture
def her(cohort):
    return ParticipantFactory(cohort=cohort, user__language="en", application__preferred_language="ru")


@pytest.fixture
def trainer(make_user, cohort):
    user = make_user(Role.TRAINER, language="en")
    SessionFactory(cohort=cohort, trainer=user)
    return user


@pytest.fixture
def assignment(cohort):
    return AssignmentFactory(cohort=cohort, pass_grade=3, title_ru="Откройте магазин", title_en="Open a shop")


def _submit(assignment, participant, **answer):
    return assignments.submission_submit(
        assignment=assignment, participant=participant, actor=participant.user, **answer
    )


def _review(submission, trainer, grade, outcome=None):
    return assignments.submission_review(
        submission=submission, actor=trainer, grade=grade, feedback="Хорошо", outcome=outcome
    )


# Submissions


def test_submission_submit_refuses_an_empty_answer_with_the_models_message(assignment, her):
    with pytest.raises(ValidationError) as error:
        _submit(assignment, her, text="   ", link="")
    assert error.value.messages == ["Write an answer, give a link or attach a file."]
    assert Submission.objects.count() == 0


def test_submission_submit_records_her_first_attempt_and_audits_it(assignment, her):
    submission = _submit(assignment, her, link="https://alifshop.tj/store/atlas")
    assert (submission.attempt, submission.status, submission.link) == (
        1, SubmissionStatus.SUBMITTED, "https://alifshop.tj/store/atlas",
    )
    entry = AuditEntry.objects.get(action="submission.submitted")
    assert entry.details == {"assignment": assignment.pk, "attempt": 1}


def test_submission_submit_refuses_while_one_waits_for_feedback(assignment, her):
    _submit(assignment, her, text="Мағоза кушода шуд")
    with pytest.raises(ValidationError) as error:
        _submit(assignment, her, text="Боз як бор")
    assert error.value.messages == [
        "Your last submission is waiting for feedback: you can submit again if the trainer asks."
    ]
    assert Submission.objects.count() == 1


def test_submission_submit_after_resubmit_is_the_next_attempt(assignment, her, trainer):
    first = _submit(assignment, her, text="v1")
    _review(first, trainer, 1, outcome=SubmissionStatus.RESUBMIT)
    second = _submit(assignment, her, text="v2")
    _review(second, trainer, 2, outcome=SubmissionStatus.RESUBMIT)
    third = _submit(assignment, her, text="v3")
    assert [s.attempt for s in Submission.objects.order_by("attempt")] == [1, 2, 3]
    assert third.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize(
    ("grade", "outcome", "message"),
    [
        (3, None, "You have passed this assignment: no more submissions are needed."),
        (1, SubmissionStatus.FAILED, "This assignment is closed: the trainer marked it as not passed."),
    ],
)
def test_submission_submit_after_passed_or_not_passed_is_refused(assignment, her, trainer, grade, outcome,
                                                                  message):
    _review(_submit(assignment, her, text="v1"), trainer, grade, outcome=outcome)
    with pytest.raises(ValidationError) as error:
        _submit(assignment, her, text="v2")
    assert error.value.messages == [message]


@pytest.mark.parametrize("link", ["ftp://laklak.tj/shop", "javascript:alert(1)", "laklak.tj", "https://"])
def test_submission_submit_refuses_a_link_that_is_not_http(assignment, her, link):
    with pytest.raises(ValidationError) as error:
        _submit(assignment, her, link=link)
    assert error.value.message_dict == {"link": ["Give an address that starts with http:// or https://."]}


def test_submission_submit_refuses_a_participant_of_another_cohort(assignment, roles):
    other = ParticipantFactory()
    with pytest.raises(ValidationError) as error:
        _submit(assignment, other, text="Салом")
    assert error.value.messages == ["This assignment is not for your cohort."]


# Files


def test_submission_file_validate_refuses_a_script_renamed_pdf():
    upload = SimpleUploadedFile("report.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        assignments.submission_file_validate(upload)
    assert error.value.messages == ["Attach a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file."]


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF, "pdf"), (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"), (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
     (_office("docx"), "docx"), (_office("xlsx"), "xlsx")],
)
def test_submission_file_validate_reads_the_type_from_the_content(content, kind):
    assert assignments.submission_file_validate(SimpleUploadedFile("x.bin", content)) == kind


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_office("docx", macros=True), "Attach a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file."),
        (b"PK\x03\x04 not really a zip", "Attach a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file."),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "The file is larger than 5 MB."),
        (b"", "The file is empty."),
    ],
)
def test_submission_file_validate_refuses_macros_broken_archives_big_and_empty_files(content, message):
    with pytest.raises(ValidationError) as error:
        assignments.submission_file_validate(SimpleUploadedFile("x.docx", content))
    assert error.value.messages == [message]


def test_submission_submit_stores_the_file_under_a_random_name_of_its_real_type(assignment, her):
    submission = _submit(assignment, her, file=SimpleUploadedFile("мой отчёт.docx", PDF))
    name = submission.file.name
    assert name.startswith(f"submissions/{assignment.pk}/") and name.endswith(".pdf")
    assert "отчёт" not in name and len(name.rsplit("/", 1)[1]) == len("0" * 32 + ".pdf")


@pytest.fixture
def filed(assignment, her):
    return _submit(assignment, her, file=SimpleUploadedFile("report.pdf", PDF))


def test_submission_file_is_served_to_her_without_an_audit(client, filed, her):
    client.force_login(her.user)
    response = client.get(reverse("submission_file", kwargs={"pk": filed.pk}))
    assert (response.status_code, response["Content-Type"], b"".join(response.streaming_content)) == (
        200, "application/pdf", PDF,
    )
    assert response["Content-Disposition"] == f'attachment; filename="submission-{filed.pk}.pdf"'
    assert not AuditEntry.objects.filter(action="submission.file_viewed").exists()


def test_submission_file_is_served_to_her_trainer_and_a_coordinator_audited(
    client, filed, trainer, make_user
):
    coordinator = make_user(Role.COORDINATOR)
    for user in (trainer, coordinator):
        client.force_login(user)
        assert client.get(reverse("submission_file", kwargs={"pk": filed.pk})).status_code == 200
    viewed = AuditEntry.objects.filter(action="submission.file_viewed").order_by("pk")
    assert list(viewed.values_list("actor", flat=True)) == [trainer.pk, coordinator.pk]


def test_submission_file_is_hidden_from_another_participant_and_another_cohorts_trainer(
    client, filed, make_user
):
    other = ParticipantFactory(cohort=filed.assignment.cohort)
    elsewhere = make_user(Role.TRAINER)
    SessionFactory(trainer=elsewhere)
    for user in (other.user, elsewhere, make_user(Role.FIRM)):
        client.force_login(user)
        assert client.get(reverse("submission_file", kwargs={"pk": filed.pk})).status_code == 404


# Feedback


@pytest.mark.parametrize(
    ("grade", "outcome", "status"),
    [
        (3, None, SubmissionStatus.PASSED),
        (4, SubmissionStatus.RESUBMIT, SubmissionStatus.PASSED),  # a passing grade passes whatever is chosen
        (2, SubmissionStatus.RESUBMIT, SubmissionStatus.RESUBMIT),
        (0, SubmissionStatus.FAILED, SubmissionStatus.FAILED),
    ],
)
def test_submission_review_sets_the_status_from_the_grade_and_her_trainers_choice(
    assignment, her, trainer, grade, outcome, status
):
    submission = _review(_submit(assignment, her, text="Ҳисобот"), trainer, grade, outcome=outcome)
    submission.refresh_from_db()
    assert (submission.grade, submission.status, submission.feedback, submission.reviewed_by) == (
        grade, status, "Хорошо", trainer,
    )
    assert AuditEntry.objects.get(action="submission.reviewed").details == {
        "grade": grade, "status": status, "attempt": 1,
    }


def test_submission_review_below_the_pass_grade_needs_a_choice(assignment, her, trainer):
    submission = _submit(assignment, her, text="Ҳисобот")
    with pytest.raises(ValidationError) as error:
        _review(submission, trainer, 2)
    assert error.value.message_dict == {
        "outcome": ["The grade is below the pass grade: choose whether she resubmits or has not passed."]
    }
    submission.refresh_from_db()
    assert (submission.status, submission.grade) == (SubmissionStatus.SUBMITTED, None)


@settings(max_examples=60, deadline=None)
@given(grade=st.one_of(st.integers(min_value=-20, max_value=20).map(str), st.text(max_size=3)))
def test_feedback_form_accepts_only_grades_0_to_4(grade):
    form = FeedbackForm({"grade": grade, "outcome": "resubmit", "feedback": "Хуб"})
    assert form.is_valid() == (grade in {"0", "1", "2", "3", "4"})


@pytest.mark.parametrize("grade", [-1, 5, 3.5, "3"])
def test_submission_review_refuses_a_grade_outside_0_to_4(assignment, her, trainer, grade):
    submission = _submit(assignment, her, text="Ҳисобот")
    with pytest.raises(ValidationError) as error:
        _review(submission, trainer, grade, outcome=SubmissionStatus.RESUBMIT)
    assert error.value.message_dict == {"grade": ["Give a grade from 0 to 4."]}
    assert not AuditEntry.objects.filter(action="submission.reviewed").exists()


def test_submission_review_refuses_a_second_review(assignment, her, trainer):
    submission = _review(_submit(assignment, her, text="Ҳисобот"), trainer, 4)
    with pytest.raises(ValidationError) as error:
        _review(submission, trainer, 1, outcome=SubmissionStatus.FAILED)
    assert error.value.messages == ["This submission has already had feedback."]


def test_submission_review_emails_her_in_her_language_after_commit(
    assignment, her, trainer, django_capture_on_commit_callbacks
):
    submission = _submit(assignment, her, text="Ҳисобот")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _review(submission, trainer, 3)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[her.user.email]]
    assert mail.outbox[0].subject == "PARWONA: отзыв о задании «Откройте магазин»"
    assert "Оценка: 3 из 4" in mail.outbox[0].body
    assert f"/training/assignments/{assignment.pk}/" in mail.outbox[0].body


# Overdue flags and figures, with a clock


def _flags(participant, now):
    rows = assignments_with_status(participant=participant, now=now)
    return {a.pk: (a.overdue, a.latest_status) for a in rows}


def test_assignments_with_status_flags_overdue_by_the_clock(cohort, her, trainer):
    now = timezone.now()
    due = now + timedelta(days=1)
    untouched = AssignmentFactory(cohort=cohort, due_at=due)
    waiting = AssignmentFactory(cohort=cohort, due_at=due)
    passed = AssignmentFactory(cohort=cohort, due_at=due, pass_grade=2)
    resubmit = AssignmentFactory(cohort=cohort, due_at=due, pass_grade=2)
    _submit(waiting, her, text="a")
    _review(_submit(passed, her, text="b"), trainer, 2)
    _review(_submit(resubmit, her, text="c"), trainer, 1, outcome=SubmissionStatus.RESUBMIT)
    assert _flags(her, now) == {
        untouched.pk: (False, None), waiting.pk: (False, "submitted"), passed.pk: (False, "passed"),
        resubmit.pk: (False, "resubmit"),
    }
    later = due + timedelta(minutes=1)
    assert _flags(her, later) == {
        untouched.pk: (True, None), waiting.pk: (False, "submitted"), passed.pk: (False, "passed"),
        resubmit.pk: (True, "resubmit"),
    }


def test_assignment_figures_count_due_soon_and_waiting(cohort, her):
    now = timezone.now()
    AssignmentFactory(cohort=cohort, due_at=now + timedelta(days=2))
    AssignmentFactory(cohort=cohort, due_at=now + timedelta(days=6, hours=23))
    AssignmentFactory(cohort=cohort, due_at=now + timedelta(days=8))
    AssignmentFactory(cohort=cohort, due_at=now - timedelta(days=1))
    _submit(AssignmentFactory(cohort=cohort, due_at=now + timedelta(days=3)), her, text="x")
    AssignmentFactory(due_at=now + timedelta(days=1))  # another cohort's
    assert assignment_figures(participant=her, now=now) == {"due_soon": 2, "waiting": 1}


# Pages


def test_assignment_detail_submits_her_link_and_shows_it(client, assignment, her):
    client.force_login(her.user)
    url = reverse("assignment_detail", kwargs={"pk": assignment.pk})
    response = client.post(url, {"link": "https://avval.tj/shop/42", "text": ""})
    assert response.status_code == 302
    assert Submission.objects.get().link == "https://avval.tj/shop/42"
    page = client.get(url).content.decode()
    assert "https://avval.tj/shop/42" in page
    assert "Your last submission is waiting for feedback" in page


def test_assignment_detail_shows_the_models_message_for_an_empty_answer(client, assignment, her):
    client.force_login(her.user)
    response = client.post(reverse("assignment_detail", kwargs={"pk": assignment.pk}), {"text": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Write an answer, give a link or attach a file."]


def test_assignment_detail_hides_another_cohorts_assignment(client, her, roles):
    client.force_login(her.user)
    other = AssignmentFactory()
    assert client.get(reverse("assignment_detail", kwargs={"pk": other.pk})).status_code == 404


def test_staff_submission_review_gives_feedback_and_returns_to_the_queue(client, assignment, her, trainer):
    submission = _submit(assignment, her, text="Ҳисобот")
    client.force_login(trainer)
    response = client.post(
        reverse("staff_submission_review", kwargs={"pk": submission.pk}),
        {"grade": "1", "outcome": "failed", "feedback": "Ҷадвал нест."},
    )
    assert response["Location"] == reverse("staff_submission_queue", kwargs={"pk": assignment.cohort_id})
    submission.refresh_from_db()
    assert (submission.status, submission.grade) == (SubmissionStatus.FAILED, 1)


def test_staff_submission_review_refuses_a_grade_of_five(client, assignment, her, trainer):
    submission = _submit(assignment, her, text="Ҳисобот")
    client.force_login(trainer)
    response = client.post(
        reverse("staff_submission_review", kwargs={"pk": submission.pk}), {"grade": "5", "feedback": "Аъло"}
    )
    assert response.context["form"].errors == {"grade": ["Give a grade from 0 to 4."]}


def test_staff_assignment_create_saves_the_due_date_in_dushanbe_time(client, cohort, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("staff_assignment_create", kwargs={"pk": cohort.pk}),
        {"title_tg": "Даҳ мол", "title_ru": "Десять товаров", "title_en": "List ten products",
         "due_at": "2026-03-10T18:00", "required": "on", "pass_grade": "2"},
    )
    assert response.status_code == 302
    assignment = cohort.assignments.get()
    assert assignment.due_at.isoformat() == "2026-03-10T13:00:00+00:00"
    assert AuditEntry.objects.get(action="assignment.created").target_id == str(assignment.pk)


def test_staff_assignment_edit_refuses_a_module_of_another_cohort(cohort, trainer):
    from training.models import Module

    module = Module.objects.create(cohort=CohortFactory(), kind="technical", skill="digital_marketing",
                                   title_tg="М", title_ru="М", title_en="M")
    assignment = AssignmentFactory(cohort=cohort)
    with pytest.raises(ValidationError) as error:
        assignments.assignment_update(assignment=assignment, actor=trainer, values={"module": module})
    assert error.value.message_dict == {"module": ["Choose a module of this cohort."]}


def test_staff_pages_hide_a_cohort_the_trainer_does_not_teach(client, make_user, cohort):
    elsewhere = make_user(Role.TRAINER)
    SessionFactory(trainer=elsewhere)
    client.force_login(elsewhere)
    for name in ("staff_submission_queue", "staff_assignment_list", "staff_cohort_skills"):
        assert client.get(reverse(name, kwargs={"pk": cohort.pk})).status_code == 404


def test_home_panels_count_her_assignments_and_the_trainers_queue(client, cohort, her, trainer, assignment):
    AssignmentFactory(cohort=cohort, due_at=timezone.now() + timedelta(days=2))
    _submit(assignment, her, text="x")
    client.force_login(her.user)
    assert "1 due soon" in " ".join(client.get(reverse("home")).content.decode().split())
    client.force_login(trainer)
    home = " ".join(client.get(reverse("home")).content.decode().split())
    assert "1 submission to give feedback on" in home


# Query counts


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_staff_submission_queue_has_a_fixed_query_count(client, cohort, trainer):
    client.force_login(trainer)
    url = reverse("staff_submission_queue", kwargs={"pk": cohort.pk})
    SubmissionFactory(assignment=AssignmentFactory(cohort=cohort))
    one = _queries(client, url)
    assignment = AssignmentFactory(cohort=cohort)
    for _ in range(12):
        SubmissionFactory(assignment=assignment)
    assert _queries(client, url) == one
    assert len(client.get(url).context["page"]) == 13


def test_staff_submission_queue_lists_the_oldest_first(client, cohort, trainer):
    assignment = AssignmentFactory(cohort=cohort)
    newer, older = SubmissionFactory(assignment=assignment), SubmissionFactory(assignment=assignment)
    Submission.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    client.force_login(trainer)
    page = client.get(reverse("staff_submission_queue", kwargs={"pk": cohort.pk})).context["page"]
    assert [s.pk for s in page] == [older.pk, newer.pk]


def test_assignment_list_has_a_fixed_query_count(client, cohort, her, trainer):
    client.force_login(her.user)
    url = reverse("assignment_list")
    _submit(AssignmentFactory(cohort=cohort), her, text="x")
    one = _queries(client, url)
    for index in range(10):
        assignment = AssignmentFactory(cohort=cohort, due_at=timezone.now() - timedelta(days=index))
        if index % 2:
            _review(_submit(assignment, her, text="y"), trainer, 1, outcome=SubmissionStatus.RESUBMIT)
    assert _queries(client, url) == one
    assert len(client.get(url).context["assignments"]) == 11

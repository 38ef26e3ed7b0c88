"""The core rules of an application: one per person per call, submission, withdrawal, erasure,
eligibility, and the step-by-step form she fills in."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from applicants import services
from applicants.eligibility import eligibility_check, eligibility_screen
from applicants.enums import ApplicationStatus, CallStatus, Eligibility, Region
from applicants.models import Application, Call
from applicants.steps import STEP_SLUGS
from parwona.core.models import AuditEntry
from tests.factories import ApplicationFactory, CallFactory

from .step_data import MOTIVATION_TG, PDF_BYTES, STEP_POSTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(make_user):
    return make_user(
        "applicant", full_name="Зарина Саидова", email="zarina@example.tj", phone="+992931112233"
    )


@pytest.fixture
def draft(call, applicant):
    """A complete draft, ready to submit."""
    return ApplicationFactory(call=call, applicant=applicant, complete=True)


def _state(application: Application) -> dict:
    application.refresh_from_db()
    return {**model_to_dict(application, exclude=["cv"]), "updated_at": application.updated_at}


# --- One application per person per call ---------------------------------------------------------


def test_application_start_creates_a_draft_from_her_account(call, applicant):
    application = services.application_start(call=call, user=applicant)

    assert (application.status, application.steps_done) == (ApplicationStatus.DRAFT, [])
    assert (application.full_name, application.email, application.phone, application.preferred_language) == (
        "Зарина Саидова",
        "zarina@example.tj",
        "+992931112233",
        "tg",
    )


def test_application_start_twice_returns_the_same_application(call, applicant):
    first = services.application_start(call=call, user=applicant)
    second = services.application_start(call=call, user=applicant)

    assert second.pk == first.pk
    assert Application.objects.filter(call=call, applicant=applicant).count() == 1


def test_application_duplicate_insert_is_refused_by_the_database(call, applicant):
    Application.objects.create(call=call, applicant=applicant)

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=call, applicant=applicant)


def test_application_start_on_a_closed_call_is_refused(applicant):
    closed = CallFactory(status=CallStatus.CLOSED)

    with translation.override("tg"):
        with pytest.raises(ValidationError) as refused:
            services.application_start(call=closed, user=applicant)
        expected = gettext("This call is not accepting applications.")

    assert refused.value.messages == [expected]
    assert Application.objects.count() == 0


# --- Submission ----------------------------------------------------------------------------------


def test_application_submit_gives_a_reference_screens_and_audits(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.application_submit(application=draft)

    submitted.refresh_from_db()
    year = timezone.now().year
    assert submitted.reference == f"PAR-{year}-{draft.pk:05d}"
    assert (submitted.status, submitted.eligibility) == (ApplicationStatus.SUBMITTED, Eligibility.ELIGIBLE)
    assert submitted.submitted_at is not None
    assert list(AuditEntry.objects.values_list("action", "target_id")) == [
        ("application.submitted", str(draft.pk))
    ]


@pytest.mark.parametrize("language", ["tg", "ru", "en"])
def test_application_submit_emails_her_in_her_language(
    call, applicant, language, django_capture_on_commit_callbacks
):
    draft = ApplicationFactory(call=call, applicant=applicant, complete=True, preferred_language=language)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        submitted = services.application_submit(application=draft)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["shahlo@example.tj"]
    assert submitted.reference in message.subject
    assert submitted.reference in message.body
    # The call's title comes in the language she chose, whatever the language of the request.
    titles = {code: getattr(call, f"title_{code}") for code in ("tg", "ru", "en")}
    assert [code for code, title in titles.items() if title in message.body] == [language]
    assert f"/applications/{draft.pk}/" in message.body


def test_application_submit_twice_returns_it_and_sends_one_email(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.application_submit(application=draft)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.application_submit(application=draft)

    assert (second.pk, second.reference, second.submitted_at) == (
        first.pk,
        first.reference,
        first.submitted_at,
    )
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="application.submitted").count() == 1


@pytest.mark.parametrize(
    "window",
    [
        {"closes_at": timezone.now() - timedelta(minutes=1)},
        {"opens_at": timezone.now() + timedelta(days=1), "closes_at": timezone.now() + timedelta(days=9)},
        {"status": CallStatus.CLOSED},
    ],
    ids=["after-closing", "before-opening", "closed-by-staff"],
)
def test_application_submit_outside_the_window_is_refused_and_keeps_the_draft(
    draft, window, django_capture_on_commit_callbacks
):
    Call.objects.filter(pk=draft.call_id).update(**window)
    before = _state(draft)

    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as refused:
            services.application_submit(application=draft)
        expected = gettext("The call is closed: applications are not accepted now. Your draft is kept.")

    assert refused.value.messages == [expected]
    assert refused.value.code == "closed"
    assert _state(draft) == before
    assert mail.outbox == []


def test_application_submit_of_an_incomplete_draft_is_refused(draft):
    Application.objects.filter(pk=draft.pk).update(steps_done=STEP_SLUGS[:-1])

    with pytest.raises(ValidationError) as refused:
        services.application_submit(application=draft)

    assert refused.value.code == "incomplete"
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (ApplicationStatus.DRAFT, None)


def test_application_save_step_after_submission_is_refused(draft):
    services.application_submit(application=draft)

    with pytest.raises(ValidationError) as refused:
        services.application_save_step(application=draft, step="location", values={"city": "Душанбе"})

    assert refused.value.code == "not_draft"
    draft.refresh_from_db()
    assert draft.city == "Хоруғ"


# --- Withdrawal and erasure ----------------------------------------------------------------------


@pytest.mark.parametrize("status", ApplicationStatus.values)
def test_application_withdraw_only_from_states_still_considered(draft, applicant, status):
    Application.objects.filter(pk=draft.pk).update(status=status)
    allowed = status in {"draft", "submitted", "under_review", "shortlisted", "waitlisted"}

    if allowed:
        services.application_withdraw(application=draft, actor=applicant)
    else:
        with pytest.raises(ValidationError):
            services.application_withdraw(application=draft, actor=applicant)

    draft.refresh_from_db()
    assert draft.status == (ApplicationStatus.WITHDRAWN if allowed else status)
    assert (draft.withdrawn_at is not None) is allowed
    assert AuditEntry.objects.filter(action="application.withdrawn", actor=applicant).count() == int(allowed)


def test_application_erase_removes_her_data_and_keeps_the_counts(
    draft, applicant, make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user("coordinator", email="madina@example.tj")
    question = draft.call.questions.create(label_tg="Савол", label_ru="Вопрос", label_en="Question")
    draft.extra_answers = {str(question.pk): "Шаҳло аз Хоруғ"}
    draft.cv.save("cv.pdf", ContentFile(PDF_BYTES), save=True)
    storage = draft.cv.storage
    cv_name = draft.cv.name
    services.application_submit(application=draft)
    assert storage.exists(cv_name)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_erase(application=draft, actor=applicant)

    draft.refresh_from_db()
    assert (draft.full_name, draft.phone, draft.email, draft.date_of_birth, draft.city) == (
        "",
        "",
        "",
        None,
        "",
    )
    assert (draft.motivation, draft.goal, draft.extra_answers, draft.languages, draft.cv.name) == (
        "",
        "",
        {},
        {},
        "",
    )
    assert draft.applicant is None
    assert not storage.exists(cv_name)
    assert (draft.status, draft.region, draft.employment, draft.hours_per_week) == (
        ApplicationStatus.ERASED,
        "gbao",
        "informal",
        20,
    )
    assert draft.reference is not None
    entry = AuditEntry.objects.get(action="application.erased")
    assert (entry.actor, entry.target_id) == (applicant, str(draft.pk))
    assert entry.details == {"reference": draft.reference}
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    notice = mail.outbox[0]
    assert draft.reference in notice.subject
    assert "Шаҳло" not in notice.subject + notice.body


# --- Eligibility rules ---------------------------------------------------------------------------

OPENS = datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Dushanbe"))
REGIONS = list(Region.values)


@settings(max_examples=300, deadline=None)
@given(
    age=st.one_of(st.none(), st.integers(min_value=10, max_value=70)),
    days_after_birthday=st.integers(min_value=0, max_value=360),
    hours=st.one_of(st.none(), st.integers(min_value=0, max_value=80)),
    region=st.sampled_from(["", *REGIONS]),
    targeted=st.lists(st.sampled_from(REGIONS), unique=True, max_size=4),
    is_woman=st.sampled_from([True, False, None]),
    lives_here=st.sampled_from([True, False, None]),
    requires_woman=st.booleans(),
    requires_residence=st.booleans(),
    min_age=st.integers(min_value=16, max_value=25),
    max_age=st.integers(min_value=30, max_value=50),
    min_hours=st.integers(min_value=0, max_value=30),
)
def test_eligibility_verdict_follows_hard_and_soft_rules(
    age,
    days_after_birthday,
    hours,
    region,
    targeted,
    is_woman,
    lives_here,
    requires_woman,
    requires_residence,
    min_age,
    max_age,
    min_hours,
):
    call = Call(
        opens_at=OPENS,
        closes_at=OPENS + timedelta(days=14),
        regions=targeted,
        min_age=min_age,
        max_age=max_age,
        min_hours_per_week=min_hours,
        requires_woman=requires_woman,
        requires_residence=requires_residence,
    )
    born = None
    if age is not None:
        born = date(OPENS.year - age, OPENS.month, OPENS.day) - timedelta(days=days_after_birthday)
    application = Application(
        call=call,
        date_of_birth=born,
        hours_per_week=hours,
        region=region,
        is_woman=is_woman,
        lives_in_tajikistan=lives_here,
    )

    verdict, reasons = eligibility_check(application=application)

    hard_fails = [
        age is not None and not min_age <= age <= max_age,
        requires_woman and is_woman is not True,
        requires_residence and lives_here is not True,
        hours is not None and hours < min_hours,
    ]
    soft_only = [age is None, hours is None, bool(targeted) and region not in targeted]
    if any(hard_fails):
        assert verdict == Eligibility.INELIGIBLE
    elif any(soft_only):
        assert verdict == Eligibility.NEEDS_REVIEW
        assert set(reasons) <= {"age_unknown", "hours_unknown", "region_not_targeted"}
    else:
        assert (verdict, reasons) == (Eligibility.ELIGIBLE, [])
    assert len(reasons) == sum(hard_fails) + sum(soft_only)


def test_eligibility_screen_keeps_a_coordinators_override(draft):
    Application.objects.filter(pk=draft.pk).update(
        eligibility=Eligibility.ELIGIBLE, eligibility_overridden=True, hours_per_week=2
    )
    draft.refresh_from_db()

    eligibility_screen(application=draft)

    draft.refresh_from_db()
    assert draft.eligibility == Eligibility.ELIGIBLE


# --- The steps through the browser's eyes --------------------------------------------------------


@pytest.fixture
def her_client(client, applicant):
    client.force_login(applicant)
    return client


def _step_url(application, slug):
    return f"/applications/{application.pk}/step/{slug}/"


def test_application_steps_each_save_and_lead_to_the_next(her_client, call, applicant):
    response = her_client.post(f"/calls/{call.pk}/apply/")
    application = Application.objects.get(call=call, applicant=applicant)
    assert response["Location"] == _step_url(application, "personal")

    for number, slug in enumerate(STEP_SLUGS):
        response = her_client.post(_step_url(application, slug), STEP_POSTS[slug])
        following = STEP_SLUGS[number + 1] if number + 1 < len(STEP_SLUGS) else None
        expected = (
            _step_url(application, following) if following else f"/applications/{application.pk}/review/"
        )
        assert (response.status_code, response["Location"]) == (302, expected)
        application.refresh_from_db()
        assert application.steps_done == STEP_SLUGS[: number + 1]

    assert (application.full_name, application.phone, application.city) == (
        "Шаҳло Ғафурова",
        "+992931234567",
        "Хоруғ",
    )
    assert application.languages == {"tg": "fluent", "ru": "good", "en": "basic", "uz": "none"}
    assert (application.marketplaces, application.hours_per_week) == (["laklak", "alif_shop"], 20)
    assert application.consent_at is not None

    response = her_client.post(f"/applications/{application.pk}/review/")
    application.refresh_from_db()
    assert response["Location"] == f"/applications/{application.pk}/"
    assert application.reference == f"PAR-{timezone.now().year}-{application.pk:05d}"


def test_application_step_save_exit_returns_to_her_page(her_client, call, applicant):
    application = services.application_start(call=call, user=applicant)

    response = her_client.post(
        _step_url(application, "personal"), {**STEP_POSTS["personal"], "save_exit": ""}
    )

    assert response["Location"] == f"/applications/{application.pk}/"
    application.refresh_from_db()
    assert application.steps_done == ["personal"]
    page = her_client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        gettext("Your answers are saved. Come back any time to continue.")
    ]
    assert page.context["resume_url"] == _step_url(application, "location")


def test_application_step_with_errors_saves_nothing(her_client, call, applicant):
    application = services.application_start(call=call, user=applicant)

    response = her_client.post(
        _step_url(application, "work"), {**STEP_POSTS["work"], "hours_per_week": "200"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["hours_per_week"]
    application.refresh_from_db()
    assert (application.steps_done, application.employment) == ([], "")


def test_application_resume_goes_to_the_first_missing_step(her_client, call, applicant):
    application = services.application_start(call=call, user=applicant)
    Application.objects.filter(pk=application.pk).update(steps_done=["personal", "location", "skills"])

    again = her_client.post(f"/calls/{call.pk}/apply/")
    page = her_client.get(f"/applications/{application.pk}/")

    assert again["Location"] == _step_url(application, "education")
    assert page.context["resume_url"] == _step_url(application, "education")
    after_education = her_client.post(_step_url(application, "education"), STEP_POSTS["education"])
    assert after_education["Location"] == _step_url(application, "work")


def test_application_steps_of_a_submitted_application_lead_to_her_page(her_client, draft):
    services.application_submit(application=draft)

    response = her_client.post(_step_url(draft, "location"), STEP_POSTS["location"])

    assert response["Location"] == f"/applications/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.city == "Хоруғ"


def test_application_review_outside_the_window_shows_why_and_keeps_the_draft(her_client, draft):
    Call.objects.filter(pk=draft.call_id).update(closes_at=timezone.now() - timedelta(minutes=1))

    response = her_client.post(f"/applications/{draft.pk}/review/", HTTP_ACCEPT_LANGUAGE="tg")

    assert response.status_code == 200
    with translation.override("tg"):
        expected = gettext("The call is closed: applications are not accepted now. Your draft is kept.")
    assert [str(m) for m in response.context["messages"]] == [expected]
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (ApplicationStatus.DRAFT, None)


def test_application_of_another_woman_is_not_found(her_client, call, make_user):
    other = ApplicationFactory(call=call, applicant=make_user("applicant"), complete=True)

    for url in (
        _step_url(other, "personal"),
        f"/applications/{other.pk}/",
        f"/applications/{other.pk}/print/",
    ):
        assert her_client.get(url).status_code == 404


def test_tajik_text_survives_storage_and_the_printable_copy(her_client, call, applicant):
    application = services.application_start(call=call, user=applicant)
    name = "Ғунча Қаҳҳорова-Ҷӯраева"
    motivation = "Ӯ ҳамеша мегӯяд: ғ ӣ қ ӯ ҳ ҷ. " + MOTIVATION_TG

    her_client.post(_step_url(application, "personal"), {**STEP_POSTS["personal"], "full_name": name})
    her_client.post(_step_url(application, "location"), {**STEP_POSTS["location"], "city": "Кӯлоб"})
    her_client.post(
        _step_url(application, "motivation"), {**STEP_POSTS["motivation"], "motivation": motivation}
    )

    application.refresh_from_db()
    assert (application.full_name, application.city, application.motivation) == (name, "Кӯлоб", motivation)
    printed = her_client.get(f"/applications/{application.pk}/print/").content.decode()
    assert name in printed
    assert "Кӯлоб" in printed
    assert motivation in printed

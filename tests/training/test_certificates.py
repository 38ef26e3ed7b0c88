"""Certificates: the criteria (property tests), the bulk issue, her page and PDF, the public check."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
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
from training.certificates import certificate_criteria_met, certificates_issue
from training.models import Attendance, Certificate, TrainingSettings

SETTINGS = TrainingSettings()  # the defaults: 80% attendance
rates = st.floats(min_value=0, max_value=100, allow_nan=False)
counts = st.integers(min_value=0, max_value=30)


def _met(rate, passed, total, settings=SETTINGS):
    return certificate_criteria_met(attendance_rate=rate, required_passed=passed, required_total=total,
                                    settings=settings)


@given(low=rates, high=rates, total=counts)
def test_certificate_criteria_are_monotone_in_attendance(low, high, total):
    low, high = sorted((low, high))
    assert not _met(low, total, total) or _met(high, total, total)


@given(rate=rates, total=st.integers(min_value=1, max_value=30), data=st.data())
def test_certificate_criteria_need_every_required_assignment(rate, total, data):
    passed = data.draw(st.integers(min_value=0, max_value=total - 1))
    assert _met(rate, passed, total) is False


@given(rate=rates, total=counts, threshold=st.integers(min_value=0, max_value=100))
def test_certificate_criteria_are_attendance_at_least_the_threshold_with_all_passed(rate, total, threshold):
    settings = TrainingSettings(certificate_attendance=threshold)
    assert _met(rate, total, total, settings) is (rate >= threshold)


@pytest.mark.parametrize(("attended", "counted", "met"), [(4, 5, True), (8, 10, True), (24, 30, True),
                                                          (79, 100, False), (3, 4, False), (1, 1, True)])
def test_certificate_criteria_boundary_at_exactly_80_percent(attended, counted, met):
    assert _met(attended * 100 / counted, 2, 2) is met


def test_certificate_criteria_need_a_known_attendance():
    assert _met(None, 0, 0) is False


def _cohort(roles):
    """Two participants who earned the certificate (4 of 5, 5 of 5) and one who did not (3 of 5)."""
    cohort = CohortFactory(name="PARWONA pilot 2025")
    people = [ParticipantFactory(cohort=cohort, user__language="en") for _ in range(3)]
    now = timezone.now()
    sessions = [SessionFactory(cohort=cohort, starts_at=now - timedelta(days=d + 1)) for d in range(5)]
    for her, attended in zip(people, (4, 5, 3), strict=True):
        Attendance.objects.bulk_create(
            Attendance(session=s, participant=her, status="present" if n < attended else "absent")
            for n, s in enumerate(sessions)
        )
    assignment = AssignmentFactory(cohort=cohort)
    for her in people:
        SubmissionFactory(assignment=assignment, participant=her, status="passed", grade=3)
    return cohort, people


@pytest.mark.django_db
def test_certificates_issue_to_those_who_meet_the_criteria_once(roles, make_user):
    cohort, (a, b, c) = _cohort(roles)
    coordinator = make_user(Role.COORDINATOR, language="en")

    first = certificates_issue(cohort=cohort, actor=coordinator)
    codes = dict(Certificate.objects.values_list("participant_id", "code"))
    again = certificates_issue(cohort=cohort, actor=coordinator)

    assert (first, again) == (2, 0)
    assert set(codes) == {a.pk, b.pk}
    assert dict(Certificate.objects.values_list("participant_id", "code")) == codes
    assert len(set(codes.values())) == 2
    assert [e.details for e in AuditEntry.objects.filter(action="certificates.issued").order_by("pk")] == [
        {"issued": 2}, {"issued": 0},
    ]


@pytest.mark.django_db
def test_certificates_issue_button_is_for_coordinators(client, roles, make_user):
    cohort, _people = _cohort(roles)
    url = reverse("staff_certificates_issue", kwargs={"pk": cohort.pk})
    client.force_login(make_user(Role.TRAINER, language="en"))
    assert client.post(url).status_code == 403
    client.force_login(make_user(Role.COORDINATOR, language="en"))

    page = client.get(reverse("staff_cohort_progress", kwargs={"pk": cohort.pk})).content.decode()
    response = client.post(url, follow=True)

    assert "Issue certificates (2 meet the criteria)" in page
    assert [str(m) for m in response.context["messages"]] == ["2 certificates are issued."]
    assert Certificate.objects.count() == 2


@pytest.mark.django_db
def test_my_certificate_shows_code_and_verification_address(client, roles):
    cohort, (her, _b, late) = _cohort(roles)
    certificate = Certificate.objects.create(participant=her)
    client.force_login(her.user)

    html = client.get(reverse("my_certificate")).content.decode()

    verify = f"http://testserver/certificates/{certificate.code}/"
    assert f'<a href="{verify}">{verify}</a>' in html
    assert her.user.full_name in html and "PARWONA pilot 2025" in html
    client.force_login(late.user)
    assert "Your certificate is not issued yet." in client.get(reverse("my_certificate")).content.decode()
    assert client.get(reverse("my_certificate_pdf")).status_code == 404


@pytest.mark.django_db
def test_my_certificate_pdf_is_a4_landscape_with_the_font_embedded(client, roles):
    cohort, (her, *_rest) = _cohort(roles)
    Certificate.objects.create(participant=her)
    client.force_login(her.user)

    response = client.get(reverse("my_certificate_pdf"))

    body = response.content
    assert response["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF")
    assert b"/FontFile2" in body  # the TrueType font travels inside the file
    assert b"DejaVuSans" in body
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in body


@pytest.mark.django_db
def test_certificate_verify_shows_only_name_cohort_and_date(client, roles):
    cohort, (her, *_rest) = _cohort(roles)
    certificate = Certificate.objects.create(participant=her)

    response = client.get(reverse("certificate_verify", kwargs={"code": certificate.code}))

    html = response.content.decode()
    assert response.context["name"] == her.user.full_name
    assert response.context["cohort_name"] == "PARWONA pilot 2025"
    assert her.user.email not in html
    assert her.user.phone not in html and her.user.phone[4:] not in html
    assert her.application.reference not in html
    assert html.count('<dt class="col-5">') == 3  # name, cohort, date


@pytest.mark.django_db
def test_certificate_verify_of_an_unknown_code_does_not_exist(client):
    assert client.get(reverse("certificate_verify", kwargs={"code": "not-a-code"})).status_code == 404

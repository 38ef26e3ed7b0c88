"""Progress figures over a cohort: attendance rate, assignments, overdue, skills, at-risk flags, pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import Match, MatchingRound
from parwona.users.enums import Role
from tests.factories import (
    AssignmentFactory,
    CohortFactory,
    FirmFactory,
    ParticipantFactory,
    SessionFactory,
    SubmissionFactory,
    UserFactory,
)
from training.models import Attendance, PeerGroup, PeerGroupMember, SkillRating, TrainingSettings
from training.progress import cohort_progress, participant_progress, progress_rows

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _days(n: int):
    return NOW + timedelta(days=n)


def _marks(session, **statuses):
    Attendance.objects.bulk_create(
        Attendance(session=session, participant=p, status=s) for p, s in statuses.values()
    )


@pytest.fixture
def cohort_data(roles):
    """Three participants, Aziza, Bibi and Dilnoza (in a peer group), with sessions, marks, submissions
    and ratings whose figures are worked out by hand in the tests."""
    cohort = CohortFactory()
    aziza = ParticipantFactory(cohort=cohort, user__language="en", user__full_name="Aziza Karimova")
    bibi = ParticipantFactory(cohort=cohort, user__language="en", user__full_name="Bibi Nazarova")
    dilnoza = ParticipantFactory(cohort=cohort, user__language="en", user__full_name="Dilnoza Umarova")
    group = PeerGroup.objects.create(cohort=cohort, name="Khujand")
    PeerGroupMember.objects.create(group=group, participant=dilnoza)
    s1, s2, s3 = (SessionFactory(cohort=cohort, starts_at=_days(-d)) for d in (5, 3, 1))
    s4 = SessionFactory(cohort=cohort, peer_group=group, starts_at=_days(-2))
    SessionFactory(cohort=cohort, starts_at=_days(1))  # not held yet
    other_group = PeerGroup.objects.create(cohort=cohort, name="Khorog")
    SessionFactory(cohort=cohort, peer_group=other_group, starts_at=_days(-2))  # for nobody here
    _marks(s1, a=(aziza, "present"), b=(bibi, "present"), d=(dilnoza, "present"))
    _marks(s2, a=(aziza, "late"), b=(bibi, "excused"), d=(dilnoza, "present"))
    _marks(s3, a=(aziza, "absent"), b=(bibi, "present"))  # Dilnoza not marked: counts as missed
    _marks(s4, d=(dilnoza, "late"))

    r1 = AssignmentFactory(cohort=cohort, due_at=_days(-5))
    r2 = AssignmentFactory(cohort=cohort, due_at=_days(-1))
    r3 = AssignmentFactory(cohort=cohort, due_at=_days(3))
    optional = AssignmentFactory(cohort=cohort, due_at=_days(-2), required=False)
    SubmissionFactory(assignment=r1, participant=aziza, attempt=1, status="failed", grade=1)
    SubmissionFactory(assignment=r1, participant=aziza, attempt=2, status="passed", grade=3)
    SubmissionFactory(assignment=r1, participant=bibi, status="passed", grade=4)
    SubmissionFactory(assignment=r2, participant=bibi, status="submitted")
    SubmissionFactory(assignment=r3, participant=bibi, status="passed", grade=2)
    SubmissionFactory(assignment=optional, participant=bibi, status="resubmit", grade=1)
    for assignment in (r1, r2, optional):
        SubmissionFactory(assignment=assignment, participant=dilnoza, status="passed", grade=3)
    ratings = [
        (aziza, "digital_marketing", "start", "trainer", 2),
        (aziza, "digital_marketing", "end", "trainer", 4),
        (aziza, "time", "start", "trainer", 3), (aziza, "time", "end", "trainer", 4),
        (aziza, "time", "start", "self", 1), (aziza, "time", "end", "self", 5),
        (bibi, "digital_marketing", "start", "trainer", 3),
    ]
    SkillRating.objects.bulk_create(
        SkillRating(participant=p, skill=s, point=pt, rater=r, rating=v) for p, s, pt, r, v in ratings
    )
    return {"cohort": cohort, "aziza": aziza, "bibi": bibi, "dilnoza": dilnoza}


def test_progress_rows_figures_match_the_hand_count(cohort_data):
    rows = {row.name: row for row in progress_rows(cohort=cohort_data["cohort"], now=NOW)}

    aziza, bibi, dilnoza = rows["Aziza Karimova"], rows["Bibi Nazarova"], rows["Dilnoza Umarova"]
    # Aziza: present, late, absent of 3 held cohort sessions -> 2/3.
    assert (aziza.sessions_attended, aziza.sessions_counted) == (2, 3)
    assert aziza.attendance_rate == pytest.approx(200 / 3)
    # Only the second attempt counts: passed. r2 and the optional one are past due with nothing handed in.
    assert (aziza.required_passed, aziza.required_total, aziza.overdue) == (1, 3, 2)
    assert aziza.completion == pytest.approx(100 / 3)
    assert aziza.skills == {"digital_marketing": 2.0, "time": 1.0}  # her own ratings are not counted
    assert aziza.skills_gained == 1.5
    assert (aziza.low_attendance, aziza.many_overdue, aziza.at_risk) == (True, True, True)
    # Bibi: excused from one of 3, present at the other 2 -> 2/2; waiting for feedback is not overdue,
    # asked to resubmit is.
    assert (bibi.sessions_attended, bibi.sessions_counted, bibi.attendance_rate) == (2, 2, 100.0)
    assert (bibi.required_passed, bibi.overdue) == (2, 1)
    assert bibi.skills == {}
    assert bibi.skills_gained is None
    assert bibi.at_risk is False
    # Dilnoza: 3 cohort sessions (one unmarked) and her group's session -> present, present, late of 4.
    assert (dilnoza.sessions_attended, dilnoza.sessions_counted, dilnoza.attendance_rate) == (3, 4, 75.0)
    assert (dilnoza.required_passed, dilnoza.overdue, dilnoza.at_risk) == (2, 0, False)


def test_cohort_progress_lists_at_risk_first_and_filters(cohort_data):
    cohort = cohort_data["cohort"]

    everyone = [row.name for row in cohort_progress(cohort=cohort, now=NOW)]
    at_risk = [row.name for row in cohort_progress(cohort=cohort, now=NOW, at_risk_only=True)]

    assert everyone == ["Aziza Karimova", "Bibi Nazarova", "Dilnoza Umarova"]
    assert at_risk == ["Aziza Karimova"]
    assert TrainingSettings.objects.get(cohort=cohort).at_risk_attendance == 70  # created with defaults


def _attending(*, attended: int, held: int, overdue: int = 0):
    cohort = CohortFactory()
    her = ParticipantFactory(cohort=cohort, user__language="en")
    for n in range(held):
        session = SessionFactory(cohort=cohort, starts_at=_days(-n - 1))
        if n < attended:
            Attendance.objects.create(session=session, participant=her, status="present")
    for _n in range(overdue):
        AssignmentFactory(cohort=cohort, due_at=_days(-1), required=False)
    return participant_progress(participant=her, now=NOW)


@pytest.mark.parametrize(("attended", "held", "low"), [(7, 10, False), (6, 9, True), (69, 100, True),
                                                       (0, 0, False)])
def test_progress_low_attendance_is_strictly_under_the_threshold(roles, attended, held, low):
    assert _attending(attended=attended, held=held).low_attendance is low


@pytest.mark.parametrize(("overdue", "at_risk"), [(1, False), (2, True), (3, True)])
def test_progress_at_risk_from_the_second_overdue_assignment(roles, overdue, at_risk):
    progress = _attending(attended=1, held=1, overdue=overdue)
    assert (progress.overdue, progress.at_risk) == (overdue, at_risk)


def test_progress_thresholds_come_from_the_cohorts_settings(roles):
    cohort = CohortFactory()
    TrainingSettings.objects.create(cohort=cohort, at_risk_attendance=80, at_risk_overdue=1)
    her = ParticipantFactory(cohort=cohort, user__language="en")
    for n, status in enumerate(["present"] * 3 + ["absent"]):
        Attendance.objects.create(session=SessionFactory(cohort=cohort, starts_at=_days(-n - 1)),
                                  participant=her, status=status)
    AssignmentFactory(cohort=cohort, due_at=_days(-1))

    progress = participant_progress(participant=her, now=NOW)

    assert (progress.attendance_rate, progress.low_attendance, progress.many_overdue) == (75.0, True, True)


def _cohort_of(size: int):
    cohort = CohortFactory(size=size)
    people = [ParticipantFactory(cohort=cohort, user__language="en") for _ in range(size)]
    sessions = [SessionFactory(cohort=cohort, starts_at=_days(-d - 1)) for d in range(3)]
    assignment = AssignmentFactory(cohort=cohort, due_at=_days(-1))
    Attendance.objects.bulk_create(
        Attendance(session=s, participant=p, status="present") for s in sessions for p in people
    )
    for p in people:
        SubmissionFactory(assignment=assignment, participant=p, status="passed", grade=3)
        SkillRating.objects.create(participant=p, skill="time", point="start", rater="trainer", rating=2)
    return cohort, people


def _count(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_cohort_progress_page_has_a_fixed_query_count(client, make_user):
    coordinator = make_user(Role.COORDINATOR, language="en")
    client.force_login(coordinator)
    small, _people = _cohort_of(1)
    large, _people = _cohort_of(12)
    url = "staff_cohort_progress"
    client.get(reverse(url, kwargs={"pk": small.pk}))  # creates the settings of both the first time
    client.get(reverse(url, kwargs={"pk": large.pk}))

    one, _response = _count(client, reverse(url, kwargs={"pk": small.pk}))
    many, response = _count(client, reverse(url, kwargs={"pk": large.pk}))

    assert one == many
    assert len(response.context["page"].object_list) == 12


def test_cohort_progress_page_flags_with_icon_and_text_and_filters(client, make_user, cohort_data):
    client.force_login(make_user(Role.TRAINER, language="en"))
    url = reverse("staff_cohort_progress", kwargs={"pk": cohort_data["cohort"].pk})

    html = client.get(url).content.decode()
    only = client.get(url, {"risk": "1"})

    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "Aziza Karimova" in first_row
    assert '<span aria-hidden="true">⚠</span> At risk' in first_row
    assert [row.name for row in only.context["page"]] == ["Aziza Karimova"]
    assert "Issue certificates" not in html  # trainers do not issue them


def test_my_progress_and_attendance_pages_have_a_fixed_query_count(client):
    from parwona.users.services import roles_sync

    roles_sync()
    small, (alone,) = _cohort_of(1)
    large, people = _cohort_of(12)
    counts = {}
    for name, her in (("one", alone), ("many", people[5])):
        client.force_login(her.user)
        counts[name] = [_count(client, reverse(url))[0] for url in ("my_progress", "my_attendance")]
        client.logout()
    assert counts["one"] == counts["many"]


def test_my_attendance_shows_only_her_own_record(client, cohort_data):
    client.force_login(cohort_data["bibi"].user)

    response = client.get(reverse("my_attendance"))

    statuses = [(row["session"].title, row["status"]) for row in response.context["sessions"]]
    assert [status for _title, status in statuses] == [None, "present", "excused", "present"]
    assert response.context["progress"].participant_id == cohort_data["bibi"].pk
    html = response.content.decode()
    assert "Aziza" not in html and "Dilnoza" not in html
    assert response.context["progress"].attendance_rate == 100.0


def test_my_progress_is_hidden_from_anyone_not_a_participant(client, make_user):
    client.force_login(make_user(Role.TRAINER, language="en"))
    assert client.get(reverse("my_progress")).status_code == 404


def test_firm_panel_shows_its_own_manager_only(client, make_user, cohort_data):
    representative = make_user(Role.FIRM, language="en")
    firm = FirmFactory(representative=representative, status="approved", decided_at=NOW)
    other_firm = FirmFactory(representative=UserFactory(role=Role.FIRM), status="approved", decided_at=NOW)
    round_ = MatchingRound.objects.create(cohort=cohort_data["cohort"])
    Match.objects.create(round=round_, participant=cohort_data["aziza"], firm=firm, started_at=NOW)
    Match.objects.create(round=round_, participant=cohort_data["bibi"], firm=other_firm, started_at=NOW)
    client.force_login(representative)

    page = client.get(reverse("my_firm"))
    others = client.get(reverse("my_firm_manager", kwargs={"pk": cohort_data["bibi"].pk}))
    hers = client.get(reverse("my_firm_manager", kwargs={"pk": cohort_data["aziza"].pk}))

    panels = [p for m in page.context["managers"] for p in m["panels"]]
    assert [p["context"]["progress"].participant_id for p in panels] == [cohort_data["aziza"].pk]
    assert others.status_code == 404
    assert [p["context"]["progress"].name for p in hers.context["panels"]] == ["Aziza Karimova"]
    assert "Training progress" in hers.content.decode()
    assert "Bibi" not in page.content.decode()

"""Sessions of a cohort: scheduled by trainers and coordinators in Dushanbe time, listed upcoming first,
shown on the participant's and the trainer's home."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import CohortFactory, ModuleFactory, PeerGroupFactory, SessionFactory
from training import curriculum
from training.curriculum_forms import SessionForm
from training.curriculum_selectors import participant_next_session
from training.models import PeerGroupMember, Session

DUSHANBE = ZoneInfo("Asia/Dushanbe")


def _data(**changes):
    return {
        "title": "Мағоза дар LakLak",
        "date": "2026-04-06",
        "time": "10:30",
        "duration_minutes": "90",
        "online_url": "",
        "place": "Маркази ҷавонон, Хуҷанд",
        "trainer": "",
        "module": "",
        "peer_group": "",
    } | changes


@pytest.mark.django_db
def test_session_form_reads_dushanbe_time(cohort):
    form = SessionForm(data=_data(), cohort=cohort)

    assert form.is_valid(), form.errors
    assert form.values()["starts_at"] == datetime(2026, 4, 6, 5, 30, tzinfo=ZoneInfo("UTC"))


@pytest.mark.django_db
def test_session_form_needs_an_online_link_or_a_place(cohort):
    form = SessionForm(data=_data(place=" "), cohort=cohort)

    assert form.is_valid() is False
    assert form.errors == {"online_url": ["Give an online link or a place."]}


@pytest.mark.django_db
def test_session_form_refuses_a_javascript_link(cohort):
    form = SessionForm(data=_data(online_url="javascript:alert(1)"), cohort=cohort)

    assert form.is_valid() is False
    assert form.errors == {"online_url": ["Give a link that starts with http:// or https://."]}


@pytest.mark.django_db
def test_session_form_offers_trainers_and_this_cohorts_modules_only(cohort, make_user):
    trainer = make_user(Role.TRAINER)
    make_user(Role.COORDINATOR)
    mine, other = ModuleFactory(cohort=cohort), ModuleFactory()

    form = SessionForm(cohort=cohort)

    assert list(form.fields["trainer"].queryset) == [trainer]
    assert list(form.fields["module"].queryset) == [mine]
    bound = SessionForm(data=_data(module=str(other.pk)), cohort=cohort)
    assert bound.is_valid() is False
    assert list(bound.errors) == ["module"]


@pytest.mark.django_db
def test_session_form_shows_the_saved_time_in_dushanbe(cohort):
    session = SessionFactory(cohort=cohort, starts_at=datetime(2026, 4, 6, 5, 30, tzinfo=ZoneInfo("UTC")))

    form = SessionForm(cohort=cohort, instance=session)

    assert (str(form["date"].value()), str(form["time"].value())) == ("2026-04-06", "10:30:00")


@pytest.mark.django_db
def test_session_create_refuses_a_module_of_another_cohort(cohort):
    values = {
        "title": "x",
        "starts_at": timezone.now(),
        "duration_minutes": 60,
        "online_url": "https://m.tj",
        "place": "",
        "trainer": None,
        "module": ModuleFactory(),
        "peer_group": None,
    }

    with pytest.raises(ValidationError):
        curriculum.session_create(cohort=cohort, actor=None, values=values)

    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_session_add_page_schedules_and_audits(trainer, cohort):
    response = trainer.post(
        reverse("staff_session_add", args=[cohort.pk]), _data(trainer=str(trainer.user.pk))
    )

    assert response.status_code == 302
    session = Session.objects.get(cohort=cohort)
    assert (session.place, session.trainer, session.starts_at.astimezone(DUSHANBE).hour) == (
        "Маркази ҷавонон, Хуҷанд",
        trainer.user,
        10,
    )
    entry = AuditEntry.objects.get(action="session.created")
    assert entry.details == {"cohort": cohort.pk, "starts_at": "2026-04-06T10:30:00+05:00"}


@pytest.mark.django_db
def test_session_update_to_another_time_lets_the_reminder_go_again(cohort):
    session = SessionFactory(cohort=cohort, reminded_at=timezone.now())
    values = {name: getattr(session, name) for name in curriculum.SESSION_FIELDS}

    curriculum.session_update(
        session=session, actor=None, values=values | {"starts_at": session.starts_at + timedelta(hours=2)}
    )

    session.refresh_from_db()
    assert session.reminded_at is None
    assert AuditEntry.objects.get(action="session.updated").details == {"fields": ["starts_at"]}


@pytest.mark.django_db
def test_session_delete_page_cancels_it(trainer, cohort):
    session = SessionFactory(cohort=cohort)

    response = trainer.post(reverse("staff_session_delete", args=[session.pk]))

    assert response.status_code == 302
    assert Session.objects.count() == 0
    assert AuditEntry.objects.filter(action="session.deleted").count() == 1


@pytest.mark.django_db
def test_session_list_puts_upcoming_first_then_past_latest_first(trainer, cohort):
    now = timezone.now()
    for title, days in [("past-far", -10), ("soon", 1), ("past-near", -1), ("later", 5)]:
        SessionFactory(cohort=cohort, title=title, starts_at=now + timedelta(days=days))

    response = trainer.get(reverse("staff_session_list", args=[cohort.pk]))

    assert [s.title for s in response.context["page"]] == ["soon", "later", "past-near", "past-far"]


@pytest.mark.django_db
def test_session_list_has_a_fixed_query_count(trainer, cohort, make_user):
    group = PeerGroupFactory(cohort=cohort)
    module = ModuleFactory(cohort=cohort)
    SessionFactory(cohort=cohort, trainer=trainer.user, module=module, peer_group=group)
    url = reverse("staff_session_list", args=[cohort.pk])
    with CaptureQueriesContext(connection) as one:
        trainer.get(url)
    for days in range(30):
        SessionFactory(
            cohort=cohort,
            trainer=make_user(Role.TRAINER),
            module=module,
            peer_group=group,
            starts_at=timezone.now() + timedelta(days=days - 15),
        )

    with CaptureQueriesContext(connection) as many:
        response = trainer.get(url)

    assert len(many) == len(one)
    assert len(response.context["page"]) == 25


@pytest.mark.django_db
def test_participant_next_session_is_her_cohorts_or_her_groups(cohort, participant):
    now = timezone.now()
    mine, others = PeerGroupFactory(cohort=cohort), PeerGroupFactory(cohort=cohort)
    PeerGroupMember.objects.create(group=mine, participant=participant)
    SessionFactory(cohort=cohort, peer_group=others, starts_at=now + timedelta(hours=1))
    SessionFactory(cohort=CohortFactory(), starts_at=now + timedelta(hours=2))
    SessionFactory(cohort=cohort, starts_at=now - timedelta(hours=1))
    group_session = SessionFactory(cohort=cohort, peer_group=mine, starts_at=now + timedelta(hours=3))
    SessionFactory(cohort=cohort, starts_at=now + timedelta(hours=4))

    assert participant_next_session(participant=participant, now=now) == group_session


@pytest.mark.django_db
def test_next_session_panel_on_her_home(client, cohort, participant):
    participant.user.language = "en"
    participant.user.save()
    SessionFactory(
        cohort=cohort,
        title="Answering a complaint",
        online_url="https://meet.example.tj/x",
        starts_at=datetime(2030, 5, 2, 9, 0, tzinfo=DUSHANBE),
    )
    client.force_login(participant.user)

    body = client.get(reverse("home")).content.decode()

    assert "Answering a complaint" in body
    assert "09:00" in body
    assert (
        '<a class="text-break" href="https://meet.example.tj/x" rel="noopener nofollow">Join online</a>'
        in body
    )


@pytest.mark.django_db
def test_trainer_home_shows_her_next_five_sessions(trainer, cohort, make_user):
    now = timezone.now()
    for hours in range(7):
        SessionFactory(
            cohort=cohort,
            trainer=trainer.user,
            title=f"Mine {hours}",
            starts_at=now + timedelta(hours=hours + 1),
        )
    SessionFactory(cohort=cohort, trainer=make_user(Role.TRAINER), title="Not mine")
    SessionFactory(cohort=cohort, trainer=trainer.user, title="Mine past", starts_at=now - timedelta(hours=1))

    response = trainer.get(reverse("home"))

    panel = next(p for p in response.context["panels"] if "sessions" in p["context"])
    assert [s.title for s in panel["context"]["sessions"]] == [f"Mine {h}" for h in range(5)]

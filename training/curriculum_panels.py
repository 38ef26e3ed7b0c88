"""Home panels and navigation of the curriculum: the participant's lessons and next session, the
trainer's next sessions, and the staff's way to each cohort's curriculum."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .curriculum_selectors import participant_current, participant_next_session, trainer_next_sessions
from .models import Lesson, Module


def _lessons(request) -> dict | None:
    participant = participant_current(user=request.user)
    if participant is None:
        return None
    return {
        "cohort": participant.cohort,
        "modules": Module.objects.filter(cohort_id=participant.cohort_id).count(),
        "lessons": Lesson.objects.filter(module__cohort_id=participant.cohort_id).count(),
    }


def _next_session(request) -> dict | None:
    participant = participant_current(user=request.user)
    if participant is None:
        return None
    return {"session": participant_next_session(participant=participant, now=timezone.now())}


def _trainer_sessions(request) -> dict:
    return {"sessions": trainer_next_sessions(user=request.user, now=timezone.now())}


panel_register(
    roles=[Role.PARTICIPANT],
    panel=Panel("training/curriculum/panels/next_session.html", _next_session, order=8),
)
panel_register(
    roles=[Role.PARTICIPANT], panel=Panel("training/curriculum/panels/lessons.html", _lessons, order=30)
)
panel_register(
    roles=[Role.TRAINER],
    panel=Panel("training/curriculum/panels/trainer_sessions.html", _trainer_sessions, order=10),
)
nav_register(roles=[Role.PARTICIPANT], item=NavItem(_("Lessons"), "my_lessons", order=30))
nav_register(
    roles=[Role.TRAINER, Role.COORDINATOR],
    item=NavItem(_("Training"), "staff_training_cohorts", order=220, permission="training.view_module"),
)

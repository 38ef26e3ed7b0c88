"""Home panels and navigation of assignments: her assignments due soon and waiting for feedback, the
trainer's submissions to give feedback on."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register
from parwona.users.enums import Role

from .assignment_rules import cohorts_of_staff, her_participation
from .assignment_selectors import assignment_figures, submissions_waiting_count


def _participant(request) -> dict | None:
    try:
        participant = her_participation(request.user)
    except Http404:
        return None
    return assignment_figures(participant=participant, now=timezone.now())


def _trainer(request) -> dict | None:
    if not request.user.has_perm("training.grade_submission"):
        return None
    return {"waiting": submissions_waiting_count(cohorts=cohorts_of_staff(request.user))}


panel_register(
    roles=[Role.PARTICIPANT],
    panel=Panel("training/assignments/panel_participant.html", _participant, order=40),
)
panel_register(
    roles=[Role.TRAINER], panel=Panel("training/assignments/panel_trainer.html", _trainer, order=20)
)
nav_register(roles=[Role.PARTICIPANT], item=NavItem(_("Assignments"), "assignment_list", order=40))
nav_register(roles=[Role.PARTICIPANT], item=NavItem(_("My skills"), "skills_mine", order=45))
nav_register(
    roles=[Role.TRAINER, Role.COORDINATOR],
    item=NavItem(_("Feedback"), "staff_training_feedback", order=300, permission="training.grade_submission"),
)

"""Home panels and navigation the accounts app gives every role."""

from allauth.mfa.models import Authenticator
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register

from .enums import Role
from .models import User

# What each role does in the portal, shown at the top of her home page.
ROLE_INTROS = {
    Role.APPLICANT: _("Apply to an open call from your phone, save your application and come back to it, "
                      "and follow its status here."),
    Role.PARTICIPANT: _("You are a participant of the programme. Your firm, schedule, lessons, assignments, "
                        "feedback and certificate are gathered here."),
    Role.COORDINATOR: _("You run the programme: calls, selection, firms, matching, training and outcomes. "
                        "Invite staff and donors from People; every decision is recorded in the audit log."),
    Role.REVIEWER: _("You score the applications assigned to you. Review is blind: you never see names, "
                     "phones, emails or addresses."),
    Role.TRAINER: _("You deliver the curriculum: sessions, attendance, feedback on assignments and skills "
                    "ratings."),
    Role.FIRM: _("Your firm hosts an e-commerce manager from the programme. You see her progress and report "
                 "your monthly online sales and hiring."),
    Role.DONOR: _("You read the programme's outcomes as indicators and dashboards. Figures are aggregates: "
                  "small groups are suppressed and no personal data is shown."),
}


def _intro(request) -> dict | None:
    role = request.user.primary_role
    return {"role_label": Role(role).label, "text": ROLE_INTROS[role]} if role in ROLE_INTROS else None


def _account(request) -> dict:
    user = request.user
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return {"account": user, "has_totp": has_totp, "role_label": Role(user.primary_role).label
            if user.primary_role else ""}


def _people(request) -> dict | None:
    if not request.user.has_perm("users.view_user"):
        return None
    counts = dict(
        User.objects.filter(groups__name__in=Role.values, is_active=True)
        .values_list("groups__name").annotate(n=Count("pk"))
    )
    return {"counts": [(label, counts.get(value, 0)) for value, label in Role.choices]}


panel_register(roles=Role.values, panel=Panel("users/panels/intro.html", _intro, order=0))
panel_register(roles=Role.values, panel=Panel("users/panels/account.html", _account, order=1000))
panel_register(roles=[Role.COORDINATOR], panel=Panel("users/panels/people.html", _people, order=50))
nav_register(roles=Role.values, item=NavItem(_("Home"), "home", order=0))
nav_register(roles=[Role.COORDINATOR], item=NavItem(_("People"), "people_list", order=800,
                                                     permission="users.view_user"))

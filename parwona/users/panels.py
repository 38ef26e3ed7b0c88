"""Home panels and navigation the accounts app gives every role."""

from allauth.mfa.models import Authenticator
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from parwona.core.panels import NavItem, Panel, nav_register, panel_register

from .enums import Role
from .models import User


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


panel_register(roles=Role.values, panel=Panel("users/panels/account.html", _account, order=1000))
panel_register(roles=[Role.COORDINATOR], panel=Panel("users/panels/people.html", _people, order=50))
nav_register(roles=Role.values, item=NavItem(_("Home"), "home", order=0))
nav_register(roles=[Role.COORDINATOR], item=NavItem(_("People"), "people_list", order=800,
                                                     permission="users.view_user"))

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from parwona.core.search import search

from .models import User


def people(*, q: str = "", role: str = "") -> QuerySet[User]:
    """Return users with their role groups and whether they enrolled TOTP, for the people page."""
    qs = User.objects.annotate(
        has_totp=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP))
    ).prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
    qs = search(qs, ["email", "full_name"], q)
    if role:
        qs = qs.filter(groups__name=role)
    return qs.order_by("email")

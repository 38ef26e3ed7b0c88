"""Who may see which application."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from parwona.users.enums import Role

from .models import Application


def can_apply(user) -> bool:
    """Applicants and participants apply; staff, firms and donors do not."""
    return bool(user.roles & {Role.APPLICANT, Role.PARTICIPANT})


def own_application(user, pk: int) -> Application:
    """Return her own application `pk`, or 404 for anyone else's."""
    return get_object_or_404(Application.objects.select_related("call"), pk=pk, applicant=user)


def application_for_staff(user, pk: int) -> Application:
    """Return a submitted application for staff who may read applications; drafts stay hers alone."""
    application = get_object_or_404(
        Application.objects.select_related("call"), pk=pk, submitted_at__isnull=False
    )
    if not (
        user.has_perm("applicants.view_application") or user.has_perm("applicants.view_application_blind")
    ):
        raise Http404
    return application


def sees_identity(user) -> bool:
    """Whether `user` may see names and contacts (coordinators), or only a blind view (reviewers)."""
    return user.has_perm("applicants.view_application")

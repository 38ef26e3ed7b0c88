"""Peer group pages: a group's page for its members and staff, the coordinators' page of a cohort's groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applicants.enums import CohortStatus
from applicants.models import Cohort, Participant
from parwona.core.rules import permission_needed

from . import groups
from .models import PeerGroup

FORM_PERMISSION = "applicants.view_cohort"  # coordinators; trainers read groups but do not form them


@login_required
def peer_group_detail(request, pk: int):
    group = groups.peer_group_for(user=request.user, pk=pk)
    return render(request, "training/groups/detail.html", {
        "group": group, "members": groups.peer_group_members(group=group),
        "sessions": groups.peer_group_sessions(group=group),
        "can_change": request.user.has_perm(FORM_PERMISSION)
        and request.user.has_perm("training.change_peergroup"),
    })


def _cohort(pk: int) -> Cohort:
    return get_object_or_404(Cohort, pk=pk, status=CohortStatus.CONFIRMED)


@permission_needed(FORM_PERMISSION)
def cohort_peer_groups(request, pk: int):
    cohort = _cohort(pk)
    group_list = list(groups.cohort_peer_groups(cohort=cohort))
    grouped = {m.participant_id for g in group_list for m in g.memberships.all()}
    participants = list(Participant.objects.filter(cohort=cohort).select_related("user")
                        .order_by("user__full_name", "pk"))
    return render(request, "training/groups/cohort.html", {
        "cohort": cohort, "groups": group_list, "participants": participants,
        "ungrouped": [p for p in participants if p.pk not in grouped],
    })


def _may_change(request) -> None:
    from django.core.exceptions import PermissionDenied

    if not request.user.has_perm("training.change_peergroup"):
        raise PermissionDenied


@require_POST
@permission_needed(FORM_PERMISSION)
def peer_groups_form(request, pk: int):
    _may_change(request)
    cohort = _cohort(pk)
    try:
        size = int(request.POST.get("size", groups.GROUP_SIZE))
        formed = groups.peer_groups_form(cohort=cohort, actor=request.user, size=size,
                                         by=request.POST.get("by", "region"))
    except (ValueError, ValidationError) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError)
                       else _("Choose a group size."))
    else:
        messages.success(request, ngettext(
            "%(count)s group is formed. Groups with sessions kept their members.",
            "%(count)s groups are formed. Groups with sessions kept their members.", len(formed),
        ) % {"count": len(formed)})
    return redirect("staff_peer_groups", pk=pk)


@require_POST
@permission_needed(FORM_PERMISSION)
def peer_group_rename(request, pk: int):
    _may_change(request)
    group = get_object_or_404(PeerGroup, pk=pk)
    try:
        groups.peer_group_rename(group=group, name=request.POST.get("name", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The group is renamed."))
    return redirect("staff_peer_groups", pk=group.cohort_id)


@require_POST
@permission_needed(FORM_PERMISSION)
def peer_group_move(request, pk: int):
    """Move the participant the form names into the group it names, both of cohort `pk`."""
    _may_change(request)
    cohort = _cohort(pk)
    participant_id, group_id = request.POST.get("participant", ""), request.POST.get("group", "")
    participant = (Participant.objects.filter(cohort=cohort, pk=int(participant_id)).first()
                   if participant_id.isdigit() else None)
    group = PeerGroup.objects.filter(cohort=cohort, pk=int(group_id)).first() if group_id.isdigit() else None
    if participant is None or group is None:
        messages.error(request, _("Choose a participant of this cohort and one of its groups."))
    else:
        try:
            groups.peer_group_member_move(participant=participant, group=group, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("She is moved to %(group)s.") % {"group": group.name})
    return redirect("staff_peer_groups", pk=pk)

"""Peer groups: a cohort's participants in groups of 5-6 who support each other, as the self-help groups of
the migration programme did. The proposal is a pure function on a table; the writes are audited.

The rule of `groups_propose` (with the default size 6, so groups of 5 or 6):
1. The cohort's n participants make k groups whose sizes differ by at most one. k is the smallest number of
   groups of at most `size` (k = ceil(n / size)) when those can all hold at least `size - 1`; every n of 20
   or more, and 5, 6, 10-12 and 15-18, splits so. Otherwise (7-9, 13, 14 and 19 people) there is no split
   into groups of 5-6, and k = floor(n / (size - 1)) groups take one or two people more (13 = 7 + 6).
   No group is under `size - 1` unless the whole cohort is: fewer than 5 people make one group.
2. Participants of the same region (or city) stay together where possible: regions are taken largest
   first, and each makes as many whole groups of its own as the sizes of step 1 allow, covering as many of
   its members as possible.
3. What is left of each region (fewer than a group) is put side by side with the leftovers nearest to it in
   size, and these make the remaining groups in that order, so small regions share groups with each other.
Within a region participants keep the order of their ids, so the same table gives the same groups.
"""

import logging
from math import ceil

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from applicants.enums import Region
from applicants.models import Cohort, Participant
from parwona.core.services import audit_record

from .models import PeerGroup, PeerGroupMember, Session

logger = logging.getLogger(__name__)

GROUP_SIZE = 6
GROUP_BY = ("region", "city")
NAME_MAX = 120


def group_sizes(*, n: int, size: int = GROUP_SIZE) -> list[int]:
    """Return the sizes of the groups `n` people make (step 1 of the rule), largest first."""
    if n <= 0:
        return []
    smallest = size - 1
    k = ceil(n / size)
    if k * smallest > n:
        k = max(1, n // smallest)
    base, extra = divmod(n, k)
    return [base + 1] * extra + [base] * (k - extra)


def _best_cover(*, m: int, pool: dict[int, int]) -> dict[int, int]:
    """Return how many groups of each size in `pool` cover the most of `m` people (ties: fewer groups)."""
    sizes = sorted(pool)
    best: tuple[int, int, dict[int, int]] = (0, 0, {})

    def walk(index: int, left: int, chosen: dict[int, int]) -> None:
        nonlocal best
        if index == len(sizes) - 1:
            s = sizes[index]
            take = min(pool[s], left // s)
            picked = chosen | ({s: take} if take else {})
            covered = m - left + take * s
            groups = sum(picked.values())
            if covered > best[0] or (covered == best[0] and groups < best[1]):
                best = (covered, groups, picked)
            return
        s = sizes[index]
        for take in range(min(pool[s], left // s) + 1):
            walk(index + 1, left - take * s, chosen | ({s: take} if take else {}))

    if sizes:
        walk(0, m, {})
    return best[2]


def groups_propose(table: pd.DataFrame, *, size: int = GROUP_SIZE, by: str = "region") -> list[list[int]]:
    """Return groups of the participants of `table` (columns `participant` and `by`), as lists of ids.

    See the module's docstring for the rule.
    """
    if table.empty:
        return []
    frame = table[["participant", by]].copy()
    frame[by] = frame[by].fillna("").astype(str)
    frame = frame.sort_values("participant", kind="stable")
    counts = frame[by].value_counts()
    order = sorted(counts.index, key=lambda key: (-counts[key], key))
    pool: dict[int, int] = {}
    for s in group_sizes(n=len(frame), size=size):
        pool[s] = pool.get(s, 0) + 1

    groups: list[list[int]] = []
    leftovers: list[list[int]] = []
    members = {key: list(rows) for key, rows in frame.groupby(by, sort=False)["participant"]}
    for key in order:
        ids = members[key]
        start = 0
        cover = _best_cover(m=len(ids), pool=pool)
        for s in sorted(cover, reverse=True):
            for _n in range(cover[s]):
                groups.append(ids[start:start + s])
                start += s
            pool[s] -= cover[s]
            if not pool[s]:
                del pool[s]
        if start < len(ids):
            leftovers.append(ids[start:])

    # Leftovers side by side with those nearest in size (stable, so regions keep their order on ties).
    queue = [pid for chunk in sorted(leftovers, key=len, reverse=True) for pid in chunk]
    start = 0
    for s in sorted(pool, reverse=True):
        for _n in range(pool[s]):
            groups.append(queue[start:start + s])
            start += s
    return groups


# Reads

def cohort_participants_table(*, cohort: Cohort) -> pd.DataFrame:
    """Return the cohort's participants with their region and city, one row each."""
    rows = Participant.objects.filter(cohort=cohort).values_list(
        "pk", "application__region", "application__city"
    )
    return pd.DataFrame(list(rows), columns=["participant", "region", "city"])


def cohort_peer_groups(*, cohort: Cohort):
    """Return the cohort's groups with their members (names for the coordinators) and session counts."""
    memberships = PeerGroupMember.objects.select_related("participant__user", "participant__application") \
        .order_by("participant__user__full_name", "pk")
    return (PeerGroup.objects.filter(cohort=cohort).annotate(session_count=Count("sessions"))
            .prefetch_related(Prefetch("memberships", queryset=memberships)).order_by("name", "pk"))


def peer_group_for(*, user, pk: int) -> PeerGroup:
    """Return group `pk` for one of its members, or for staff who may read peer groups; 404 to anyone else."""
    group = PeerGroup.objects.select_related("cohort").filter(pk=pk).first()
    if group is None:
        raise Http404
    if user.has_perm("training.view_peergroup"):
        return group
    if PeerGroupMember.objects.filter(group=group, participant__user=user).exists():
        return group
    raise Http404


def peer_group_members(*, group: PeerGroup):
    return (PeerGroupMember.objects.filter(group=group)
            .select_related("participant__user", "participant__application")
            .order_by("participant__user__full_name", "pk"))


def peer_group_sessions(*, group: PeerGroup):
    return (Session.objects.filter(peer_group=group).select_related("trainer", "module")
            .order_by("starts_at", "pk"))


def participant_peer_group(*, user) -> PeerGroup | None:
    """Return the group of her newest participation, with its member count, or None."""
    membership = (PeerGroupMember.objects.filter(participant__user=user).select_related("group__cohort")
                  .annotate(size=Count("group__memberships")).order_by("-participant__pk").first())
    if membership is None:
        return None
    group = membership.group
    group.size = membership.size
    return group


# Writes

def _group_name(*, number: int, keys: list[str], by: str) -> str:
    labels = [str(Region(k).label) if by == "region" and k in Region.values else k for k in keys if k]
    # The name is written in the language of the coordinator who forms the groups; she may rename them.
    if not labels:
        return _("Group %(number)s") % {"number": number}
    return (_("Group %(number)s: %(places)s") % {"number": number, "places": ", ".join(labels)})[:NAME_MAX]


@transaction.atomic
def peer_groups_form(*, cohort: Cohort, actor, size: int = GROUP_SIZE, by: str = "region") -> list[PeerGroup]:
    """Replace the cohort's groups that have no sessions by groups proposed from its participants.

    Groups with sessions stay as they are, with their members; everyone else is grouped again.
    """
    if by not in GROUP_BY:
        raise ValidationError(_("Choose to group by region or by city."), code="by")
    if not 2 <= size <= 12:
        raise ValidationError(_("A group holds 2 to 12 people."), code="size")
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    groups = PeerGroup.objects.filter(cohort=cohort).annotate(session_count=Count("sessions"))
    kept = [g.pk for g in groups if g.session_count]
    removed = PeerGroup.objects.filter(cohort=cohort).exclude(pk__in=kept).delete()[1].get(
        "training.PeerGroup", 0)
    table = cohort_participants_table(cohort=cohort)
    taken = set(PeerGroupMember.objects.filter(group_id__in=kept).values_list("participant_id", flat=True))
    table = table[~table["participant"].isin(taken)]
    proposal = groups_propose(table, size=size, by=by)
    place = dict(zip(table["participant"], table[by].fillna(""), strict=True))
    number = len(kept)
    new = []
    for ids in proposal:
        number += 1
        keys = pd.Series([place[p] for p in ids]).value_counts().index.tolist()
        new.append(PeerGroup(cohort=cohort, name=_group_name(number=number, keys=keys[:3], by=by)))
    new = PeerGroup.objects.bulk_create(new, batch_size=1000)
    PeerGroupMember.objects.bulk_create(
        [PeerGroupMember(group=group, participant_id=pid) for group, ids in zip(new, proposal, strict=True)
         for pid in ids],
        batch_size=2000,
    )
    audit_record(actor=actor, action="peer_groups.formed", target=cohort, details={
        "by": by, "size": size, "groups": len(new), "kept": len(kept), "removed": removed,
        "participants": int(len(table)),
    })
    logger.info("Peer groups: %s formed, %s kept for cohort %s", len(new), len(kept), cohort.pk)
    return new


@transaction.atomic
def peer_group_member_move(*, participant: Participant, group: PeerGroup, actor) -> PeerGroupMember:
    """Move `participant` into `group` of her cohort (out of the group she was in, if any)."""
    if participant.cohort_id != group.cohort_id:
        raise ValidationError(_("She is not a participant of this group's cohort."), code="cohort")
    membership = PeerGroupMember.objects.select_for_update().filter(participant=participant).first()
    if membership is not None and membership.group_id == group.pk:
        raise ValidationError(_("She is in this group already."), code="same")
    old = membership.group_id if membership is not None else None
    if membership is None:
        membership = PeerGroupMember.objects.create(group=group, participant=participant)
    else:
        membership.group = group
        membership.save(update_fields=["group"])
    audit_record(actor=actor, action="peer_group.member_moved", target=group,
                 details={"participant": participant.pk, "from": old, "to": group.pk})
    return membership


@transaction.atomic
def peer_group_rename(*, group: PeerGroup, name: str, actor) -> PeerGroup:
    """Rename `group`."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the group a name."), code="empty")
    if len(name) > NAME_MAX:
        raise ValidationError(_("A group's name has at most %(max)s characters.") % {"max": NAME_MAX},
                              code="long")
    old = group.name
    group.name = name
    group.save(update_fields=["name"])
    audit_record(actor=actor, action="peer_group.renamed", target=group, details={"from": old, "to": name})
    return group

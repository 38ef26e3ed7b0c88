"""The database read behind a matching run: the cohort's participants and the approved firms as the two
DataFrames `matching.compatibility.compatibility_compute` takes, with the preference ranks, each firm's
free places and the coordinators' pair rules as index pairs.

One query per table (participants with their application and matching profile, firms, preferences,
active matches, pair rules, ended matches), then whole-column work in pandas; never a query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db.models import Count

from applicants.enums import AIUse, ComputerLevel, Marketplace, SocialMediaUse
from applicants.models import Participant

from .enums import FirmStatus, PairRuleKind, PreferenceSide, Skill
from .models import Firm, Match, MatchingRound, PairRule, Preference

MARKETPLACES = frozenset(Marketplace.values)


def skills_from_answers(
    *, computer_level: str, social_media: str, ai_use: str, marketplaces: Iterable[str]
) -> list[str]:
    """Return the programme's skills her application answers show she already has.

    Selling on social media shows social media and customer communication; any social media use shows
    social media; using AI tools weekly or daily shows AI usage; having used a marketplace shows
    marketplace operations; an intermediate or advanced computer level shows data analytics (spreadsheets
    and online tools), an advanced one digital marketing as well (she builds or runs shops or sites).
    """
    skills = []
    if social_media in (SocialMediaUse.CHATTING, SocialMediaUse.SELLING):
        skills.append(Skill.SOCIAL_MEDIA.value)
    if social_media == SocialMediaUse.SELLING:
        skills.append(Skill.CUSTOMER_COMMUNICATION.value)
    if ai_use in (AIUse.WEEKLY, AIUse.DAILY):
        skills.append(Skill.AI_USAGE.value)
    if any(m in MARKETPLACES for m in marketplaces or ()):
        skills.append(Skill.MARKETPLACE_OPERATIONS.value)
    if computer_level in (ComputerLevel.INTERMEDIATE, ComputerLevel.ADVANCED):
        skills.append(Skill.DATA_ANALYTICS.value)
    if computer_level == ComputerLevel.ADVANCED:
        skills.append(Skill.DIGITAL_MARKETING.value)
    return skills


def _merge(*lists: Iterable[str] | None) -> list[str]:
    return list(dict.fromkeys(code for values in lists for code in (values or ()) if code))


@dataclass(frozen=True)
class MatchingInputs:
    """What a run reads: the two tables (rows in the order of `participant_ids` and `firm_ids`), the
    preference ranks (None for a side that ranked nobody), each firm's free places, and the pair rules
    and ended pairs as (row, column) index pairs."""

    participants: pd.DataFrame
    firms: pd.DataFrame
    participant_ranks: np.ndarray | None
    firm_ranks: np.ndarray | None
    capacities: np.ndarray
    pinned: list[tuple[int, int]] = field(default_factory=list)
    forbidden: list[tuple[int, int]] = field(default_factory=list)
    ended: list[tuple[int, int]] = field(default_factory=list)

    @property
    def participant_ids(self) -> np.ndarray:
        return self.participants["id"].to_numpy()

    @property
    def firm_ids(self) -> np.ndarray:
        return self.firms["id"].to_numpy()


PARTICIPANT_FIELDS = {
    "id": "pk",
    "region": "application__region",
    "city": "application__city",
    "languages": "application__languages",
    "marketplaces": "application__marketplaces",
    "computer_level": "application__computer_level",
    "social_media": "application__social_media",
    "ai_use": "application__ai_use",
    "can_travel": "application__can_travel",
    "profile_skills": "matching_profile__skills",
    "sectors": "matching_profile__sectors",
    "remote_ok": "matching_profile__remote_ok",
}
FIRM_FIELDS = ["id", "region", "city", "languages", "skills_needed", "channels", "sector", "work_mode",
               "capacity"]


def _participants_table(queryset) -> pd.DataFrame:
    rows = list(queryset.order_by("pk").values_list(*PARTICIPANT_FIELDS.values()))
    table = pd.DataFrame(rows, columns=list(PARTICIPANT_FIELDS), dtype=object)
    table["skills"] = [
        _merge(skills_from_answers(computer_level=cl or "", social_media=sm or "", ai_use=ai or "",
                                   marketplaces=mk or ()), own)
        for cl, sm, ai, mk, own in zip(table["computer_level"], table["social_media"], table["ai_use"],
                                       table["marketplaces"], table["profile_skills"], strict=True)
    ]
    # Without a profile she keeps the profile's default: she can work remotely.
    table["remote"] = [True if v is None else bool(v) for v in table["remote_ok"]]
    table["marketplaces"] = [list(v or ()) for v in table["marketplaces"]]
    table["sectors"] = [list(v or ()) for v in table["sectors"]]
    return table[["id", "region", "city", "languages", "skills", "marketplaces", "sectors", "remote",
                  "can_travel"]].reset_index(drop=True)


def _firms_table(queryset) -> pd.DataFrame:
    rows = list(queryset.order_by("pk").values_list(*FIRM_FIELDS))
    table = pd.DataFrame(rows, columns=FIRM_FIELDS, dtype=object)
    table["skills"] = table["skills_needed"]
    # Only the marketplaces count as marketplace experience; Instagram or a website do not.
    table["marketplaces"] = [[c for c in (v or ()) if c in MARKETPLACES] for v in table["channels"]]
    return table[["id", "region", "city", "languages", "skills", "marketplaces", "sector", "work_mode",
                  "capacity"]].reset_index(drop=True)


def _index_pairs(pairs: Iterable[tuple[int, int]], p_index: pd.Index, f_index: pd.Index
                 ) -> list[tuple[int, int]]:
    """Return (row, column) pairs for (participant id, firm id) pairs, leaving out ids not in the tables."""
    pairs = list(pairs)
    if not pairs:
        return []
    p_ids, f_ids = np.array(pairs, dtype=np.int64).T
    rows, cols = p_index.get_indexer(p_ids), f_index.get_indexer(f_ids)
    keep = (rows >= 0) & (cols >= 0)
    return list(zip(rows[keep].tolist(), cols[keep].tolist(), strict=True))


def _ranks(preferences: list[tuple[str, int, int, int]], p_index: pd.Index, f_index: pd.Index
           ) -> tuple[np.ndarray | None, np.ndarray | None]:
    n_p, n_f = len(p_index), len(f_index)
    if not preferences:
        return None, None
    side, p_ids, f_ids, ranks = (np.array(column) for column in zip(*preferences, strict=True))
    rows, cols = p_index.get_indexer(p_ids.astype(np.int64)), f_index.get_indexer(f_ids.astype(np.int64))
    known = (rows >= 0) & (cols >= 0)
    result = []
    for name, shape, first, second in ((PreferenceSide.PARTICIPANT, (n_p, n_f), rows, cols),
                                       (PreferenceSide.FIRM, (n_f, n_p), cols, rows)):
        mine = known & (side == name)
        if not mine.any():
            result.append(None)
            continue
        matrix = np.zeros(shape)
        matrix[first[mine], second[mine]] = ranks[mine].astype(np.float64)
        result.append(matrix)
    return result[0], result[1]


def matching_inputs(*, round: MatchingRound) -> MatchingInputs:
    """Read what a run of `round` needs: its cohort's participants and the approved firms.

    A firm's free places are its capacity less its active matches in the round. A re-match reads the
    whole round too, so that every pair's compatibility is the same whichever run proposes it.
    """
    participants = Participant.objects.filter(cohort_id=round.cohort_id)
    firms = Firm.objects.filter(status=FirmStatus.APPROVED)
    p_table = _participants_table(participants)
    f_table = _firms_table(firms)
    p_index = pd.Index(p_table["id"].astype(np.int64))
    f_index = pd.Index(f_table["id"].astype(np.int64))

    preferences = list(
        Preference.objects.filter(round=round).values_list("side", "participant_id", "firm_id", "rank")
    )
    participant_ranks, firm_ranks = _ranks(preferences, p_index, f_index)

    taken = dict(
        Match.objects.filter(round=round, ended_at__isnull=True).values("firm_id")
        .annotate(n=Count("pk")).values_list("firm_id", "n")
    )
    capacity = f_table["capacity"].to_numpy(dtype=np.int64)
    used = np.array([taken.get(int(pk), 0) for pk in f_index], dtype=np.int64)
    capacities = np.maximum(capacity - used, 0)

    rules = list(PairRule.objects.filter(round=round).values_list("participant_id", "firm_id", "kind"))
    pinned = _index_pairs([(p, f) for p, f, kind in rules if kind == PairRuleKind.PIN], p_index, f_index)
    forbidden = _index_pairs([(p, f) for p, f, kind in rules if kind == PairRuleKind.FORBID],
                             p_index, f_index)
    ended = _index_pairs(
        Match.objects.filter(round=round, ended_at__isnull=False).values_list("participant_id", "firm_id"),
        p_index, f_index,
    )
    return MatchingInputs(
        participants=p_table, firms=f_table, participant_ranks=participant_ranks, firm_ranks=firm_ranks,
        capacities=capacities, pinned=pinned, forbidden=forbidden, ended=ended,
    )

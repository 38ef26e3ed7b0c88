"""Reads of the matching workflow that pages share: rounds, runs and their pairs, matches, a firm's
managers and a participant's firm. Every list is read with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from applicants.enums import SPOKEN_LANGUAGES, CohortStatus, LanguageLevel
from applicants.models import Cohort, Participant
from parwona.core.enums import JobStatus
from parwona.core.models import Job

from .enums import MatchAlgorithm, Skill
from .inputs import skills_from_answers
from .models import Firm, Match, MatchingRound, MatchRun, PairRule, ProposedPair

RUNS_SHOWN = 20


def cohorts_for_matching() -> QuerySet[Cohort]:
    """Return the confirmed cohorts with their matching round (if any), newest first."""
    return (Cohort.objects.filter(status=CohortStatus.CONFIRMED).select_related("call", "matching")
            .order_by("-created_at", "-pk"))


def round_runs(*, round: MatchingRound) -> list[MatchRun]:
    """Return the round's most recent runs, newest first."""
    return list(MatchRun.objects.filter(round=round).select_related("created_by")[:RUNS_SHOWN])


def round_jobs_active(*, round: MatchingRound) -> list[Job]:
    """Return the round's matching jobs still waiting or running."""
    from .runs import MATCH_RUN_JOB

    return list(Job.objects.filter(kind=MATCH_RUN_JOB, params__round=round.pk,
                                   status__in=[JobStatus.PENDING, JobStatus.RUNNING]).order_by("pk"))


def round_rules(*, round: MatchingRound) -> QuerySet[PairRule]:
    return (PairRule.objects.filter(round=round)
            .select_related("participant__user", "firm", "created_by").order_by("kind", "pk"))


def run_pairs(*, run: MatchRun) -> QuerySet[ProposedPair]:
    """Return the run's pairs with the participant, her region and the firm, by participant."""
    return (ProposedPair.objects.filter(run=run)
            .select_related("participant__user", "participant__application", "firm")
            .order_by("participant__user__full_name", "participant_id"))


def run_unmatched(*, run: MatchRun) -> QuerySet[Participant]:
    """Return the round's participants the run left without a firm (for a re-match, among its candidates)."""
    participants = Participant.objects.filter(cohort_id=run.round.cohort_id)
    candidates = (run.job.params.get("participants") if run.job_id and run.summary.get("rematch") else None)
    if candidates is not None:
        participants = participants.filter(pk__in=candidates)
    return (participants.exclude(pk__in=ProposedPair.objects.filter(run=run).values("participant_id"))
            .select_related("user", "application").order_by("user__full_name", "pk"))


def round_matches(*, round: MatchingRound, active: bool) -> QuerySet[Match]:
    """Return the round's active matches, or its ended ones (the history), with people and firms."""
    matches = Match.objects.filter(round=round, ended_at__isnull=active)
    matches = matches.select_related("participant__user", "participant__application", "firm", "ended_by")
    return matches.order_by("participant__user__full_name", "pk") if active else matches.order_by("-ended_at")


def latest_runs(*, round: MatchingRound) -> dict[str, MatchRun | None]:
    """Return the round's latest full (not re-match) run of each algorithm."""
    latest: dict[str, MatchRun | None] = dict.fromkeys(MatchAlgorithm.values)
    for run in MatchRun.objects.filter(round=round, finished_at__isnull=False).order_by("-created_at", "-pk"):
        if not run.summary.get("rematch") and latest.get(run.algorithm) is None:
            latest[run.algorithm] = run
        if all(latest.values()):
            break
    return latest


@dataclass(frozen=True)
class Comparison:
    optimal: MatchRun
    stable: MatchRun
    different: int  # participants whose firm differs between the two runs
    total_gap: float  # how much total compatibility the stable run gives up


def runs_compare(*, optimal: MatchRun, stable: MatchRun) -> Comparison:
    """Compare two runs of a round: the trade-off between compatibility and stability."""
    firm_in = {}
    for run_id, participant_id, firm_id in (ProposedPair.objects.filter(run__in=[optimal, stable])
                                            .values_list("run_id", "participant_id", "firm_id")):
        firm_in.setdefault(participant_id, {})[run_id] = firm_id
    different = sum(1 for firms in firm_in.values() if firms.get(optimal.pk) != firms.get(stable.pk))
    gap = (optimal.summary.get("total") or 0) - (stable.summary.get("total") or 0)
    return Comparison(optimal=optimal, stable=stable, different=different, total_gap=round(gap, 2))


def firm_managers(*, firm: Firm) -> list[Participant]:
    """Return the participants actively matched with the firm, with what the firm may know of them."""
    return list(
        Participant.objects.filter(matches__firm=firm, matches__ended_at__isnull=True)
        .select_related("user", "application", "matching_profile")
        .order_by("user__full_name", "pk")
    )


def firm_manager(*, firm: Firm, pk: int) -> Participant | None:
    """Return participant `pk` when she is actively matched with the firm, else None."""
    return (Participant.objects.filter(pk=pk, matches__firm=firm, matches__ended_at__isnull=True)
            .select_related("user", "application", "matching_profile").first())


@dataclass(frozen=True)
class ManagerCard:
    """What a firm may know of its e-commerce manager: her contact, languages, skills and region."""

    participant: Participant
    name: str
    phone: str
    email: str
    region: str
    languages: list[str]
    skills: list[str]


def manager_card(*, participant: Participant) -> ManagerCard:
    """Return the card a firm sees of its manager (the participant given with user, application and
    matching profile loaded)."""
    application, user = participant.application, participant.user
    profile = getattr(participant, "matching_profile", None)
    levels = dict(LanguageLevel.choices)
    names = dict(SPOKEN_LANGUAGES)
    languages = [f"{names[code]} ({levels.get(level, level)})"
                 for code, level in (application.languages or {}).items()
                 if code in names and level and level != LanguageLevel.NONE]
    codes = skills_from_answers(computer_level=application.computer_level,
                                social_media=application.social_media,
                                ai_use=application.ai_use, marketplaces=application.marketplaces or ())
    codes = list(dict.fromkeys(codes + list(profile.skills if profile else [])))
    skills = [str(Skill(code).label) for code in codes if code in Skill.values]
    return ManagerCard(participant=participant, name=user.full_name or application.full_name,
                       phone=user.phone or application.phone, email=user.email,
                       region=application.get_region_display(), languages=languages, skills=skills)


def participant_match(*, user) -> Match | None:
    """Return the active match of `user` as a participant, with her firm, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (Match.objects.filter(participant__user=user, ended_at__isnull=True).select_related("firm")
            .order_by("-started_at").first())

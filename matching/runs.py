"""Writes of the matching workflow: a round's settings, runs and their proposed pairs, the coordinators'
adjustments (swaps, pins, forbids), publication, the end of a match and the re-match that follows.

A run reads the round (`matching.inputs`), scores every pair (`matching.compatibility`), runs an
algorithm (`matching.algorithms`) on whole matrices, and writes its pairs in bulk. Runs go through the
job kind `MATCH_RUN_JOB` so that the page shows their progress.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from applicants.models import Cohort, Participant
from parwona.core.jobs import job_create, job_handler
from parwona.core.services import audit_record

from .algorithms import (
    UNMATCHED,
    assignment_optimal,
    average_rank_of,
    blocking_pairs_keyed,
    pair_ranks,
    preference_keys,
    ranked_rows,
    ranks_from_scores,
    stable_matching,
)
from .compatibility import FACTORS, Compatibility, compatibility_compute, weights_validate
from .enums import FirmStatus, MatchAlgorithm, MatchEndReason, PairRuleKind, Proposing
from .inputs import MatchingInputs, matching_inputs
from .models import Firm, Match, MatchingRound, MatchRun, PairRule, ProposedPair


def _seconds(value: float) -> float:
    return round(value, 4)

logger = logging.getLogger(__name__)

MATCH_RUN_JOB = "matching.run"

Progress = Callable[..., None]

ROUND_PUBLISHED = _("This round is already published. End a match to re-match its participant and firm.")
RUN_PUBLISHED = _("These pairs are already published.")


def _no_progress(percent: int, message: str = "") -> None:
    return None


def round_for(*, cohort: Cohort) -> MatchingRound:
    """Return the matching round of `cohort`, creating it with the default settings."""
    round_, _created = MatchingRound.objects.get_or_create(cohort=cohort)
    return round_


@transaction.atomic
def round_settings_set(
    *, round: MatchingRound, weights: Mapping[str, float], min_score: Decimal, proposing: str, actor
) -> MatchingRound:
    """Save the round's compatibility weights, minimum score and who proposes, recording the change."""
    try:
        merged = weights_validate(weights)
    except ValueError as exc:
        raise ValidationError(str(exc), code="weights") from None
    if proposing not in Proposing.values:
        raise ValidationError(_("Choose who proposes."), code="proposing")
    min_score = Decimal(min_score).quantize(Decimal("0.01"))
    if not Decimal(0) <= min_score <= Decimal(100):
        raise ValidationError(_("The minimum score is between 0 and 100."), code="min_score")
    locked = MatchingRound.objects.select_for_update().get(pk=round.pk)
    before = {"weights": weights_validate(locked.weights), "min_score": f"{locked.min_score:.2f}",
              "proposing": locked.proposing}
    after = {"weights": merged, "min_score": f"{min_score:.2f}", "proposing": proposing}
    if before == after:
        return locked
    locked.weights, locked.min_score, locked.proposing = merged, min_score, proposing
    locked.save(update_fields=["weights", "min_score", "proposing"])
    audit_record(actor=actor, action="matching.settings_changed", target=locked,
                 details={"before": before, "after": after})
    return locked


# --- Computing a run ----------------------------------------------------------------------------------


def pair_breakdowns(*, compatibility: Compatibility, rows: np.ndarray, cols: np.ndarray
                    ) -> tuple[np.ndarray, list[list[dict]]]:
    """Return the scores of the pairs (rows[k], cols[k]) and, for each, its breakdown: a list of
    {factor, value, weight, points}, the points adding up to the score (as `Compatibility.breakdown`)."""
    rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
    shape = compatibility.shape
    weights = {f: compatibility.weights[f] * np.broadcast_to(compatibility.applies[f], shape)[rows, cols]
               for f in FACTORS}
    denominator = sum(weights.values())
    scale = np.divide(100.0, denominator, out=np.zeros(rows.size), where=denominator > 0)
    values = {f: compatibility.factors[f][rows, cols].astype(np.float64) for f in FACTORS}
    columns = [(f, np.round(values[f], 3).tolist(), np.round(weights[f], 3).tolist(),
                np.round(weights[f] * values[f] * scale, 2).tolist()) for f in FACTORS]
    breakdowns = [
        [{"factor": f, "value": v[k], "weight": w[k], "points": p[k]} for f, v, w, p in columns]
        for k in range(rows.size)
    ]
    return compatibility.total[rows, cols], breakdowns


def _stable_ranks(keys: np.ndarray, ranks: np.ndarray | None, scores: np.ndarray) -> np.ndarray:
    """Return the rank matrix stable matching reads for preference keys: the given ranks of the rows
    that ranked anyone, the ranks compatibility gives for the others, 0 where the key is +inf."""
    derived = ranks_from_scores(scores).astype(np.float64)
    ranked = ranked_rows(ranks)
    used = derived if ranked is None else np.where(ranked[:, None], ranks, derived).astype(np.float64)
    return np.where(np.isfinite(keys), used, 0)


def _compute(
    *, inputs: MatchingInputs, weights: Mapping, min_score: float, algorithm: str, proposing: str,
    rows: np.ndarray, cols: np.ndarray, avoid_ended: bool,
) -> tuple[np.ndarray, Compatibility, dict]:
    """Match the participants `rows` with the firms `cols`; return firm_of over all participants
    (-1 unmatched), the compatibility, and the summary."""
    compatibility = compatibility_compute(
        participants=inputs.participants, firms=inputs.firms, weights=weights,
        participant_ranks=inputs.participant_ranks, firm_ranks=inputs.firm_ranks,
    )
    n_p, n_f = compatibility.shape
    scores = compatibility.total[np.ix_(rows, cols)]
    capacities = inputs.capacities[cols]
    row_of = {int(r): k for k, r in enumerate(rows)}
    col_of = {int(c): k for k, c in enumerate(cols)}

    def local(pairs):
        return [(row_of[i], col_of[j]) for i, j in pairs if i in row_of and j in col_of]

    pinned = local(inputs.pinned)
    forbidden = local(inputs.forbidden) + (local(inputs.ended) if avoid_ended else [])
    forbidden = [pair for pair in forbidden if pair not in set(pinned)]

    acceptable = scores >= min_score
    if forbidden:
        fr, fc = np.array(forbidden).T
        acceptable[fr, fc] = False
    for i, j in pinned:
        acceptable[i, j] = True

    p_ranks = inputs.participant_ranks[np.ix_(rows, cols)] if inputs.participant_ranks is not None else None
    f_ranks = inputs.firm_ranks[np.ix_(cols, rows)] if inputs.firm_ranks is not None else None
    p_ranked, f_ranked = ranked_rows(p_ranks), ranked_rows(f_ranks)
    p_derived = rows.size if p_ranked is None else int((~p_ranked).sum())
    f_derived = cols.size if f_ranked is None else int((~f_ranked).sum())
    # Preferences over acceptable pairs only, falling back to compatibility for a side that ranked
    # nobody; a pinned participant wants nobody else. Keys compare without sorting (see `preference_keys`).
    p_keys = preference_keys(ranks=p_ranks, scores=scores, acceptable=acceptable)
    f_keys = preference_keys(ranks=f_ranks, scores=scores.T, acceptable=acceptable.T)
    if pinned:
        p_keys[[i for i, _j in pinned]] = np.inf

    try:
        if algorithm == MatchAlgorithm.OPTIMAL:
            local_firm_of = assignment_optimal(
                scores=scores, capacities=capacities, pinned=pinned, forbidden=forbidden, min_score=min_score,
            ).firm_of
        else:
            residual = capacities.copy()
            for _i, j in pinned:
                residual[j] -= 1
            if (residual < 0).any():
                raise ValueError(_("A firm has more pinned participants than places."))
            p_used = _stable_ranks(p_keys, p_ranks, scores)
            f_used = _stable_ranks(f_keys, f_ranks, scores.T)
            local_firm_of = stable_matching(participant_ranks=p_used, firm_ranks=f_used,
                                            capacities=np.maximum(residual, 0), proposing=proposing)
            for i, j in pinned:
                local_firm_of[i] = j
    except ValueError as exc:
        raise ValidationError(str(exc), code="rules") from None

    matched = np.flatnonzero(local_firm_of >= 0)
    matched_scores = scores[matched, local_firm_of[matched]]
    blocking = blocking_pairs_keyed(firm_of=local_firm_of, participant_keys=p_keys, firm_keys=f_keys,
                                    capacities=capacities)
    hosts = local_firm_of[matched]
    ranks = average_rank_of(
        participants=pair_ranks(keys=p_keys, ranks=p_ranks, scores=scores, rows=matched, cols=hosts),
        firms=pair_ranks(keys=f_keys, ranks=f_ranks, scores=scores.T, rows=hosts, cols=matched),
    )
    below = int((~acceptable.any(axis=1)).sum())
    summary = {
        "participants": int(rows.size),
        "firms": int(cols.size),
        "places": int(capacities.sum()),
        "matched": int(matched.size),
        "unmatched": int(rows.size - matched.size),
        "no_acceptable_firm": below,
        "total": round(float(matched_scores.sum()), 2),
        "mean": round(float(matched_scores.mean()), 2) if matched.size else None,
        "blocking_pairs": blocking,
        "average_rank": {
            "participants": None if ranks.participants is None else round(ranks.participants, 2),
            "firms": None if ranks.firms is None else round(ranks.firms, 2),
        },
        "derived_ranks": {"participants": p_derived, "firms": f_derived},
        "pinned": len(pinned),
        "forbidden": len(forbidden),
    }
    firm_of = np.full(n_p, UNMATCHED, dtype=np.int64)
    firm_of[rows[matched]] = cols[local_firm_of[matched]]
    return firm_of, compatibility, summary


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


_PAIRS = ProposedPair._meta.db_table


def _pairs_write(*, run: MatchRun, participant_ids: list[int], firm_ids: list[int], scores: list[float],
                 breakdowns: list[list[dict]], pinned: set[tuple[int, int]]) -> None:
    """Insert the run's proposed pairs in one statement (PostgreSQL) or in bulk (other databases)."""
    pins = [(p, f) in pinned for p, f in zip(participant_ids, firm_ids, strict=True)]
    decimals = [_decimal(s) for s in scores]
    if connection.vendor != "postgresql":
        ProposedPair.objects.bulk_create(
            [ProposedPair(run_id=run.pk, participant_id=p, firm_id=f, score=s, breakdown=b, pinned=pin)
             for p, f, s, b, pin in zip(participant_ids, firm_ids, decimals, breakdowns, pins, strict=True)],
            batch_size=1000,
        )
        return
    if not participant_ids:
        return
    # The breakdowns go as one JSON array, the other columns as arrays: a few parameters instead of
    # thousands of quoted ones.
    sql = (
        f"INSERT INTO {_PAIRS} (run_id, participant_id, firm_id, score, breakdown, pinned, adjusted) "  # noqa: S608
        "SELECT %s, u.participant, u.firm, u.score, b.value, u.pinned, false "
        "FROM unnest(%s::bigint[], %s::bigint[], %s::numeric[], %s::boolean[]) WITH ORDINALITY "
        "AS u(participant, firm, score, pinned, k) "
        "JOIN jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS b(value, k) USING (k)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [run.pk, participant_ids, firm_ids, decimals, pins, json.dumps(breakdowns)])


def match_run(
    *,
    round: MatchingRound,
    algorithm: str,
    actor,
    progress: Progress | None = None,
    job=None,
    participant_ids: Iterable[int] | None = None,
    firm_ids: Iterable[int] | None = None,
) -> MatchRun:
    """Run `algorithm` over the round and write the run, its proposed pairs and its summary.

    The pairs honour the round's pins and forbids, its minimum score and each firm's free places; the
    stable algorithm uses the round's preferences, and for a participant or firm that ranked nobody the
    ranks its compatibility gives (the summary counts them). With `participant_ids` and `firm_ids` only
    those are matched (a re-match: see `rematch_run`), never into a pair that already ended. With `job`
    the run is that job's for this algorithm: running the job again rewrites the same run.
    Raise ValidationError when the round is published (outside a re-match) or its rules contradict.
    """
    progress = progress or _no_progress
    if algorithm not in MatchAlgorithm.values:
        raise ValidationError(_("Choose an algorithm."), code="algorithm")
    rematch = participant_ids is not None or firm_ids is not None
    round = MatchingRound.objects.get(pk=round.pk)
    if round.published_at and not rematch:
        raise ValidationError(ROUND_PUBLISHED, code="published")
    started = time.perf_counter()
    progress(5, _("Reading participants and firms"))
    inputs = matching_inputs(round=round)
    read = time.perf_counter()
    rows = np.arange(len(inputs.participants))
    cols = np.arange(len(inputs.firms))
    if participant_ids is not None:
        rows = np.flatnonzero(np.isin(inputs.participant_ids.astype(np.int64), list(participant_ids)))
    if firm_ids is not None:
        cols = np.flatnonzero(np.isin(inputs.firm_ids.astype(np.int64), list(firm_ids)))
    progress(20, _("Computing compatibility"))
    weights = weights_validate(round.weights)
    firm_of, compatibility, summary = _compute(
        inputs=inputs, weights=weights, min_score=float(round.min_score), algorithm=algorithm,
        proposing=round.proposing, rows=rows, cols=cols, avoid_ended=rematch,
    )
    computed = time.perf_counter()
    progress(70, _("Writing the proposed pairs"))
    matched = np.flatnonzero(firm_of >= 0)
    scores, breakdowns = pair_breakdowns(compatibility=compatibility, rows=matched, cols=firm_of[matched])
    p_ids = inputs.participant_ids[matched].tolist()
    f_ids = inputs.firm_ids[firm_of[matched]].tolist()
    pinned = {(int(inputs.participant_ids[i]), int(inputs.firm_ids[j])) for i, j in inputs.pinned}
    summary["rematch"] = rematch
    with transaction.atomic():
        run = MatchRun.objects.filter(job=job, algorithm=algorithm).first() if job is not None else None
        fields = {"round": round, "algorithm": algorithm, "proposing": round.proposing, "weights": weights,
                  "min_score": round.min_score, "job": job, "created_by": actor, "finished_at": None}
        if run is None:
            run = MatchRun.objects.create(**fields)
        else:
            run.pairs.all().delete()
            for name, value in fields.items():
                setattr(run, name, value)
        _pairs_write(run=run, participant_ids=p_ids, firm_ids=f_ids, scores=scores.tolist(),
                     breakdowns=breakdowns, pinned=pinned)
        summary["seconds"] = {"read": _seconds(read - started), "compute": _seconds(computed - read),
                              "write": _seconds(time.perf_counter() - computed)}
        run.summary = summary
        run.finished_at = timezone.now()
        run.save()
        audit_record(actor=actor, action="matching.run", target=run,
                     details={"algorithm": algorithm, "matched": summary["matched"],
                              "unmatched": summary["unmatched"], "rematch": rematch})
    progress(100, _("Pairs proposed"))
    logger.info("Matching run %s: %s pairs", run.pk, summary["matched"])
    return run


def rematch_candidates(*, round: MatchingRound) -> tuple[list[int], list[int]]:
    """Return the participants a re-match proposes for and the firms it proposes: those left without a
    match in the published round (not a participant who withdrew, nor a firm that closed) and the
    approved firms with a free place."""
    matches = Match.objects.filter(round=round)
    active = set(matches.filter(ended_at__isnull=True).values_list("participant_id", flat=True))
    withdrew = set(matches.filter(end_reason=MatchEndReason.PARTICIPANT_WITHDREW)
                   .values_list("participant_id", flat=True))
    closed = set(matches.filter(end_reason=MatchEndReason.FIRM_CLOSED).values_list("firm_id", flat=True))
    participants = [pk for pk in Participant.objects.filter(cohort_id=round.cohort_id)
                    .order_by("pk").values_list("pk", flat=True) if pk not in active | withdrew]
    taken = dict(matches.filter(ended_at__isnull=True).values("firm_id").annotate(n=Count("pk"))
                 .values_list("firm_id", "n"))
    firms = [pk for pk, capacity in Firm.objects.filter(status=FirmStatus.APPROVED).order_by("pk")
             .values_list("pk", "capacity") if capacity > taken.get(pk, 0) and pk not in closed]
    return participants, firms


def rematch_run(
    *, round: MatchingRound, participants: Iterable[int], firms: Iterable[int], actor,
    progress: Progress | None = None, job=None,
) -> MatchRun:
    """Propose firms for `participants` (ids) among `firms` (ids) with the optimal algorithm, leaving
    out participants who hold an active match, firms without a free place and pairs that already ended.
    Publishing the run adds matches and never touches the others."""
    round = MatchingRound.objects.get(pk=round.pk)
    if not round.published_at:
        raise ValidationError(_("A re-match follows a published round."), code="unpublished")
    active = set(Match.objects.filter(round=round, ended_at__isnull=True).values_list("participant_id",
                                                                                       flat=True))
    participant_ids = [int(pk) for pk in participants if int(pk) not in active]
    return match_run(round=round, algorithm=MatchAlgorithm.OPTIMAL, actor=actor, progress=progress, job=job,
                     participant_ids=participant_ids, firm_ids=[int(pk) for pk in firms])


def match_run_enqueue(*, round: MatchingRound, algorithms: list[str], actor, rematch: bool = False):
    """Record a matching job of the round for `algorithms` (or a re-match) and return it."""
    if any(a not in MatchAlgorithm.values for a in algorithms) or not algorithms:
        raise ValidationError(_("Choose an algorithm."), code="algorithm")
    params: dict = {"round": round.pk, "algorithms": list(algorithms)}
    if rematch:
        participants, firms = rematch_candidates(round=round)
        if not participants or not firms:
            raise ValidationError(_("Nobody is waiting for a firm, or no firm has a free place."),
                                  code="nothing")
        params |= {"algorithms": [MatchAlgorithm.OPTIMAL.value], "participants": participants, "firms": firms}
    elif round.published_at:
        raise ValidationError(ROUND_PUBLISHED, code="published")
    return job_create(kind=MATCH_RUN_JOB, params=params, created_by=actor)


@job_handler(MATCH_RUN_JOB)
def match_run_job(*, job, progress) -> dict:
    """Run the job's algorithms (or its re-match) over its round; return the runs written."""
    round = MatchingRound.objects.filter(pk=job.params.get("round")).first()
    if round is None:
        return {"runs": []}
    algorithms = job.params.get("algorithms") or [MatchAlgorithm.OPTIMAL]
    runs = []
    for k, algorithm in enumerate(algorithms):
        def part(percent: int, message: str = "", k=k) -> None:
            progress((100 * k + percent) // len(algorithms), message)

        if "participants" in job.params:
            run = rematch_run(round=round, participants=job.params["participants"],
                              firms=job.params.get("firms", []), actor=job.created_by, progress=part, job=job)
        else:
            run = match_run(round=round, algorithm=algorithm, actor=job.created_by, progress=part, job=job)
        runs.append(run.pk)
    return {"runs": runs}


# --- Adjusting a run -------------------------------------------------------------------------------------


def _editable(run: MatchRun) -> None:
    if Match.objects.filter(run=run).exists():
        raise ValidationError(RUN_PUBLISHED, code="published")
    if run.round.published_at and not run.summary.get("rematch"):
        raise ValidationError(ROUND_PUBLISHED, code="published")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason: it is kept with the decision."), code="reason")
    return reason[:1000]


@transaction.atomic
def pairs_swap(*, first: ProposedPair, second: ProposedPair, reason: str, actor) -> None:
    """Give each of two proposed pairs' participants the other's firm, rescored, recording the reason."""
    reason = _reason(reason)
    pairs = {p.pk: p for p in ProposedPair.objects.select_for_update().select_related("run__round")
             .filter(pk__in=[first.pk, second.pk])}
    if first.pk == second.pk or len(pairs) != 2:
        raise ValidationError(_("Choose two different participants."), code="same")
    first, second = pairs[first.pk], pairs[second.pk]
    if first.run_id != second.run_id:
        raise ValidationError(_("Both pairs must come from the same run."), code="runs")
    run = first.run
    _editable(run)
    if first.firm_id == second.firm_id:
        raise ValidationError(_("Both participants are with the same firm already."), code="same_firm")
    if first.pinned or second.pinned:
        raise ValidationError(_("A pinned pair is not swapped. Remove the pin first."), code="pinned")
    forbidden = set(PairRule.objects.filter(round=run.round, kind=PairRuleKind.FORBID)
                    .values_list("participant_id", "firm_id"))
    if {(first.participant_id, second.firm_id), (second.participant_id, first.firm_id)} & forbidden:
        raise ValidationError(_("The swap would make a pair that is never to be paired."), code="forbidden")
    inputs = matching_inputs(round=run.round)
    compatibility = compatibility_compute(
        participants=inputs.participants, firms=inputs.firms, weights=run.weights or None,
        participant_ranks=inputs.participant_ranks, firm_ranks=inputs.firm_ranks,
    )
    p_index = {int(pk): k for k, pk in enumerate(inputs.participant_ids)}
    f_index = {int(pk): k for k, pk in enumerate(inputs.firm_ids)}
    before = [first.firm_id, second.firm_id]
    first.firm_id, second.firm_id = second.firm_id, first.firm_id
    try:
        rows = [p_index[first.participant_id], p_index[second.participant_id]]
        cols = [f_index[first.firm_id], f_index[second.firm_id]]
    except KeyError:
        raise ValidationError(_("A firm or participant is no longer in the round."), code="gone") from None
    scores, breakdowns = pair_breakdowns(compatibility=compatibility, rows=np.array(rows),
                                         cols=np.array(cols))
    for pair, score, breakdown in zip((first, second), scores.tolist(), breakdowns, strict=True):
        pair.score, pair.breakdown, pair.adjusted = _decimal(score), breakdown, True
    ProposedPair.objects.bulk_update([first, second], ["firm", "score", "breakdown", "adjusted"])
    audit_record(actor=actor, action="matching.pairs_swapped", target=run, details={
        "participants": [first.participant_id, second.participant_id], "firms_before": before,
        "firms_after": [first.firm_id, second.firm_id], "reason": reason,
    })


@transaction.atomic
def pair_rule_set(
    *, round: MatchingRound, participant: Participant, firm: Firm, kind: str, reason: str, actor
) -> PairRule:
    """Record that the participant and the firm are always (pin) or never (forbid) paired in later runs."""
    reason = _reason(reason)
    if kind not in PairRuleKind.values:
        raise ValidationError(_("Choose whether to pin or forbid the pair."), code="kind")
    if participant.cohort_id != round.cohort_id or firm.status != FirmStatus.APPROVED:
        raise ValidationError(_("The participant or the firm is not in this round."), code="outside")
    locked = MatchingRound.objects.select_for_update().get(pk=round.pk)
    rules = PairRule.objects.filter(round=locked, kind=PairRuleKind.PIN)
    if kind == PairRuleKind.PIN:
        if rules.filter(participant=participant).exclude(firm=firm).exists():
            raise ValidationError(_("This participant is pinned to another firm. Remove that pin first."),
                                  code="pinned_elsewhere")
        if rules.filter(firm=firm).exclude(participant=participant).count() >= firm.capacity:
            raise ValidationError(_("This firm's places are all taken by pins."), code="full")
    rule, _created = PairRule.objects.update_or_create(
        round=locked, participant=participant, firm=firm,
        defaults={"kind": kind, "reason": reason, "created_by": actor},
    )
    audit_record(actor=actor, action=f"matching.pair_{kind}", target=locked,
                 details={"participant": participant.pk, "firm": firm.pk, "reason": reason})
    return rule


@transaction.atomic
def pair_rule_remove(*, rule: PairRule, actor) -> None:
    """Remove a pin or a forbid; later runs no longer follow it."""
    audit_record(actor=actor, action="matching.pair_rule_removed", target=rule.round,
                 details={"participant": rule.participant_id, "firm": rule.firm_id, "kind": rule.kind})
    rule.delete()


# --- Publishing and ending ---------------------------------------------------------------------------------


@transaction.atomic
def matches_publish(*, run: MatchRun, actor, notify: bool = True) -> list[Match]:
    """Make the run's pairs the participants' matches and, after commit, tell each participant and firm
    by email (unless `notify` is false, as for the demo programme).

    Refused when the round is published already, unless the run is a re-match: its pairs are added and
    every other match stays as it is.
    """
    round = MatchingRound.objects.select_for_update().get(pk=run.round_id)
    run = MatchRun.objects.get(pk=run.pk)
    if run.finished_at is None:
        raise ValidationError(_("This run has not finished."), code="unfinished")
    if Match.objects.filter(run=run).exists():
        raise ValidationError(RUN_PUBLISHED, code="published")
    rematch = bool(run.summary.get("rematch"))
    if round.published_at and not rematch:
        raise ValidationError(ROUND_PUBLISHED, code="published")
    if rematch and not round.published_at:
        raise ValidationError(_("A re-match follows a published round."), code="unpublished")
    pairs = list(run.pairs.values_list("participant_id", "firm_id", "score", "breakdown"))
    if not pairs:
        raise ValidationError(_("This run proposes no pair."), code="empty")
    active = Match.objects.filter(round=round, ended_at__isnull=True)
    if active.filter(participant_id__in=[p for p, *_rest in pairs]).exists():
        raise ValidationError(_("A participant of this run has a match already. Run the re-match again."),
                              code="stale")
    taken = dict(active.values("firm_id").annotate(n=Count("pk")).values_list("firm_id", "n"))
    wanted: dict[int, int] = {}
    for _p, f, *_rest in pairs:
        wanted[f] = wanted.get(f, 0) + 1
    capacity = dict(Firm.objects.filter(pk__in=wanted).values_list("pk", "capacity"))
    if any(taken.get(f, 0) + n > capacity.get(f, 0) for f, n in wanted.items()):
        raise ValidationError(_("A firm of this run has no free place any more. Run the re-match again."),
                              code="full")
    now = timezone.now()
    matches = Match.objects.bulk_create(
        [Match(round=round, participant_id=p, firm_id=f, run=run, score=s, breakdown=b, started_at=now)
         for p, f, s, b in pairs],
        batch_size=1000,
    )
    if not round.published_at:
        round.published_at, round.published_by = now, actor
        round.save(update_fields=["published_at", "published_by"])
    audit_record(actor=actor, action="matching.published", target=round,
                 details={"run": run.pk, "matches": len(matches), "rematch": rematch})
    ids = list(Match.objects.filter(run=run).order_by("pk").values_list("pk", flat=True))
    if notify:
        transaction.on_commit(lambda: matches_notify(match_ids=ids))
    return matches


def _message(*, template: str, language: str, context: dict, to: str) -> EmailMessage:
    with translation.override(language):
        subject = render_to_string(f"matching/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"matching/email/{template}_message.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def matches_notify(*, match_ids: list[int]) -> int:
    """Email each matched participant her firm and its contact, in her language, and each representative
    of the firm its manager's name and contact, in theirs; return how many emails went."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    matches = (Match.objects.filter(pk__in=match_ids, ended_at__isnull=True)
               .select_related("participant__user", "participant__application", "firm")
               .prefetch_related("firm__representatives").order_by("pk"))
    messages = []
    for match in matches:
        participant, firm = match.participant, match.firm
        she = participant.user
        language = participant.application.preferred_language or she.language
        if she.email:
            context = {"name": she.full_name, "firm": firm, "link": base + reverse("home")}
            messages.append(_message(template="matched_participant", language=language, to=she.email,
                                     context=context))
        for representative in firm.representatives.all():
            messages.append(_message(template="matched_firm", language=representative.language,
                                     to=representative.email, context={
                                         "representative": representative, "firm": firm,
                                         "manager": she, "link": base + reverse("my_firm"),
                                     }))
    if messages:
        get_connection().send_messages(messages)
    logger.info("Matching: %s emails sent for %s matches", len(messages), len(match_ids))
    return len(messages)


@transaction.atomic
def match_end(*, match: Match, reason: str, note: str, actor) -> Match:
    """End an active match with a reason code and a note; it stays in the round's history."""
    if reason not in MatchEndReason.values:
        raise ValidationError(_("Choose why the match ends."), code="reason")
    note = (note or "").strip()[:1000]
    if reason == MatchEndReason.OTHER and not note:
        raise ValidationError(_("Say in a note why the match ends."), code="note")
    locked = Match.objects.select_for_update().get(pk=match.pk)
    if locked.ended_at is not None:
        raise ValidationError(_("This match has ended already."), code="ended")
    locked.ended_at, locked.end_reason, locked.end_note, locked.ended_by = timezone.now(), reason, note, actor
    locked.save(update_fields=["ended_at", "end_reason", "end_note", "ended_by"])
    audit_record(actor=actor, action="matching.match_ended", target=locked,
                 details={"reason": reason, "note": note})
    return locked

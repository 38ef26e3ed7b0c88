"""Demo matching: the pilot cohort's participants matched with the approved demo firms and published.

Runs after the firms (order 50). It does nothing while the pilot call has no cohort with participants,
and nothing once the pilot's round is published, so running it again changes nothing.
"""

import random

import numpy as np
from django.db import transaction

from applicants.demo import PILOT_CALL
from applicants.models import Cohort, Participant
from parwona.users.models import User

from .compatibility import compatibility_compute
from .demo import DEMO_COORDINATOR, DEMO_FIRM_REPRESENTATIVE
from .enums import MatchAlgorithm, PairRuleKind
from .inputs import matching_inputs
from .models import Firm, Match, PairRule
from .runs import match_run, matches_publish, round_for

# Every participant gets a firm in the demo: the pilot placed all 50 women.
DEMO_MIN_SCORE = 0
DEMO_PIN_REASON = "Demo: the demo firm meets its manager on the first day of the pilot."


def _pin_demo_firm(*, round, coordinator) -> None:
    """Pin the demo representative's firm to its most compatible participant, so that it has a manager."""
    firm = Firm.objects.filter(members__user__email=DEMO_FIRM_REPRESENTATIVE).first()
    if firm is None or PairRule.objects.filter(round=round, firm=firm, kind=PairRuleKind.PIN).exists():
        return
    inputs = matching_inputs(round=round)
    columns = np.flatnonzero(inputs.firm_ids.astype(np.int64) == firm.pk)
    if not columns.size or not len(inputs.participants):
        return
    compatibility = compatibility_compute(participants=inputs.participants, firms=inputs.firms,
                                          weights=round.weights or None)
    best = int(np.argmax(compatibility.total[:, columns[0]]))
    PairRule.objects.create(round=round, participant_id=int(inputs.participant_ids[best]), firm=firm,
                            kind=PairRuleKind.PIN, reason=DEMO_PIN_REASON, created_by=coordinator)


@transaction.atomic
def demo_matching_seed(*, rng: random.Random, seed: int, scale: int) -> list[str]:
    """Match and publish the pilot cohort once it has participants; skip quietly otherwise."""
    cohort = Cohort.objects.filter(call__title_en=PILOT_CALL["title_en"]).first()
    if cohort is None or not Participant.objects.filter(cohort=cohort).exists():
        return []
    round = round_for(cohort=cohort)
    if round.published_at is None:
        coordinator = User.objects.filter(email=DEMO_COORDINATOR).first()
        if round.min_score != DEMO_MIN_SCORE:
            round.min_score = DEMO_MIN_SCORE
            round.save(update_fields=["min_score"])
        _pin_demo_firm(round=round, coordinator=coordinator)
        run = match_run(round=round, algorithm=MatchAlgorithm.OPTIMAL, actor=coordinator)
        match_run(round=round, algorithm=MatchAlgorithm.STABLE, actor=coordinator)
        matches_publish(run=run, actor=coordinator, notify=False)
    matches = Match.objects.filter(round=round, ended_at__isnull=True)
    return [
        f"Matching: {matches.count()} participants of {cohort.name} matched with "
        f"{matches.values('firm').distinct().count()} firms (published); "
        f"{DEMO_FIRM_REPRESENTATIVE} sees its manager on My firm."
    ]

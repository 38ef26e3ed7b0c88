"""Demo selection: the pilot call scored, reviewed blind by a panel of three, ranked, its cohort of 50
selected under regional minimums and its offers answered; the open call's applications scored and
waiting for reviewers.

Everything goes through the services coordinators, reviewers and applicants use (`scores_compute`,
`reviewers_assign`, `review_submit`, `ranking_compute`, `cohort_confirm`, `offer_accept`,
`offer_decline`, `offers_expire`), so the demo holds what they store and audit. Only the moments the
services take from the clock (a review assigned or submitted, an offer made, a participant joining) are
moved back to spring 2025, when the pilot ran.

Reviewers' scores are drawn from a latent quality of each applicant plus each reviewer's leniency:
reviewer@ is lenient, reviewer3@ strict, so the calibration page shows them apart and some applications
are flagged for disagreement.
"""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from parwona.users.demo import DEMO_DOMAIN
from parwona.users.models import User

from .cohort_selectors import selection_preview
from .cohorts import cohort_confirm, offer_accept, offer_decline, offers_expire, selection_override_set
from .demo import (
    _AI,
    _COMPUTER,
    _EMPLOYMENT,
    _SOCIAL,
    OPEN_CALL,
    PILOT_CALL,
    REGION_WEIGHTS,
    _pick,
    _pilot_answers,
    demo_submitted_create,
)
from .enums import (
    OfferStatus,
    OverrideAction,
    Region,
    ReviewStatus,
    ScoreStatus,
)
from .models import Application, ApplicationScore, Call, Cohort, Offer, Participant, ReviewAssignment
from .ranking import ranking_compute, ranking_enqueue, reviewed_criteria
from .reviews import review_settings_update, review_submit, reviewers_assign
from .scoring import scores_compute

_TZ = ZoneInfo("Asia/Dushanbe")
COORDINATOR = f"coordinator@{DEMO_DOMAIN}"
PARTICIPANT = f"participant@{DEMO_DOMAIN}"
# The pilot's panel, each with how far her scores lean from the applicant's quality (in points of 1-5).
PANEL = {f"reviewer@{DEMO_DOMAIN}": 0.35, f"reviewer2@{DEMO_DOMAIN}": 0.0, f"reviewer3@{DEMO_DOMAIN}": -0.35}
REVIEWS_FROM = datetime(2025, 3, 18, 9, 0, tzinfo=_TZ)
REVIEW_DAYS = 10
ABSTENTIONS = 4
PILOT_COHORT = "PARWONA pilot 2025"
PILOT_SIZE = 50
# Both bind: the best 50 without them hold fewer women from GBAO and from Khatlon (the seed prints how
# many), so the cohort page shows the minimums at work.
PILOT_MINIMUMS = {Region.GBAO: 8, Region.KHATLON: 15}
CONFIRMED_AT = datetime(2025, 4, 1, 10, 0, tzinfo=_TZ)
PILOT_STARTS, PILOT_ENDS = date(2025, 4, 21), date(2025, 7, 25)
DECLINES = 3
SECOND_APPLICATIONS = 30
SECOND_LOGINS = [f"applicant01@{DEMO_DOMAIN}", f"applicant02@{DEMO_DOMAIN}"]


def second_email(number: int) -> str:
    return f"second{number:03d}@{DEMO_DOMAIN}"


# What reviewers write when they do not score, in their language.
_ABSTAIN = {
    "tg": "Баҳо дода наметавонам: дар анкета дар бораи таҷрибаи ӯ маълумот кам аст.",
    "ru": "Не могу оценить: в анкете слишком мало сведений о её опыте.",
    "en": "I cannot judge: the application says too little about her experience.",
}
_CONFLICT = {
    "tg": "Вай ҳамсояи ман аст, ӯро хуб мешиносам.",
    "ru": "Она моя соседка, я её хорошо знаю.",
    "en": "She is my neighbour; I know her well.",
}
_DECLINE = {
    "tg": "Дар ин моҳҳо ба оилаам кӯмак мекунам ва 15 соат дар як ҳафта вақт надорам.",
    "ru": "В эти месяцы я не смогу выделять 15 часов в неделю.",
    "en": "I have found a full-time job and cannot give the hours.",
}
_INCLUDE_REASON = "Иштирокчии намоишӣ: ҷои ӯ дар гурӯҳ барои нишон додани портал нигоҳ дошта мешавад."

_HER_QUALITY = 2.0


def _user_map(emails) -> dict[str, User]:
    return {u.email: u for u in User.objects.filter(email__in=list(emails))}


# The pilot


def review_scores_draw(*, rng: random.Random, quality: float, leniency: float, keys: list[str]) -> dict:
    """Return a reviewer's 1-5 score of each criterion in `keys` for an applicant of latent `quality`."""
    base = 3 + 0.9 * quality + leniency + rng.gauss(0, 0.2)
    return {key: min(5, max(1, round(base + rng.gauss(0, 0.2)))) for key in keys}


def demo_reviews_submit(*, rng: random.Random, call: Call, her: Application) -> None:
    """Submit every review assigned on the call: scores from quality and leniency, a few abstentions, one
    conflict of interest (never on her application)."""
    keys = [c.key for c in reviewed_criteria(call=call)]
    assignments = list(
        ReviewAssignment.objects.filter(application__call=call, status=ReviewStatus.ASSIGNED)
        .select_related("application__applicant", "reviewer")
        .order_by("application__applicant__email", "reviewer__email")
    )
    emails = sorted({a.application.applicant.email for a in assignments})
    quality = {email: rng.gauss(0, 1) for email in emails}
    quality[her.applicant.email] = _HER_QUALITY
    others = [i for i, a in enumerate(assignments) if a.application_id != her.pk]
    chosen = rng.sample(others, ABSTENTIONS + 1)
    decisions = dict.fromkeys(chosen[:ABSTENTIONS], ReviewStatus.ABSTAINED)
    decisions[chosen[-1]] = ReviewStatus.CONFLICT
    minutes = REVIEW_DAYS * 24 * 60
    moments = sorted(REVIEWS_FROM + timedelta(minutes=rng.randrange(minutes)) for _a in assignments)
    for i, assignment in enumerate(assignments):
        reviewer = assignment.reviewer
        scores = review_scores_draw(
            rng=rng, quality=quality[assignment.application.applicant.email],
            leniency=PANEL.get(reviewer.email, 0.0), keys=keys,
        )
        decision = decisions.get(i, ReviewStatus.SCORED)
        notes = {ReviewStatus.ABSTAINED: _ABSTAIN, ReviewStatus.CONFLICT: _CONFLICT}.get(decision)
        comment = notes.get(reviewer.language, notes["en"]) if notes else ""
        review_submit(
            assignment=assignment, actor=reviewer, decision=decision, scores=scores, comment=comment
        )
        assignment.assigned_at, assignment.submitted_at = REVIEWS_FROM - timedelta(hours=2), moments[i]
    ReviewAssignment.objects.bulk_update(assignments, ["assigned_at", "submitted_at"], batch_size=500)


def demo_offers_answer(*, rng: random.Random, cohort: Cohort, her: Application) -> None:
    """Answer the cohort's offers: most accept, DECLINES decline (one from GBAO, so a refill keeps its
    minimum) and one lets the deadline pass; every seat that falls free goes to the waiting list."""
    offers = list(cohort.offers.select_related("application__applicant").order_by("pk"))
    others = [o for o in offers if o.application_id != her.pk]
    first = rng.choice([o for o in others if o.application.region == Region.GBAO] or others)
    rest = rng.sample([o for o in others if o.pk != first.pk], DECLINES)
    declined, expired = {first.pk, *[o.pk for o in rest[: DECLINES - 1]]}, rest[-1].pk
    moments = {o.pk: CONFIRMED_AT + timedelta(minutes=rng.randrange(60, 6 * 24 * 60)) for o in offers}
    made = dict.fromkeys([o.pk for o in offers], CONFIRMED_AT)
    refills = []
    for offer in sorted(offers, key=lambda o: (moments[o.pk], o.pk)):
        user, now = offer.application.applicant, moments[offer.pk]
        if offer.pk == expired:
            continue
        if offer.pk in declined:
            reason = _DECLINE.get(offer.application.preferred_language, _DECLINE["en"])
            refill = offer_decline(offer=offer, user=user, reason=reason, now=now)
            refills.append((refill, now))
        else:
            offer_accept(offer=offer, user=user, now=now)
    missed = Offer.objects.get(pk=expired)
    late = missed.deadline + timedelta(hours=1)
    offers_expire(now=late)
    refills.append((Offer.objects.filter(replaces=missed).first(), late))
    for refill, made_at in refills:
        if refill is None:
            continue
        made[refill.pk] = made_at
        answered = made_at + timedelta(minutes=rng.randrange(60, 3 * 24 * 60))
        offer_accept(offer=refill, user=refill.application.applicant, now=answered)
    # The moments the services took from the clock, moved back to when the pilot made its offers.
    rows = list(Offer.objects.filter(pk__in=list(made)))
    for row in rows:
        row.created_at = made[row.pk]
    Offer.objects.bulk_update(rows, ["created_at"])
    participants = list(Participant.objects.filter(cohort=cohort).select_related("application__offer"))
    for participant in participants:
        participant.joined_at = participant.application.offer.responded_at
    Participant.objects.bulk_update(participants, ["joined_at"])
    Cohort.objects.filter(pk=cohort.pk).update(created_at=CONFIRMED_AT - timedelta(hours=1))


@transaction.atomic
def demo_pilot_selection_seed(*, rng: random.Random, call: Call) -> None:
    """Score, review, rank and select the pilot call, then answer its offers; once its cohort exists,
    do nothing."""
    if Cohort.objects.filter(call=call).exists():
        return
    people = _user_map([COORDINATOR, PARTICIPANT, *PANEL])
    coordinator = people[COORDINATOR]
    her = Application.objects.get(call=call, applicant=people[PARTICIPANT])
    # A panel of three: every application is read by all three, so calibration compares each reviewer
    # with the others on the same applications.
    call = review_settings_update(
        call=call, actor=coordinator, values={"reviewers_per_application": len(PANEL)}
    )
    scores_compute(call=call)
    reviewers_assign(call=call, actor=coordinator, reviewers=[people[email] for email in PANEL])
    demo_reviews_submit(rng=rng, call=call, her=her)
    ranking_compute(call=call)
    # Each review asked for a ranking after commit; one job recorded now stands for all of them, so the
    # commit ranks the call once instead of once per review.
    ranking_enqueue(call=call, actor=coordinator)
    if her.pk not in selection_preview(call=call, size=PILOT_SIZE, minimums=PILOT_MINIMUMS).selected_pks():
        selection_override_set(application=her, action=OverrideAction.INCLUDE, reason=_INCLUDE_REASON,
                               actor=coordinator)
    cohort = cohort_confirm(
        call=call, actor=coordinator, name=PILOT_COHORT, size=PILOT_SIZE, minimums=PILOT_MINIMUMS,
        starts_on=PILOT_STARTS, ends_on=PILOT_ENDS, now=CONFIRMED_AT,
    )
    demo_offers_answer(rng=rng, cohort=cohort, her=her)


# The open call


def _open_submitted_at(rng: random.Random, call: Call) -> datetime:
    latest = min(timezone.now(), call.closes_at) - timedelta(hours=1)
    span = max((latest - call.opens_at).total_seconds(), 3600.0)
    return call.opens_at + timedelta(seconds=int(rng.random() * span))


@transaction.atomic
def demo_open_applications_seed(*, rng: random.Random, call: Call, scale: int) -> None:
    """Submit applications to the open call (new accounts and two demo logins) and score them; reviewers
    are left for the coordinator to assign."""
    count = SECOND_APPLICATIONS * scale
    emails = [second_email(n) for n in range(1, count + 1)] + SECOND_LOGINS
    logins = _user_map(SECOND_LOGINS)
    questions = list(call.questions.order_by("position"))
    drawn = []
    for number, email in enumerate(emails, 1):
        quotas = {"region": _pick(rng, REGION_WEIGHTS), "computer_level": _pick(rng, _COMPUTER),
                  "social_media": _pick(rng, _SOCIAL), "employment": _pick(rng, _EMPLOYMENT),
                  "ai_use": _pick(rng, _AI)}
        answers = _pilot_answers(rng, number, quotas)
        submitted = _open_submitted_at(rng, call)
        answers |= {"email": email, "submitted_at": submitted,
                    "started_at": submitted - timedelta(minutes=rng.randrange(20, 60 * 24))}
        answers["extra_answers"] = {
            str(q.pk): str(rng.randint(1, len(q.options()))) if q.options() else "" for q in questions
        }
        user = logins.get(email)
        if user is not None:
            answers |= {"full_name": user.full_name, "phone": user.phone, "preferred_language": user.language}
        drawn.append(answers)
    done = set(
        Application.objects.filter(call=call, applicant__email__in=emails)
        .values_list("applicant__email", flat=True)
    )
    # A demo login missing from the accounts (a partial database) is left out rather than created.
    missing = [
        d for d in drawn
        if d["email"] not in done and (d["email"] not in SECOND_LOGINS or d["email"] in logins)
    ]
    demo_submitted_create(call=call, drawn=missing)
    scores_compute(call=call)


# What the seed prints


def _pilot_lines(call: Call) -> list[str]:
    cohort = Cohort.objects.filter(call=call).first()
    if cohort is None:
        return []
    reviews = ReviewAssignment.objects.filter(application__call=call).aggregate(
        scored=Count("pk", filter=Q(status=ReviewStatus.SCORED)),
        abstained=Count("pk", filter=Q(status=ReviewStatus.ABSTAINED)),
        conflicts=Count("pk", filter=Q(status=ReviewStatus.CONFLICT)),
        applications=Count("application", distinct=True),
    )
    disagreements = ApplicationScore.objects.filter(application__call=call, disagreement=True).count()
    offers = dict(cohort.offers.values_list("status").annotate(n=Count("pk")).order_by())
    refilled = cohort.offers.filter(replaces__isnull=False).count()
    unbound = selection_preview(call=call, size=cohort.size, minimums={}).selection.region_counts
    labels = dict(Region.choices)
    minimums = ", ".join(
        f"{labels[r]} {m} (the best {cohort.size} alone: {unbound.get(r, 0)})"
        for r, m in cohort.minimums.items()
    )
    return [
        f"Pilot reviews: {reviews['applications']} applications read blind by reviewer@, reviewer2@ and "
        f"reviewer3@{DEMO_DOMAIN}: {reviews['scored']} scored, {reviews['abstained']} abstained, "
        f"{reviews['conflicts']} conflict of interest; {disagreements} with disagreeing reviewers.",
        f"Pilot cohort “{cohort.name}”: {cohort.participants.count()} participants "
        f"({offers.get(OfferStatus.DECLINED, 0)} declined, {offers.get(OfferStatus.EXPIRED, 0)} expired, "
        f"{refilled} seats refilled from the waiting list, {cohort.waitlist.count()} still waiting); "
        f"minimums {minimums}; {PARTICIPANT} is one of them.",
    ]


def _open_lines(call: Call) -> list[str]:
    rows = Application.objects.filter(call=call, submitted_at__isnull=False)
    scored = ApplicationScore.objects.filter(application__call=call, status=ScoreStatus.DONE).count()
    assigned = ReviewAssignment.objects.filter(application__call=call).count()
    waiting = "waiting for reviewers" if not assigned else f"{assigned} reviews assigned"
    return [
        f"Open call: {rows.count()} submitted applications ({second_email(1).split('@')[0]}@, ..., "
        f"{' and '.join(SECOND_LOGINS)} who can sign in), {scored} eligible ones scored, {waiting}.",
    ]


def demo_selection_seed(*, rng: random.Random, seed: int, scale: int) -> list[str]:
    """Review and select the pilot call, and fill the open call with scored applications to review."""
    pilot = Call.objects.get(title_en=PILOT_CALL["title_en"])
    current = Call.objects.get(title_en=OPEN_CALL["title_en"])
    # Each part has its own generator, so one part being done already leaves the other's draws alone.
    pilot_rng, open_rng = random.Random(rng.getrandbits(64)), random.Random(rng.getrandbits(64))
    demo_pilot_selection_seed(rng=pilot_rng, call=pilot)
    demo_open_applications_seed(rng=open_rng, call=current, scale=scale)
    return [*_pilot_lines(pilot), *_open_lines(current)]

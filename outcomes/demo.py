"""Demo outcomes: the pilot cohort's first six months after the training (August 2025 to January 2026).

Each matched firm reports every month: online revenue growing over its baseline, first online sales for
firms that sold nothing online before, new shops on Tajik marketplaces, listings per marketplace, a few
new jobs, and its manager's contract (about nine in ten formalised). Most reports are verified by the
demo coordinator; the last month holds a few waiting, one queried and one missing (a late firm).
Every participant's 3-month follow-up is answered (by survey, by phone, one unreachable); the 6-month
ones are sent and unanswered. The pilot's targets are set and the aggregates refreshed.
Runs after training (order 70); once the pilot has firm reports it does nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from applicants.demo import PILOT_CALL
from applicants.enums import Marketplace
from applicants.models import Cohort
from matching.models import FirmMember, Match
from parwona.users.demo import DEMO_DOMAIN
from parwona.users.models import User
from training.demo import shop_slug

from .aggregates import aggregates_refresh
from .enums import (
    ContractType,
    EmploymentStatus,
    FollowUpStatus,
    IncomeBand,
    RecordSource,
    ReportStatus,
    ReviewAction,
)
from .models import (
    AggregateSnapshot,
    EmploymentRecord,
    FirmReport,
    FollowUp,
    IndicatorTarget,
    ListingCount,
    ReportReview,
    ShopOpening,
)

_TZ = ZoneInfo("Asia/Dushanbe")
DEMO_COORDINATOR = f"coordinator@{DEMO_DOMAIN}"
MONTHS = [date(2025, 8, 1), date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1),
          date(2026, 1, 1)]
WAITING, SHOPS, NEW_JOB_FIRMS = 4, 18, 7
QUERY_COMMENT = ("The revenue is twice December's but the screenshot shows only part of the month. "
                 "Please attach the marketplace's monthly statement.")
SHOP_SITES = {
    Marketplace.LAKLAK: "https://laklak.tj/shop/{slug}",
    Marketplace.ALIF_SHOP: "https://alifshop.tj/store/{slug}",
    Marketplace.AVVAL: "https://avval.tj/seller/{slug}",
}
TARGETS = {
    "additional_revenue": 600000, "online_revenue": 1500000, "paid_host": 47, "formalised_share": 90,
    "retention_3": 85, "retention_6": 80, "retention_12": 75, "new_jobs": 10, "shops_opened": 15,
    "first_online_sales": 10, "trainings_held": 30, "funnel_applied": 200, "funnel_eligible": 150,
    "funnel_selected": 50, "funnel_completed": 45,
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=_TZ)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _plans(rng: random.Random, matches: list[Match]) -> list[dict]:
    """Draw each firm's story: growth, first sale, formalisation, shops and jobs."""
    count = len(matches)
    informal = set(rng.sample(range(count), max(1, round(count * 0.1))))
    shop_of = rng.sample(range(count), min(SHOPS, count))
    jobs = set(rng.sample(range(count), min(NEW_JOB_FIRMS, count)))
    plans = []
    for i, match in enumerate(matches):
        formal_from = None if i in informal else rng.choice([0, 0, 1, 1, 2, 3])
        twice = i in shop_of and shop_of.index(i) < 2
        shops = [] if i not in shop_of else [rng.choice(list(SHOP_SITES))] * (2 if twice else 1)
        plans.append({
            "match": match, "growth": rng.uniform(0.04, 0.12), "first_sale": rng.choice([0, 1, 1, 2]),
            "formal_from": formal_from, "contract": rng.choice([ContractType.FIXED_TERM] * 3
                                                               + [ContractType.PERMANENT]),
            "shops": [(market, rng.randint(0, 4)) for market in shops],
            "jobs_in": rng.randint(1, 5) if i in jobs else None,
        })
    return plans


def _statuses(rng: random.Random, plans: list[dict]) -> dict[int, ReportStatus | None]:
    """Choose the last month's status of each firm: a few waiting, one queried, one late (None)."""
    others = [p["match"].firm_id for p in plans]
    rng.shuffle(others)
    last = dict.fromkeys(others, ReportStatus.VERIFIED)
    for firm_id in others[:WAITING]:
        last[firm_id] = ReportStatus.SUBMITTED
    last[others[WAITING]] = ReportStatus.QUERIED
    last[others[WAITING + 1]] = None
    return last


def _reports_build(rng, plans, last, representatives) -> list[tuple[FirmReport, dict]]:
    rows = []
    for plan in plans:
        match = plan["match"]
        firm = match.firm
        baseline = float(firm.baseline_revenue)
        revenue = baseline
        for m, month in enumerate(MONTHS):
            status = ReportStatus.VERIFIED if m < len(MONTHS) - 1 else last[firm.pk]
            if status is None:
                continue
            if baseline > 0:
                revenue = max(revenue, baseline) * (1 + plan["growth"] + rng.uniform(-0.03, 0.05))
                first_sale = False
            elif m < plan["first_sale"]:
                revenue, first_sale = 0.0, False
            else:
                first_sale = m == plan["first_sale"]
                revenue = rng.uniform(800, 2500) if first_sale else revenue * (1.15 + rng.uniform(0, 0.2))
            if status == ReportStatus.QUERIED:
                revenue *= 2
            amount = Decimal(f"{revenue:.2f}")
            formal = plan["formal_from"] is not None and m >= plan["formal_from"]
            contract = plan["contract"] if formal else ContractType.INFORMAL
            start = MONTHS[plan["formal_from"]] + timedelta(days=rng.randint(0, 14)) if formal else None
            sent = _at(_next_month(month) + timedelta(days=rng.randint(1, 6)), 17)
            report = FirmReport(
                firm=firm, match=match, month=month, online_revenue=amount,
                online_orders=round(revenue / rng.uniform(120, 260)) if revenue else 0,
                first_online_sale=first_sale, new_jobs=1 if plan["jobs_in"] == m else 0,
                manager_contract=contract, manager_start_date=start, status=status,
                submitted_at=sent, submitted_by=representatives.get(firm.pk),
            )
            if status == ReportStatus.VERIFIED:
                report.verified_at = sent + timedelta(days=rng.randint(1, 4), hours=2)
            shops = [(market, month + timedelta(days=rng.randint(2, 25)))
                     for market, opened_in in plan["shops"] if opened_in == m]
            rows.append((report, {"shops": shops, "month_index": m, "channels": firm.channels or []}))
    return rows


@transaction.atomic
def demo_outcomes_create(*, rng: random.Random, cohort: Cohort) -> None:
    """Create the pilot's firm reports, follow-ups, employment records and targets in bulk."""
    coordinator = User.objects.filter(email=DEMO_COORDINATOR).first()
    matches = list(Match.objects.filter(participant__cohort=cohort, ended_at__isnull=True)
                   .select_related("firm").order_by("firm_id"))
    representatives = {
        m.firm_id: m.user for m in FirmMember.objects.filter(firm__in=[x.firm_id for x in matches])
        .select_related("user").order_by("pk")
    }
    plans = _plans(rng, matches)
    drawn = _reports_build(rng, plans, _statuses(rng, plans), representatives)
    for report, _extra in drawn:
        if report.status == ReportStatus.VERIFIED:
            report.verified_by = coordinator
    reports = FirmReport.objects.bulk_create([r for r, _extra in drawn], batch_size=500)
    shops, listings, reviews = [], [], []
    for report, (_r, extra) in zip(reports, drawn, strict=True):
        for market, opened in extra["shops"]:
            shops.append(ShopOpening(report=report, marketplace=market, opened_on=opened,
                                     url=SHOP_SITES[market].format(slug=shop_slug(report.firm.name))))
        markets = [c for c in extra["channels"] if c in Marketplace.values] or [Marketplace.LAKLAK]
        for market in sorted(set(markets)):
            listings.append(ListingCount(report=report, marketplace=market,
                                         active_listings=12 + 6 * extra["month_index"] + rng.randint(0, 9)))
        if report.status == ReportStatus.VERIFIED:
            reviews.append(ReportReview(report=report, action=ReviewAction.VERIFY, reviewer=coordinator))
        elif report.status == ReportStatus.QUERIED:
            reviews.append(ReportReview(report=report, action=ReviewAction.QUERY, comment=QUERY_COMMENT,
                                        reviewer=coordinator))
    ShopOpening.objects.bulk_create(shops)
    ListingCount.objects.bulk_create(listings, batch_size=1000)
    ReportReview.objects.bulk_create(reviews, batch_size=1000)
    _follow_ups_create(rng, cohort, plans, coordinator)
    IndicatorTarget.objects.bulk_create([
        IndicatorTarget(cohort=cohort, indicator=code, target=Decimal(value), updated_by=coordinator)
        for code, value in TARGETS.items()
    ])


def _follow_ups_create(rng, cohort, plans, coordinator) -> None:
    ends = cohort.ends_on
    due3, due6 = date(2025, 10, ends.day), date(2026, 1, ends.day)
    formal = {p["match"].participant_id: p["formal_from"] is not None for p in plans}
    people = sorted(formal)
    rng.shuffle(people)
    phone, unreachable = set(people[:5]), people[5]
    elsewhere = (dict.fromkeys(people[6:9], EmploymentStatus.OWN_BUSINESS)
                 | dict.fromkeys(people[9:11], EmploymentStatus.OTHER_ECOMMERCE)
                 | dict.fromkeys(people[11:13], EmploymentStatus.NOT_WORKING))
    follow_ups, answers = [], []
    for pk in sorted(formal):
        status = (FollowUpStatus.UNREACHABLE if pk == unreachable
                  else FollowUpStatus.BY_PHONE if pk in phone else FollowUpStatus.ANSWERED)
        sent = _at(due3, 9)
        answered = sent + timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 9))
        follow_ups.append(FollowUp(
            participant_id=pk, months_after=3, due_on=due3, status=status, sent_at=sent,
            answered_at=None if status == FollowUpStatus.UNREACHABLE else answered,
            token_used_at=answered if status == FollowUpStatus.ANSWERED else None,
        ))
        follow_ups.append(FollowUp(participant_id=pk, months_after=6, due_on=due6, status=FollowUpStatus.SENT,
                                   sent_at=_at(due6, 9)))
    follow_ups = FollowUp.objects.bulk_create(follow_ups)
    for follow_up in follow_ups:
        if follow_up.months_after != 3 or follow_up.status == FollowUpStatus.UNREACHABLE:
            continue
        pk = follow_up.participant_id
        host = EmploymentStatus.HOST_FORMAL if formal[pk] else EmploymentStatus.HOST_PAID
        work = elsewhere.get(pk) or host
        band = (IncomeBand.NONE if work == EmploymentStatus.NOT_WORKING
                else rng.choice([IncomeBand.FROM_1000, IncomeBand.FROM_1000, IncomeBand.FROM_2000,
                                 IncomeBand.UNDER_1000, IncomeBand.OVER_4000, IncomeBand.UNDISCLOSED]))
        by_phone = follow_up.status == FollowUpStatus.BY_PHONE
        answers.append(EmploymentRecord(
            participant_id=pk, follow_up=follow_up, as_of=follow_up.answered_at.astimezone(_TZ).date(),
            status=work, income_band=band, source=RecordSource.PHONE if by_phone else RecordSource.SURVEY,
            recorded_by=coordinator if by_phone else None,
        ))
    EmploymentRecord.objects.bulk_create(answers)


def _summary(cohort: Cohort) -> list[str]:
    reports = FirmReport.objects.filter(match__participant__cohort=cohort)
    verified = reports.filter(status=ReportStatus.VERIFIED)
    return [
        f"Outcomes of {cohort.name}: {reports.count()} firm reports "
        f"({verified.count()} verified, {reports.filter(status=ReportStatus.SUBMITTED).count()} waiting, "
        f"{reports.filter(status=ReportStatus.QUERIED).count()} queried), "
        f"{ShopOpening.objects.filter(report__in=verified).count()} new shops, "
        f"{EmploymentRecord.objects.filter(participant__cohort=cohort).count()} follow-up answers, "
        f"{IndicatorTarget.objects.filter(cohort=cohort).count()} targets."
    ]


def demo_outcomes_seed(*, rng: random.Random, seed: int, scale: int) -> list[str]:
    """Report the pilot's outcomes once it has matches; skip once it has firm reports."""
    cohort = Cohort.objects.filter(call__title_en=PILOT_CALL["title_en"]).first()
    if cohort is None or cohort.ends_on is None:
        return []
    if not Match.objects.filter(participant__cohort=cohort, ended_at__isnull=True).exists():
        return []
    created = False
    if not FirmReport.objects.filter(match__participant__cohort=cohort).exists():
        demo_outcomes_create(rng=rng, cohort=cohort)
        created = True
    if created or not AggregateSnapshot.objects.exists():
        aggregates_refresh()
    return _summary(cohort)

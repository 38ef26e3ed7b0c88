"""The raw tables the indicators are computed from, read with a few grouped SQL queries.

Every table is keyed by cohort and carries each person's breakdown groups (region, rural/urban, age band,
prior employment), so that `outcomes.indicators` can sum them per group with pandas. Only verified firm
reports count: a report a coordinator has not verified is not yet evidence.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from applicants.enums import Employment
from applicants.models import Application, Call, Participant
from matching.models import Match
from training.models import Certificate, Session

from .enums import AgeBand, PriorEmployment, ReportStatus
from .models import EmploymentRecord, FirmReport, ShopOpening

BREAKDOWN_COLUMNS = ["region", "settlement", "age_band", "prior_employment"]
_G = [f"g_{column}" for column in BREAKDOWN_COLUMNS]
_PRIOR = {
    Employment.FORMAL_FULL: PriorEmployment.FORMAL, Employment.FORMAL_PART: PriorEmployment.FORMAL,
    Employment.INFORMAL: PriorEmployment.INFORMAL, Employment.SELF_EMPLOYED: PriorEmployment.INFORMAL,
    Employment.UNEMPLOYED: PriorEmployment.NOT_WORKING, Employment.STUDENT: PriorEmployment.NOT_WORKING,
}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_of(*, born: date | None, on: date) -> str:
    """Return the age band of someone born on `born`, on the day `on` (the call's opening)."""
    if born is None:
        return AgeBand.UNKNOWN
    if born > _years_before(on, 25):
        return AgeBand.UNDER_25
    if born > _years_before(on, 35):
        return AgeBand.FROM_25
    return AgeBand.FROM_35


def _age_band_case(prefix: str, calls: dict[int, date]) -> Case:
    """The age band at each call's opening, computed in SQL (the same cut-offs as `age_band_of`)."""
    whens = []
    for call_id, opens in calls.items():
        whens += [
            When(**{f"{prefix}call_id": call_id, f"{prefix}date_of_birth__gt": _years_before(opens, 25)},
                 then=Value(AgeBand.UNDER_25)),
            When(**{f"{prefix}call_id": call_id, f"{prefix}date_of_birth__gt": _years_before(opens, 35)},
                 then=Value(AgeBand.FROM_25)),
            When(**{f"{prefix}call_id": call_id, f"{prefix}date_of_birth__isnull": False},
                 then=Value(AgeBand.FROM_35)),
        ]
    return Case(*whens, default=Value(AgeBand.UNKNOWN), output_field=CharField())


def _prior_case(prefix: str) -> Case:
    whens = [
        When(**{f"{prefix}employment": employment}, then=Value(group)) for employment, group in _PRIOR.items()
    ]
    return Case(*whens, default=Value(PriorEmployment.UNKNOWN), output_field=CharField())


def _groups(prefix: str, calls: dict[int, date]) -> dict:
    # Prefixed names: an annotation may not shadow the application's own fields.
    return {
        "g_region": F(f"{prefix}region"), "g_settlement": F(f"{prefix}settlement"),
        "g_age_band": _age_band_case(prefix, calls), "g_prior_employment": _prior_case(prefix),
    }


@dataclass
class Frames:
    """The raw tables: one row a participant, funnel counts by group, follow-up answers, monthly sums."""

    participants: pd.DataFrame
    funnel: pd.DataFrame
    follow_ups: pd.DataFrame
    months: pd.DataFrame
    sessions: pd.DataFrame


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=columns)


def frames_load(*, now) -> Frames:
    """Read every table the indicators need; the cohorts are those whose call has one."""
    calls = {
        pk: opens.date()
        for pk, opens in Call.objects.filter(cohort__isnull=False).values_list("pk", "opens_at")
    }
    verified = FirmReport.objects.filter(status=ReportStatus.VERIFIED, match__isnull=False)
    money = DecimalField(max_digits=16, decimal_places=2)

    per_person = _frame(
        verified.values(participant=F("match__participant_id")).annotate(
            revenue=Sum("online_revenue"), baseline=Sum("firm__baseline_revenue"), new_jobs=Sum("new_jobs"),
            first_sales=Count("pk", filter=Q(first_online_sale=True)), reports=Count("pk"),
        ).values_list("participant", "revenue", "baseline", "new_jobs", "first_sales", "reports"),
        ["participant", "revenue", "baseline", "new_jobs", "first_sales", "reports"],
    )
    shops = _frame(
        ShopOpening.objects.filter(report__in=verified).values(participant=F("report__match__participant_id"))
        .annotate(shops=Count("pk")).values_list("participant", "shops"),
        ["participant", "shops"],
    )
    latest = verified.filter(match__participant=OuterRef("pk")).order_by("-month", "-pk")
    # Her firm's baseline is the firm of her latest match (a woman re-matched counts her new firm's).
    her_firm = Match.objects.filter(participant=OuterRef("pk")).order_by("-started_at", "-pk")
    people = _frame(
        Participant.objects.filter(cohort__call_id__in=calls).annotate(
            **_groups("application__", calls),
            completed=Exists(Certificate.objects.filter(participant=OuterRef("pk"))),
            contract=Coalesce(Subquery(latest.values("manager_contract")[:1]), Value("")),
            matched=Exists(Match.objects.filter(participant=OuterRef("pk"))),
            baseline_shops=Subquery(her_firm.values("firm__baseline_shops")[:1]),
            selling_before=Subquery(her_firm.values("firm__baseline_revenue")[:1]),
        ).values_list("pk", "cohort_id", *_G, "completed", "contract", "matched",
                      "baseline_shops", "selling_before"),
        ["participant", "cohort", *BREAKDOWN_COLUMNS, "completed", "contract", "matched",
         "baseline_shops", "selling_before"],
    )
    participants = (
        people.merge(per_person, on="participant", how="left").merge(shops, on="participant", how="left")
    )
    for column in ("revenue", "baseline", "new_jobs", "first_sales", "reports", "shops", "baseline_shops",
                   "selling_before"):
        participants[column] = pd.to_numeric(participants[column], errors="coerce").fillna(0).astype(float)
    # A firm that sold online before the programme already had its first online sale.
    participants["selling_before"] = (participants["selling_before"] > 0).astype(float)
    participants["completed"] = participants["completed"].astype(bool)
    participants["matched"] = participants["matched"].astype(bool)

    funnel = _frame(
        Application.objects.filter(call_id__in=calls, submitted_at__isnull=False)
        .annotate(**_groups("", calls))
        .values("call__cohort", *_G)
        .annotate(
            applied=Count("pk"), eligible=Count("pk", filter=Q(eligibility="eligible")),
            selected=Count("participant"), completed=Count("participant__certificate"),
        ).values_list("call__cohort", *_G, "applied", "eligible", "selected", "completed"),
        ["cohort", *BREAKDOWN_COLUMNS, "applied", "eligible", "selected", "completed"],
    )
    follow_ups = _frame(
        EmploymentRecord.objects.filter(follow_up__isnull=False, participant__cohort__call_id__in=calls)
        .values_list("participant_id", "follow_up__months_after", "status"),
        ["participant", "months_after", "status"],
    )
    months = _frame(
        verified.values(cohort=F("match__participant__cohort_id"), report_month=F("month")).annotate(
            revenue=Coalesce(Sum("online_revenue"), Value(0), output_field=money),
            baseline=Coalesce(Sum("firm__baseline_revenue"), Value(0), output_field=money),
            people=Count("match__participant", distinct=True),
        ).values_list("cohort", "report_month", "revenue", "baseline", "people"),
        ["cohort", "month", "revenue", "baseline", "people"],
    )
    month_shops = _frame(
        ShopOpening.objects.filter(report__in=verified)
        .values(cohort=F("report__match__participant__cohort_id"), report_month=F("report__month"))
        .annotate(shops=Count("pk")).values_list("cohort", "report_month", "shops"),
        ["cohort", "month", "shops"],
    )
    months = months.merge(month_shops, on=["cohort", "month"], how="left")
    for column in ("revenue", "baseline", "shops"):
        months[column] = pd.to_numeric(months[column], errors="coerce").fillna(0).astype(float)
    sessions = _frame(
        Session.objects.filter(cohort__call_id__in=calls, starts_at__lte=now)
        .values("cohort").annotate(held=Count("pk")).values_list("cohort", "held"),
        ["cohort", "held"],
    )
    return Frames(participants=participants, funnel=funnel, follow_ups=follow_ups, months=months,
                  sessions=sessions)

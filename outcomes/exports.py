"""The raw rows the indicators read, for coordinators to check them: ids only, never names or phones."""

import io

import pandas as pd
from django.db.models import Exists, F, OuterRef, Subquery

from applicants.models import Application, Call, Participant
from matching.models import Match
from training.models import Certificate, Session

from .models import EmploymentRecord, FirmReport, ShopOpening

RAW_TABLES = ("participants", "applications", "firm_reports", "shops", "follow_ups", "sessions")


def _frame(queryset, columns: list[str]) -> pd.DataFrame:
    # Annotations are named x_<column>, so that none shadows a field or a relation of the model.
    names = [column.removeprefix("x_") for column in columns]
    return pd.DataFrame.from_records(list(queryset.values_list(*columns)), columns=names)


def raw_tables() -> dict[str, pd.DataFrame]:
    """Return each raw table of the cohorts' calls as a DataFrame, keyed by its name in RAW_TABLES."""
    calls = Call.objects.filter(cohort__isnull=False).values("pk")
    her_firm = Match.objects.filter(participant=OuterRef("pk")).order_by("-started_at", "-pk")
    participants = _frame(
        Participant.objects.filter(cohort__call__in=calls).annotate(
            x_region=F("application__region"), x_settlement=F("application__settlement"),
            x_date_of_birth=F("application__date_of_birth"), x_call_opens_at=F("cohort__call__opens_at"),
            x_employment=F("application__employment"),
            x_certificate=Exists(Certificate.objects.filter(participant=OuterRef("pk"))),
            x_matched=Exists(Match.objects.filter(participant=OuterRef("pk"))),
            x_firm=Subquery(her_firm.values("firm_id")[:1]),
        ).order_by("pk"),
        ["id", "cohort_id", "x_region", "x_settlement", "x_date_of_birth", "x_call_opens_at", "x_employment",
         "x_certificate", "x_matched", "x_firm"],
    )
    applications = _frame(
        Application.objects.filter(call__in=calls).annotate(
            x_cohort=F("call__cohort"), x_call_opens_at=F("call__opens_at"),
            x_participant_id=F("participant"),
        ).order_by("pk"),
        ["id", "x_cohort", "submitted_at", "eligibility", "region", "settlement", "date_of_birth",
         "x_call_opens_at", "employment", "x_participant_id"],
    )
    reports = _frame(
        FirmReport.objects.annotate(
            x_participant=F("match__participant_id"), x_cohort=F("match__participant__cohort_id"),
            x_baseline_revenue=F("firm__baseline_revenue"), x_baseline_shops=F("firm__baseline_shops"),
        ).order_by("pk"),
        ["id", "firm_id", "x_participant", "x_cohort", "month", "status", "online_revenue", "online_orders",
         "first_online_sale", "new_jobs", "manager_contract", "x_baseline_revenue", "x_baseline_shops"],
    )
    shops = _frame(ShopOpening.objects.order_by("pk"), ["report_id", "marketplace", "opened_on"])
    follow_ups = _frame(
        EmploymentRecord.objects.filter(follow_up__isnull=False)
        .annotate(x_months_after=F("follow_up__months_after")).order_by("pk"),
        ["participant_id", "x_months_after", "status"],
    )
    sessions = _frame(
        Session.objects.filter(cohort__call__in=calls).order_by("pk"), ["cohort_id", "starts_at"]
    )
    for table in (participants, applications):
        # Excel keeps no time zones: the opening is a date, as the age bands read it.
        table["call_opens_at"] = pd.to_datetime(table["call_opens_at"], utc=True)
    for frame, column in ((applications, "submitted_at"), (sessions, "starts_at")):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    for frame in (reports,):
        for column in ("online_revenue", "baseline_revenue"):
            frame[column] = pd.to_numeric(frame[column]).astype(float)
    return {
        "participants": participants, "applications": applications, "firm_reports": reports, "shops": shops,
        "follow_ups": follow_ups, "sessions": sessions,
    }


def raw_workbook() -> bytes:
    """Return the raw tables as an XLSX workbook, one sheet a table."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in raw_tables().items():
            table = table.copy()
            for column in table.columns:
                if isinstance(table[column].dtype, pd.DatetimeTZDtype):
                    table[column] = table[column].dt.tz_localize(None)
            table.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()

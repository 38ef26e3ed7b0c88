"""The programme's indicators, defined in code: what each counts, its unit, its baseline, its breakdowns.

`indicator_cells` turns the raw tables of `outcomes.frames` into cells: one figure per cohort (or the
whole programme, cohort None), per indicator, per breakdown group ("" for the total). Each cell carries
`n`, the number of people the figure is about, which `outcomes.suppression` uses to hide small groups.
docs/indicators.md explains every definition for donors.
"""

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext_lazy as _

from .enums import (
    FOLLOW_UP_MONTHS,
    FORMAL_CONTRACTS,
    IN_ECOMMERCE,
    PAID_CONTRACTS,
    Breakdown,
    PriorEmployment,
)
from .frames import BREAKDOWN_COLUMNS, Frames

PROGRAMME = None  # the cohort key of programme-wide cells
MONTH = "month"  # a breakdown by reporting month, for the charts over time


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    # "sum" adds up over people; "share" is a percentage of `n` people; "count" counts events not people.
    kind: str = "sum"
    breakdowns: tuple[str, ...] = tuple(Breakdown.values)
    help: str = ""
    group: str = "results"
    extra: dict = field(default_factory=dict)

    @property
    def is_share(self) -> bool:
        return self.kind == "share"


TJS, PEOPLE, PERCENT = "TJS", "people", "%"
_RETENTION = {
    3: _("In e-commerce 3 months after the training"),
    6: _("In e-commerce 6 months after the training"),
    12: _("In e-commerce 12 months after the training"),
}
INDICATORS: list[Indicator] = [
    Indicator("additional_revenue", _("Additional online revenue"), TJS,
              help=_("Verified monthly online revenue minus the firm's baseline, summed over months.")),
    Indicator("online_revenue", _("Online revenue"), TJS, breakdowns=(*Breakdown.values, MONTH),
              help=_("Verified monthly online revenue, against the firms' baseline over the same months.")),
    Indicator("paid_host", _("Women in paid roles with their host firm"), PEOPLE,
              help=_("Participants whose latest verified report says the firm pays her.")),
    Indicator("formalised_share", _("Women formalised"), PERCENT, kind="share",
              help=_("Share of matched participants on a formal contract with their firm; the baseline is "
                     "the share formally employed when they applied.")),
    *[
        Indicator(f"retention_{months}", _RETENTION[months], PERCENT, kind="share",
                  help=_("Share of the women who answered the follow-up who work in e-commerce: with their "
                         "firm, in another e-commerce job or in their own online business."))
        for months in FOLLOW_UP_MONTHS
    ],
    Indicator("new_jobs", _("New jobs"), _("jobs"), help=_("People the firms hired, from verified reports.")),
    Indicator("shops_opened", _("Online shops opened"), _("shops"), breakdowns=(*Breakdown.values, MONTH),
              help=_("New shops on marketplaces, from verified reports; the baseline is the shops the firms "
                     "had before the programme.")),
    Indicator("first_online_sales", _("Firms with their first online sale"), _("firms"),
              help=_("Firms that reported their first online sale; the baseline is the firms already "
                     "selling online before the programme.")),
    Indicator("trainings_held", _("Trainings held"), _("sessions"), kind="count", breakdowns=(),
              help=_("Training sessions of the cohort that have taken place.")),
    Indicator("funnel_applied", _("Applied"), PEOPLE, group="funnel", help=_("Submitted applications.")),
    Indicator("funnel_eligible", _("Eligible"), PEOPLE, group="funnel",
              help=_("Applications that met the call's criteria.")),
    Indicator("funnel_selected", _("Selected"), PEOPLE, group="funnel",
              help=_("Applicants who accepted a seat and joined the cohort.")),
    Indicator("funnel_completed", _("Completed"), PEOPLE, group="funnel",
              help=_("Participants who earned the certificate.")),
]
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def _contributions(frames: Frames) -> pd.DataFrame:
    """One row per person and indicator: what she adds to the figure (num), to its denominator (den),
    to the people it is about (n) and to its baseline (base)."""
    p = frames.participants
    reported = (p["reports"] > 0).astype(float)
    contract = p["contract"]
    paid = contract.isin(PAID_CONTRACTS).astype(float)
    formal = contract.isin(FORMAL_CONTRACTS).astype(float)
    matched = p["matched"].astype(float)
    was_formal = ((p["prior_employment"] == PriorEmployment.FORMAL) & p["matched"]).astype(float)
    nothing = pd.Series(0.0, index=p.index)
    rows = {
        "additional_revenue": (p["revenue"] - p["baseline"], nothing, reported, None),
        "online_revenue": (p["revenue"], nothing, reported, p["baseline"]),
        "paid_host": (paid, nothing, paid, None),
        "formalised_share": (formal, matched, matched, was_formal),
        "new_jobs": (p["new_jobs"], nothing, reported, None),
        "shops_opened": (p["shops"], nothing, reported, p["baseline_shops"] * matched),
        "first_online_sales": (p["first_sales"], nothing, reported, p["selling_before"] * matched),
    }
    answers = frames.follow_ups
    for months in FOLLOW_UP_MONTHS:
        mine = answers[answers["months_after"] == months]
        answered = p["participant"].isin(mine["participant"]).astype(float)
        retained = p["participant"].isin(mine[mine["status"].isin(IN_ECOMMERCE)]["participant"]).astype(float)
        rows[f"retention_{months}"] = (retained, answered, answered, None)
    keys = p[["cohort", *BREAKDOWN_COLUMNS]]
    parts = []
    for code, (num, den, n, base) in rows.items():
        part = keys.copy()
        part["indicator"] = code
        part["num"], part["den"], part["n"] = num.astype(float), den.astype(float), n.astype(float)
        part["base"] = float("nan") if base is None else base.astype(float)
        parts.append(part)
    f = frames.funnel
    for stage in ("applied", "eligible", "selected", "completed"):
        part = f[["cohort", *BREAKDOWN_COLUMNS]].copy()
        part["indicator"] = f"funnel_{stage}"
        part["num"] = part["n"] = f[stage].astype(float)
        part["den"], part["base"] = 0.0, float("nan")
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _group(value) -> str:
    # An unanswered question (blank or missing) is its own group, never the total's "".
    return "unknown" if value is None or pd.isna(value) or value == "" else str(value)


def _cells_from(sums: pd.DataFrame, breakdown: str, group_column: str | None, cohort_column: str | None):
    cells = []
    for row in sums.itertuples(index=False):
        indicator = BY_CODE[row.indicator]
        if breakdown and breakdown not in indicator.breakdowns:
            continue
        value, baseline = row.num, row.base
        if indicator.is_share:
            value = round(100 * row.num / row.den, 1) if row.den else None
            baseline = round(100 * row.base / row.den, 1) if row.den and not pd.isna(row.base) else None
        else:
            value = round(float(value), 2)
            baseline = None if pd.isna(baseline) else round(float(baseline), 2)
        cells.append({
            "cohort": int(getattr(row, cohort_column)) if cohort_column else PROGRAMME,
            "indicator": row.indicator, "breakdown": breakdown,
            "group": _group(getattr(row, group_column)) if group_column else "",
            "value": value, "n": int(row.n), "baseline": baseline,
        })
    return cells


def indicator_cells(frames: Frames) -> list[dict]:
    """Return every indicator's figure for each cohort and the programme, in total and per group."""
    contrib = _contributions(frames)
    cells: list[dict] = []
    measures = ["num", "den", "n", "base"]
    if not contrib.empty:
        for breakdown in ["", *BREAKDOWN_COLUMNS]:
            by = [breakdown] if breakdown else []
            for cohort_by in (["cohort"], []):
                # min_count=1 keeps a baseline that nobody has (all NaN) as NaN rather than 0.
                grouped = contrib.groupby([*cohort_by, "indicator", *by], dropna=False)
                sums = grouped[measures].sum(min_count=1)
                sums[["num", "den", "n"]] = sums[["num", "den", "n"]].fillna(0)
                cells += _cells_from(
                    sums.reset_index(), breakdown, breakdown or None, "cohort" if cohort_by else None
                )
    cells += _month_cells(frames.months)
    cells += _training_cells(frames.sessions)
    return cells


def _month_cells(months: pd.DataFrame) -> list[dict]:
    if months.empty:
        return []
    m = months.copy()
    m["group"] = pd.to_datetime(m["month"]).dt.strftime("%Y-%m")
    cells = []
    for cohort_by in (["cohort"], []):
        measures = ["revenue", "baseline", "people", "shops"]
        sums = m.groupby([*cohort_by, "group"])[measures].sum().reset_index()
        for row in sums.itertuples(index=False):
            cohort = int(row.cohort) if cohort_by else PROGRAMME
            common = {"cohort": cohort, "breakdown": MONTH, "group": row.group, "n": int(row.people)}
            cells.append({**common, "indicator": "online_revenue", "value": round(float(row.revenue), 2),
                          "baseline": round(float(row.baseline), 2)})
            cells.append({**common, "indicator": "shops_opened", "value": float(row.shops), "baseline": None})
    return cells


def _training_cells(sessions: pd.DataFrame) -> list[dict]:
    cells = [
        {"cohort": int(row.cohort), "indicator": "trainings_held", "breakdown": "", "group": "",
         "value": float(row.held), "n": None, "baseline": None}
        for row in sessions.itertuples(index=False)
    ]
    total = float(sessions["held"].sum()) if not sessions.empty else 0.0
    cells.append({"cohort": PROGRAMME, "indicator": "trainings_held", "breakdown": "", "group": "",
                  "value": total, "n": None, "baseline": None})
    return cells

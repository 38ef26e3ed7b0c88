"""The fairness report of a call's selection: who passes each stage, by group, and the four-fifths rule.

Stages, each with its base (the applications it judges) and what passing it means:

- eligibility: base = submitted applications (submitted, not erased); pass = found eligible.
- review: base = eligible applications with at least one review; pass = reviewers' score of at least
  50 (a mean of at least 3 of 5).
- shortlist: base = eligible applications with a rank; pass = rank within the call's shortlist length.
- selection: base = the shortlisted ones (as just defined); pass = offered a seat (an offer, any status).
- overall: base = submitted applications; pass = offered a seat.

Dimensions: region, city or village, age band on the call's opening day (18 to 24, 25 to 34, 35 and
over; younger ones and missing answers get groups of their own) and employment.

For each stage, dimension and group: n, passed, the pass rate and the adverse-impact ratio, the group's
rate over the highest rate among groups of at least `MIN_GROUP` applications (the reference). A ratio
below four fifths (0.8) is flagged; exactly 0.8 is not. Groups smaller than `MIN_GROUP` are too few to
judge: they get no ratio, no flag, and are never the reference. Comparisons use exact fractions, so a
ratio of exactly four fifths is never flagged by a rounding error.

`fairness_report` reads the call's applications in one query and computes everything with pandas;
`fairness_compute` is the pure part, on rows. `fairness_export` writes the report as CSV or XLSX in a job.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pandas as pd
from django.core.files.base import ContentFile
from django.db.models import Exists, F, OuterRef
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parwona.core.jobs import job_handler
from parwona.core.services import audit_record

from .enums import ApplicationStatus, Eligibility, Employment, Region, Settlement
from .exports import FORMATS, frame_encode
from .models import Application, Call, Offer

FAIRNESS_EXPORT = "fairness.export"
MIN_GROUP = 5
FOUR_FIFTHS = Fraction(4, 5)
REVIEW_PASS = 50
UNKNOWN = "unknown"
UNDER_18 = "under_18"

# Values the one query reads, in order.
FIELDS = ("region", "settlement", "employment", "date_of_birth", "eligibility",
          "review_total", "review_count", "rank", "offered")

STAGES = [
    ("eligibility", gettext_lazy("Eligibility"),
     gettext_lazy("Submitted applications"), gettext_lazy("Found eligible")),
    ("review", gettext_lazy("Review"),
     gettext_lazy("Eligible applications with at least one review"),
     gettext_lazy("Reviewers' score of at least 50 (a mean of at least 3 of 5)")),
    ("shortlist", gettext_lazy("Shortlist"),
     gettext_lazy("Eligible applications with a rank"), gettext_lazy("Ranked within the shortlist")),
    ("selection", gettext_lazy("Selection"),
     gettext_lazy("Shortlisted applications"), gettext_lazy("Offered a seat")),
    ("overall", gettext_lazy("Overall"),
     gettext_lazy("Submitted applications"), gettext_lazy("Offered a seat")),
]

AGE_BANDS = [
    ("18_24", gettext_lazy("18 to 24")),
    ("25_34", gettext_lazy("25 to 34")),
    ("35_plus", gettext_lazy("35 and over")),
]
# Groups shown only when someone is in them.
EXTRA_GROUPS = [(UNDER_18, gettext_lazy("Under 18")), (UNKNOWN, gettext_lazy("Not given"))]
EXTRA_KEYS = {UNDER_18, UNKNOWN}

DIMENSIONS = [
    ("region", gettext_lazy("Region"), list(Region.choices)),
    ("settlement", gettext_lazy("City or village"), list(Settlement.choices)),
    ("age_band", gettext_lazy("Age on the opening day"), AGE_BANDS),
    ("employment", gettext_lazy("Employment"), list(Employment.choices)),
]


@dataclass(frozen=True)
class GroupFigures:
    """One group's figures at one stage: how many, how many passed, and the four-fifths judgement."""

    key: str
    label: str | Promise
    n: int
    passed: int
    ratio_exact: Fraction | None = None
    is_reference: bool = False

    @property
    def judged(self) -> bool:
        """Whether the group is large enough to be judged (and to be the reference)."""
        return self.n >= MIN_GROUP

    @property
    def rate(self) -> float | None:
        return self.passed / self.n if self.n else None

    @property
    def percent(self) -> float | None:
        return round(100 * self.passed / self.n, 1) if self.n else None

    @property
    def ratio(self) -> float | None:
        return float(self.ratio_exact) if self.ratio_exact is not None else None

    @property
    def ratio_shown(self) -> Decimal | None:
        """The ratio cut (not rounded) to two decimals, so that a flagged ratio never reads 0.80."""
        if self.ratio_exact is None:
            return None
        return Decimal(math.floor(self.ratio_exact * 100)) / 100

    @property
    def flagged(self) -> bool:
        return self.ratio_exact is not None and self.ratio_exact < FOUR_FIFTHS

    @property
    def verdict(self) -> str:
        """One of: too_few, no_reference, flagged, reference, ok."""
        if not self.judged:
            return "too_few"
        if self.ratio_exact is None:
            return "no_reference"
        if self.flagged:
            return "flagged"
        return "reference" if self.is_reference else "ok"


@dataclass(frozen=True)
class DimensionFigures:
    key: str
    label: str | Promise
    groups: list[GroupFigures]

    @property
    def flagged(self) -> list[GroupFigures]:
        return [g for g in self.groups if g.flagged]

    @property
    def reference(self) -> list[GroupFigures]:
        return [g for g in self.groups if g.is_reference]


@dataclass(frozen=True)
class StageFigures:
    key: str
    label: str | Promise
    base_label: str | Promise
    pass_label: str | Promise
    base: int
    passed: int
    dimensions: list[DimensionFigures] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return round(100 * self.passed / self.base, 1) if self.base else None

    @property
    def flagged_count(self) -> int:
        return sum(len(d.flagged) for d in self.dimensions)


@dataclass(frozen=True)
class FairnessReport:
    opening_day: date
    shortlist_length: int
    stages: list[StageFigures]

    @property
    def flagged_count(self) -> int:
        return sum(s.flagged_count for s in self.stages)

    def rows(self) -> list[dict]:
        """Return one dict per stage, dimension and group, in the report's order."""
        return [
            {"stage": stage, "dimension": dimension, "group": group}
            for stage in self.stages
            for dimension in stage.dimensions
            for group in dimension.groups
        ]


def _age_bands(born: pd.Series, day: date) -> pd.Series:
    born = pd.to_datetime(born, errors="coerce")
    before_birthday = (born.dt.month > day.month) | ((born.dt.month == day.month) & (born.dt.day > day.day))
    age = day.year - born.dt.year - before_birthday.astype(int)
    bands = pd.Series(UNKNOWN, index=born.index, dtype=object)
    bands[age < 18] = UNDER_18
    bands[(age >= 18) & (age <= 24)] = "18_24"
    bands[(age >= 25) & (age <= 34)] = "25_34"
    bands[age >= 35] = "35_plus"
    return bands


def _stage_masks(frame: pd.DataFrame, shortlist_length: int) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Return (base, passed) boolean columns of each stage."""
    submitted = pd.Series(True, index=frame.index)
    eligible = frame["eligibility"] == Eligibility.ELIGIBLE
    reviewed = eligible & (frame["review_count"].fillna(0) > 0)
    ranked = eligible & frame["rank"].notna()
    shortlisted = ranked & (frame["rank"] <= shortlist_length)
    offered = frame["offered"].fillna(False).astype(bool)
    return {
        "eligibility": (submitted, eligible),
        "review": (reviewed, reviewed & (frame["review_total"] >= REVIEW_PASS)),
        "shortlist": (ranked, shortlisted),
        "selection": (shortlisted, shortlisted & offered),
        "overall": (submitted, offered),
    }


def _judged(groups: list[GroupFigures]) -> list[GroupFigures]:
    """Give each judged group its ratio to the highest rate among judged groups, and mark the reference."""
    judged = [g for g in groups if g.judged]
    if not judged:
        return groups
    best = max(Fraction(g.passed, g.n) for g in judged)
    if best == 0:
        # Nobody passed in any judged group: there is no rate to compare with.
        return groups
    return [
        GroupFigures(
            key=g.key, label=g.label, n=g.n, passed=g.passed,
            ratio_exact=Fraction(g.passed, g.n) / best, is_reference=Fraction(g.passed, g.n) == best,
        )
        if g.judged else g
        for g in groups
    ]


def fairness_compute(*, rows: list[dict] | pd.DataFrame, shortlist_length: int,
                     opening_day: date) -> FairnessReport:
    """Return the fairness report of submitted applications given as `rows` (the values of `FIELDS`).

    `review_total` and `rank` may be None (not reviewed, not ranked); `offered` is whether she was
    offered a seat.
    """
    frame = pd.DataFrame(rows, columns=list(FIELDS)) if not isinstance(rows, pd.DataFrame) else rows.copy()
    for name in ("region", "settlement", "employment"):
        frame[name] = frame[name].fillna("").replace("", UNKNOWN)
    frame["age_band"] = _age_bands(frame["date_of_birth"], opening_day)
    frame["review_total"] = pd.to_numeric(frame["review_total"], errors="coerce").astype(float)
    frame["rank"] = pd.to_numeric(frame["rank"], errors="coerce").astype(float)
    frame["review_count"] = pd.to_numeric(frame["review_count"], errors="coerce").astype(float)
    masks = _stage_masks(frame, shortlist_length)
    dimension_keys = [key for key, _label, _groups in DIMENSIONS]
    counts = frame[dimension_keys].copy()
    for stage, (base, passed) in masks.items():
        counts[f"{stage}_n"] = base.astype(int)
        counts[f"{stage}_passed"] = (base & passed).astype(int)
    # One pass over the table: counts per combination of groups, then each dimension's margins.
    cube = counts.groupby(dimension_keys, sort=False).sum()
    margins = {key: cube.groupby(level=key).sum() for key in dimension_keys}

    stages = []
    for stage, label, base_label, pass_label in STAGES:
        dimensions = []
        for key, dimension_label, choices in DIMENSIONS:
            margin = margins[key]
            groups = []
            for value, group_label in [*choices, *EXTRA_GROUPS]:
                n = int(margin[f"{stage}_n"].get(value, 0))
                if n == 0 and value in EXTRA_KEYS:
                    continue
                groups.append(GroupFigures(key=value, label=group_label, n=n,
                                           passed=int(margin[f"{stage}_passed"].get(value, 0))))
            dimensions.append(DimensionFigures(key=key, label=dimension_label, groups=_judged(groups)))
        stages.append(
            StageFigures(
                key=stage, label=label, base_label=base_label, pass_label=pass_label,
                base=int(counts[f"{stage}_n"].sum()), passed=int(counts[f"{stage}_passed"].sum()),
                dimensions=dimensions,
            )
        )
    return FairnessReport(opening_day=opening_day, shortlist_length=shortlist_length, stages=stages)


def fairness_rows(*, call: Call) -> list[tuple]:
    """Return the values of `FIELDS` for each of the call's submitted applications, in one query."""
    return list(
        Application.objects.filter(call=call, submitted_at__isnull=False, erased_at__isnull=True)
        .exclude(status=ApplicationStatus.ERASED)
        .annotate(
            review_total_value=F("score__review_total"),
            review_count_value=F("score__review_count"),
            rank_value=F("score__rank"),
            offered=Exists(Offer.objects.filter(application=OuterRef("pk"))),
        )
        .order_by()
        .values_list(
            "region", "settlement", "employment", "date_of_birth", "eligibility",
            "review_total_value", "review_count_value", "rank_value", "offered",
        )
    )


def fairness_report(*, call: Call) -> FairnessReport:
    """Return the fairness report of the call's selection, per stage, dimension and group (one query)."""
    frame = pd.DataFrame.from_records(fairness_rows(call=call), columns=list(FIELDS))
    return fairness_compute(
        rows=frame, shortlist_length=call.shortlist_length, opening_day=timezone.localdate(call.opens_at)
    )


def _verdict_label(group: GroupFigures) -> str:
    return {
        "too_few": _("Too few to judge"),
        "no_reference": _("No one passed: nothing to compare"),
        "flagged": _("Below four fifths"),
        "reference": _("Highest rate (reference)"),
        "ok": _("At or above four fifths"),
    }[group.verdict]


def fairness_frame(report: FairnessReport) -> pd.DataFrame:
    """Return the report as a table for people, one row per stage, dimension and group.

    Call it inside the language the table is for.
    """
    records = [
        {
            _("Stage"): str(row["stage"].label),
            _("Dimension"): str(row["dimension"].label),
            _("Group"): str(row["group"].label),
            _("Applications"): row["group"].n,
            _("Passed"): row["group"].passed,
            _("Pass rate (%)"): row["group"].percent,
            _("Adverse-impact ratio"): (
                round(row["group"].ratio, 3) if row["group"].ratio is not None else None
            ),
            _("Judgement"): _verdict_label(row["group"]),
        }
        for row in report.rows()
    ]
    columns = [_("Stage"), _("Dimension"), _("Group"), _("Applications"), _("Passed"), _("Pass rate (%)"),
               _("Adverse-impact ratio"), _("Judgement")]
    return pd.DataFrame(records, columns=columns)


@job_handler(FAIRNESS_EXPORT)
def fairness_export(*, job, progress) -> dict:
    """Write a call's fairness report to a file attached to the job, and audit the export."""
    params = job.params
    fmt = params.get("format") if params.get("format") in FORMATS else "csv"
    call = Call.objects.filter(pk=params.get("call")).first()
    if call is None:
        return {"rows": 0}
    report = fairness_report(call=call)
    progress(60, "")
    with translation.override(params.get("language") or None):
        frame = fairness_frame(report)
    content = frame_encode(frame, fmt=fmt, sheet_name="fairness")
    progress(90, "")
    # A retried run replaces the file rather than adding a second one.
    if job.result_file:
        job.result_file.delete(save=False)
    job.result_file.save(f"fairness-{call.pk}-{job.pk}.{fmt}", ContentFile(content), save=False)
    type(job).objects.filter(pk=job.pk).update(result_file=job.result_file.name)
    audit_record(
        actor=job.created_by,
        action="fairness.exported",
        target=call,
        details={"format": fmt, "rows": len(frame), "job": job.pk},
    )
    return {"rows": len(frame)}

"""View models of the donors' dashboard: plain functions over a snapshot's data, never over raw models.

Each returns what a template shows, already labelled, rounded and laid out, so templates compute nothing.
"""

from django.utils.translation import gettext as _

from applicants.charts import chart
from applicants.enums import Region, Settlement

from .enums import AgeBand, Breakdown, PriorEmployment
from .indicators import BY_CODE, INDICATORS, MONTH

GROUP_LABELS = {
    Breakdown.REGION: Region, Breakdown.SETTLEMENT: Settlement, Breakdown.AGE_BAND: AgeBand,
    Breakdown.PRIOR_EMPLOYMENT: PriorEmployment,
}
RESULTS = [indicator for indicator in INDICATORS if indicator.group == "results"]
FUNNEL = [indicator for indicator in INDICATORS if indicator.group == "funnel"]
CHART_WIDTH = 320


def group_label(breakdown: str, group: str) -> str:
    """Return the translated label of a breakdown group ("unknown" for an unanswered question)."""
    if group == "unknown":
        return _("Unknown")
    enum = GROUP_LABELS.get(breakdown)
    if enum is None:
        return group
    try:
        return str(enum(group).label)
    except ValueError:
        return group


def cohort_choice(data: dict, raw: str | None) -> dict | None:
    """Return the cohort `raw` names among the snapshot's cohorts, or None for the whole programme."""
    for cohort in data.get("cohorts", []):
        if raw and str(cohort["id"]) == raw:
            return cohort
    return None


def _index(data: dict) -> dict:
    return {(c["cohort"], c["indicator"], c["breakdown"], c["group"]): c for c in data.get("cells", [])}


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}".replace(",", "\u202f") if float(value).is_integer() else f"{value:,.1f}".replace(
        ",", "\u202f")


def _figure(cell: dict | None, indicator) -> dict:
    cell = cell or {"value": None, "n": None, "baseline": None, "target": None, "suppressed": False}
    value, target = cell.get("value"), cell.get("target")
    progress = None
    if value is not None and target:
        progress = max(0, min(100, round(100 * value / target)))
    return {
        "code": indicator.code, "label": str(indicator.label), "unit": str(indicator.unit),
        "help": str(indicator.help), "value": _number(value), "target": _number(target),
        "baseline": _number(cell.get("baseline")), "n": cell.get("n"), "progress": progress,
        "suppressed": bool(cell.get("suppressed")), "missing": value is None and not cell.get("suppressed"),
    }


def dashboard_kpis(data: dict, *, cohort: int | None) -> list[dict]:
    """Return one card per "results" indicator for the cohort (or the programme): actual, target,
    progress towards it, baseline and unit."""
    cells = _index(data)
    return [_figure(cells.get((cohort, i.code, "", "")), i) for i in RESULTS]


def _shown(cell: dict | None, *, absent: str = "0") -> str:
    """Return a chart's text for a cell: its number, "hidden" for a small group, and for no cell
    `absent` (nobody counted is 0; a share nobody answered is "—")."""
    if cell and cell.get("suppressed"):
        return _("hidden")
    if not cell or cell.get("value") is None:
        return absent
    return _number(cell["value"])


def _value(cell: dict | None) -> float:
    return float(cell["value"]) if cell and cell.get("value") is not None else 0.0


def _months(data: dict, cohort: int | None, code: str) -> list[dict]:
    return sorted(
        (c for c in data.get("cells", [])
         if c["cohort"] == cohort and c["indicator"] == code and c["breakdown"] == MONTH),
        key=lambda c: c["group"],
    )


def dashboard_charts(data: dict, *, cohort: int | None) -> dict:
    """Return the dashboard's charts as geometry for inline SVG: the funnel, monthly revenue against the
    baseline, shops opened per month, formalisation and retention, and the participants per region."""
    cells = _index(data)
    funnel = chart([(str(i.label), _value(cells.get((cohort, i.code, "", "")))) for i in FUNNEL],
                   width=CHART_WIDTH, height=40 * len(FUNNEL), horizontal=True)
    revenue_cells = _months(data, cohort, "online_revenue")
    top = max([_value(c) for c in revenue_cells] + [c.get("baseline") or 0 for c in revenue_cells] + [1])
    plot = 160 - 32
    # The bars and the baseline share one scale: a last invisible bar of the top value sets it.
    revenue = chart([(c["group"], _value(c)) for c in revenue_cells] + [("", top)], width=CHART_WIDTH,
                    height=160)
    revenue["bars"] = revenue["bars"][:-1]
    revenue["rows"] = [(c["group"], _number(_value(c)), _number(c.get("baseline"))) for c in revenue_cells]
    points = []
    for bar, cell in zip(revenue["bars"], revenue_cells, strict=True):
        y = 16 + plot - (cell.get("baseline") or 0) / top * plot
        points.append(f"{bar['x']:.1f},{y:.1f} {bar['x'] + bar['width']:.1f},{y:.1f}")
    revenue["baseline_points"] = " ".join(points)
    shops = chart([(c["group"], _value(c)) for c in _months(data, cohort, "shops_opened")],
                  width=CHART_WIDTH, height=140)
    shares = ["formalised_share", "retention_3", "retention_6", "retention_12"]
    share_rows = [(str(BY_CODE[code].label), _value(cells.get((cohort, code, "", "")))) for code in shares]
    retention = chart(share_rows + [("", 100.0)], width=CHART_WIDTH, height=44 * 5, horizontal=True)
    retention["bars"], retention["rows"] = retention["bars"][:-1], retention["rows"][:-1]
    regions = chart(
        [(group_label(Breakdown.REGION, r.value),
          _value(cells.get((cohort, "funnel_selected", "region", r.value)))) for r in Region],
        width=CHART_WIDTH, height=44 * len(Region), horizontal=True,
    )
    # Each bar and table row says what its cell holds: a hidden small group or an unanswered share
    # is not a zero, though its bar has no length.
    shown = {
        "funnel": [cells.get((cohort, i.code, "", "")) for i in FUNNEL],
        "shops": _months(data, cohort, "shops_opened"),
        "retention": [cells.get((cohort, code, "", "")) for code in shares],
        "regions": [cells.get((cohort, "funnel_selected", "region", r.value)) for r in Region],
    }
    figures = {"funnel": funnel, "shops": shops, "retention": retention, "regions": regions}
    for name, figure in figures.items():
        texts = [_shown(cell, absent="—" if name == "retention" else "0") for cell in shown[name]]
        figure["rows"] = [(label, text) for (label, _value_), text in zip(figure["rows"], texts, strict=True)]
        for bar, text in zip(figure["bars"], texts, strict=True):
            bar["value"] = text
            bar["is_number"] = text not in {"—", _("hidden")}
    revenue["rows"] = [(c["group"], _shown(c), _number(c.get("baseline"))) for c in revenue_cells]
    return {"funnel": funnel, "revenue": revenue, "shops": shops, "retention": retention, "regions": regions}


def dashboard_comparison(data: dict) -> dict:
    """Return the cohorts' totals side by side, each with its target, and the programme's."""
    cells = _index(data)
    cohorts = data.get("cohorts", [])
    rows = []
    for indicator in RESULTS + FUNNEL:
        figures = [_figure(cells.get((c["id"], indicator.code, "", "")), indicator) for c in cohorts]
        figures.append(_figure(cells.get((None, indicator.code, "", "")), indicator))
        rows.append({"label": str(indicator.label), "unit": str(indicator.unit), "figures": figures})
    return {"cohorts": [c["name"] for c in cohorts], "rows": rows}


def dashboard_breakdown(data: dict, *, cohort: int | None, breakdown: str) -> dict:
    """Return one breakdown's table: a column per group (labelled from the enums), a row per indicator."""
    cells = _index(data)
    groups = sorted({c["group"] for c in data.get("cells", [])
                     if c["breakdown"] == breakdown and c["cohort"] == cohort},
                    key=lambda g: (g == "unknown", group_label(breakdown, g)))
    rows = []
    for indicator in RESULTS + FUNNEL:
        if breakdown not in indicator.breakdowns:
            continue
        figures = [_figure(cells.get((cohort, indicator.code, breakdown, g)), indicator) for g in groups]
        rows.append({"label": str(indicator.label), "unit": str(indicator.unit), "figures": figures,
                     "total": _figure(cells.get((cohort, indicator.code, "", "")), indicator)})
    return {"breakdown": breakdown, "label": str(Breakdown(breakdown).label),
            "groups": [group_label(breakdown, g) for g in groups], "rows": rows}


def breakdown_links() -> list[tuple[str, str]]:
    return [(b.value, str(b.label)) for b in Breakdown]


def indicator_table(data: dict) -> list[list]:
    """Return the indicator table for downloads: a header and one row per cell of the snapshot."""
    names = {c["id"]: c["name"] for c in data.get("cohorts", [])}
    header = [_("Cohort"), _("Indicator"), _("Unit"), _("Breakdown"), _("Group"), _("Value"), _("People"),
              _("Baseline"), _("Target"), _("Hidden (fewer than 5 people)")]
    breakdowns = {b.value: str(b.label) for b in Breakdown} | {MONTH: _("Month")}
    rows = [header]
    order = {i.code: n for n, i in enumerate(INDICATORS)}
    cells = sorted(data.get("cells", []), key=lambda c: (
        c["cohort"] is not None, c["cohort"] or 0, order.get(c["indicator"], 99), c["breakdown"], c["group"]))
    for cell in cells:
        indicator = BY_CODE.get(cell["indicator"])
        if indicator is None:
            continue
        rows.append([
            names.get(cell["cohort"], "") if cell["cohort"] is not None else _("Whole programme"),
            str(indicator.label), str(indicator.unit), breakdowns.get(cell["breakdown"], ""),
            group_label(cell["breakdown"], cell["group"]) if cell["group"] else "",
            cell.get("value"), cell.get("n"), cell.get("baseline"), cell.get("target"),
            _("yes") if cell.get("suppressed") else _("no"),
        ])
    return rows

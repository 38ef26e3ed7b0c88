"""Every indicator recomputed from the raw export alone, with pandas, against the indicator cells and the
latest snapshot: the same figures for every cohort, the programme and every breakdown group."""

from datetime import date

import pandas as pd
import pytest
from django.core.management import call_command
from django.utils import timezone

from outcomes.aggregates import aggregates_refresh
from outcomes.exports import raw_tables
from outcomes.frames import frames_load
from outcomes.indicators import INDICATORS, indicator_cells

pytestmark = pytest.mark.django_db(transaction=False)

PAID = {"informal", "fixed_term", "permanent"}
FORMAL = {"fixed_term", "permanent"}
WORKING = {"host_paid", "host_formal", "other_ecommerce", "own_business"}
PRIOR = {"formal_full": "formal", "formal_part": "formal", "informal": "informal",
         "self_employed": "informal", "unemployed": "not_working", "student": "not_working"}
BREAKDOWNS = ["region", "settlement", "age_band", "prior_employment"]
SHARES = {i.code for i in INDICATORS if i.kind == "share"}
MONEY = {"additional_revenue", "online_revenue"}


def _minus_years(day: date, years: int) -> date:
    return date(day.year - years, day.month, 28 if (day.month, day.day) == (2, 29) else day.day)


def _band(born, opens) -> str:
    if born is None or pd.isna(born):
        return "unknown"
    opened = opens.date()
    if born > _minus_years(opened, 25):
        return "18_24"
    if born > _minus_years(opened, 35):
        return "25_34"
    return "35_plus"


def _groups(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=table.index)
    for column in ("region", "settlement"):
        out[column] = table[column].fillna("").replace("", "unknown")
    pairs = zip(table["date_of_birth"], table["call_opens_at"], strict=True)
    out["age_band"] = [_band(born, opens) for born, opens in pairs]
    out["prior_employment"] = table["employment"].map(PRIOR).fillna("unknown")
    return out


def _expected(raw: dict, now) -> dict:
    """Return {(cohort, indicator, breakdown, group): (value, n, baseline)} from the raw tables."""
    people, reports, shops = raw["participants"], raw["firm_reports"], raw["shops"]
    verified = reports[(reports["status"] == "verified") & reports["participant"].notna()].copy()
    verified["participant"] = verified["participant"].astype(int)
    verified_shops = shops[shops["report_id"].isin(verified["id"])].merge(
        verified[["id", "participant", "cohort", "month"]], left_on="report_id", right_on="id")
    firms = reports.drop_duplicates("firm_id").set_index("firm_id")
    rows = []
    for person in people.itertuples(index=False):
        mine = verified[verified["participant"] == person.id].sort_values(["month", "id"])
        contract = mine["manager_contract"].iloc[-1] if len(mine) else ""
        firm = firms.loc[int(person.firm)] if not pd.isna(person.firm) and int(person.firm) in firms.index \
            else None
        baseline_shops = float(firm["baseline_shops"]) if firm is not None else 0.0
        selling_before = float(firm["baseline_revenue"] > 0) if firm is not None else 0.0
        answers = raw["follow_ups"][raw["follow_ups"]["participant_id"] == person.id]
        matched = float(person.matched)
        reported = float(len(mine) > 0)
        revenue, baseline = float(mine["online_revenue"].sum()), float(mine["baseline_revenue"].sum())
        was_formal = float(PRIOR.get(person.employment) == "formal" and person.matched)
        paid = float(contract in PAID)
        contributions = {
            "additional_revenue": (revenue - baseline, 0, reported, None),
            "online_revenue": (revenue, 0, reported, baseline),
            "paid_host": (paid, 0, paid, None),
            "formalised_share": (float(contract in FORMAL), matched, matched, was_formal),
            "new_jobs": (float(mine["new_jobs"].sum()), 0, reported, None),
            "shops_opened": (float((verified_shops["participant"] == person.id).sum()), 0, reported,
                             baseline_shops * matched),
            "first_online_sales": (float(mine["first_online_sale"].sum()), 0, reported,
                                   selling_before * matched),
        }
        for months in (3, 6, 12):
            answer = answers[answers["months_after"] == months]
            answered = float(len(answer) > 0)
            contributions[f"retention_{months}"] = (float(answer["status"].isin(WORKING).any()), answered,
                                                    answered, None)
        for code, (num, den, n, base) in contributions.items():
            rows.append({"key": person.id, "cohort": person.cohort_id, "indicator": code, "num": num,
                         "den": den, "n": n, "base": base})
    contrib = pd.DataFrame(rows)
    contrib = contrib.merge(_groups(people).assign(key=people["id"]), on="key")
    apps = raw["applications"][raw["applications"]["submitted_at"].notna()].copy()
    apps = pd.concat([apps, _groups(apps)[BREAKDOWNS].add_prefix("g_")], axis=1)
    certified = set(people.loc[people["certificate"], "id"])
    stages = {
        "funnel_applied": pd.Series(1.0, index=apps.index),
        "funnel_eligible": (apps["eligibility"] == "eligible").astype(float),
        "funnel_selected": apps["participant_id"].notna().astype(float),
        "funnel_completed": apps["participant_id"].isin(certified).astype(float),
    }
    for code, flag in stages.items():
        part = pd.DataFrame({"key": apps["id"], "cohort": apps["cohort"], "indicator": code, "num": flag,
                             "den": 0.0, "n": flag, "base": None})
        for column in BREAKDOWNS:
            part[column] = apps[f"g_{column}"]
        contrib = pd.concat([contrib, part], ignore_index=True)
    expected = {}
    base_known = contrib.assign(has_base=contrib["base"].notna())
    for cohort_key in ("cohort", None):
        for breakdown in ["", *BREAKDOWNS]:
            keys = [k for k in (cohort_key, breakdown) if k] + ["indicator"]
            for group_key, part in base_known.groupby(keys):
                group_key = group_key if isinstance(group_key, tuple) else (group_key,)
                named = dict(zip(keys, group_key, strict=True))
                code = named["indicator"]
                num, den, n = part["num"].sum(), part["den"].sum(), part["n"].sum()
                known = part.loc[part["has_base"], "base"].astype(float)
                base = known.sum() if len(known) else None
                if code in SHARES:
                    value = round(100 * num / den, 1) if den else None
                    base = round(100 * base / den, 1) if den and base is not None else None
                else:
                    value, base = round(float(num), 2), None if base is None else round(float(base), 2)
                cohort = int(named["cohort"]) if cohort_key else None
                expected[(cohort, code, breakdown, named.get(breakdown, "") if breakdown else "")] = (
                    value, int(n), base)
    month_rows = verified.copy()
    month_rows["group"] = pd.to_datetime(month_rows["month"]).dt.strftime("%Y-%m")
    verified_shops["group"] = pd.to_datetime(verified_shops["month"]).dt.strftime("%Y-%m")
    for cohort_key in ("cohort", None):
        keys = [k for k in (cohort_key,) if k] + ["group"]
        shop_counts = verified_shops.groupby(keys).size()
        for group_key, part in month_rows.groupby(keys):
            cohort = int(group_key[0]) if cohort_key else None
            month = group_key[-1]
            n = part["participant"].nunique()
            expected[(cohort, "online_revenue", "month", month)] = (
                round(float(part["online_revenue"].sum()), 2), n,
                round(float(part["baseline_revenue"].sum()), 2))
            opened = shop_counts.get(group_key if cohort_key else month, 0)
            expected[(cohort, "shops_opened", "month", month)] = (float(opened), n, None)
    held = raw["sessions"][raw["sessions"]["starts_at"] <= pd.Timestamp(now)].groupby("cohort_id").size()
    for cohort, count in held.items():
        expected[(int(cohort), "trainings_held", "", "")] = (float(count), None, None)
    expected[(None, "trainings_held", "", "")] = (float(held.sum()), None, None)
    return expected


def _close(code: str, mine, theirs) -> bool:
    if mine is None or theirs is None:
        return mine is None and theirs is None
    tolerance = 0.1 if code in SHARES else 0.01 if code in MONEY else 0
    return abs(float(mine) - float(theirs)) <= tolerance + 1e-9


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def reconciled(seeded):
    now = timezone.now()
    return now, _expected(raw_tables(), now)


def test_reconciliation_covers_every_indicator(reconciled):
    _now, expected = reconciled

    assert {key[1] for key in expected} == {i.code for i in INDICATORS}
    assert {key[2] for key in expected} == {"", *BREAKDOWNS, "month"}


def test_reconciliation_matches_the_indicator_cells(reconciled):
    now, expected = reconciled
    cells = {(c["cohort"], c["indicator"], c["breakdown"], c["group"]): c
             for c in indicator_cells(frames_load(now=now))}

    assert set(cells) == set(expected)
    wrong = [
        (key, expected[key], (cell["value"], cell["n"], cell["baseline"]))
        for key, cell in cells.items()
        if not (_close(key[1], expected[key][0], cell["value"]) and expected[key][1] == cell["n"]
                and _close(key[1], expected[key][2], cell["baseline"]))
    ]
    assert wrong == []


def test_reconciliation_matches_the_latest_snapshot(reconciled):
    now, expected = reconciled
    snapshot = aggregates_refresh(now=now)
    cells = snapshot.data["cells"]

    assert {(c["cohort"], c["indicator"], c["breakdown"], c["group"]) for c in cells} == set(expected)
    hidden = [c for c in cells if c["suppressed"]]
    assert [(c["value"], c["n"], c["baseline"]) for c in hidden] == [(None, None, None)] * len(hidden)
    wrong = [
        c for c in cells if not c["suppressed"] and not (
            _close(c["indicator"], expected[(c["cohort"], c["indicator"], c["breakdown"], c["group"])][0],
                   c["value"])
            and expected[(c["cohort"], c["indicator"], c["breakdown"], c["group"])][1] == c["n"])
    ]
    assert wrong == []
    assert len(hidden) > 0

"""The fairness report of a call's selection: stages, groups, the four-fifths rule, page and export."""

import io
import itertools
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from applicants.enums import ApplicationStatus, Eligibility, Employment, OfferStatus, Region, Settlement
from applicants.fairness import FAIRNESS_EXPORT, fairness_compute, fairness_report
from applicants.models import Application
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import (
    ApplicationFactory,
    ApplicationScoreFactory,
    CallFactory,
    CohortFactory,
    OfferFactory,
)

DUSHANBE = ZoneInfo("Asia/Dushanbe")
OPENING_DAY = date(2026, 3, 1)
_numbers = itertools.count(1)


@pytest.fixture
def call(db):
    """A call opened on 1 March 2026 in Dushanbe, whose shortlist holds four applications."""
    return CallFactory(
        opens_at=datetime(2026, 3, 1, 9, tzinfo=DUSHANBE),
        closes_at=datetime(2026, 3, 15, 18, tzinfo=DUSHANBE),
        shortlist_size=4,
    )


def born(age: int) -> date:
    """A date of birth giving `age` on the opening day."""
    return date(OPENING_DAY.year - age, 1, 15)


def applicant(call, *, region="dushanbe", settlement="urban", employment="informal", age=28,
              eligibility=Eligibility.ELIGIBLE, review=None, reviews=2, rank=None, offered=False,
              **answers) -> Application:
    """A submitted application to `call`; `review` and `rank` give it a score row, `offered` an offer."""
    number = next(_numbers)
    answers.setdefault("date_of_birth", born(age) if age is not None else None)
    application = ApplicationFactory(
        complete=True, call=call, applicant=None, status=ApplicationStatus.SUBMITTED,
        submitted_at=datetime(2026, 3, 2, 12, tzinfo=DUSHANBE), reference=f"PAR-2026-{number:05d}",
        region=region, settlement=settlement, employment=employment, eligibility=eligibility, **answers,
    )
    if review is not None or rank is not None:
        ApplicationScoreFactory(
            application=application, review_total=Decimal(review) if review is not None else None,
            review_count=reviews if review is not None else 0, rank=rank,
        )
    if offered:
        cohort = getattr(call, "cohort", None) or CohortFactory(call=call)
        OfferFactory(cohort=cohort, application=application, status=offered if isinstance(offered, str)
                     else OfferStatus.OFFERED)
    return application


def row(*, region="dushanbe", settlement="urban", employment="informal", age=28, eligible=True,
        review=None, reviews=0, rank=None, offered=False) -> dict:
    """One application as `fairness_compute` reads it."""
    return {
        "region": region, "settlement": settlement, "employment": employment,
        "date_of_birth": born(age) if age is not None else None,
        "eligibility": Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE,
        "review_total": review, "review_count": reviews, "rank": rank, "offered": offered,
    }


def compute(rows, shortlist_length=4):
    return fairness_compute(rows=rows, shortlist_length=shortlist_length, opening_day=OPENING_DAY)


def figures(report, stage, dimension) -> dict:
    """Return {group key: (n, passed, ratio as a Fraction or None, verdict)} of one stage and dimension."""
    found = next(s for s in report.stages if s.key == stage)
    groups = next(d for d in found.dimensions if d.key == dimension).groups
    return {g.key: (g.n, g.passed, g.ratio_exact, g.verdict) for g in groups}


def stage_totals(report) -> dict:
    return {s.key: (s.base, s.passed) for s in report.stages}


@pytest.fixture
def thirteen(call):
    """Thirteen applications whose figures are worked out by hand in the tests below."""
    applicant(call, age=22, employment="formal_full", review=80, rank=1, offered=True)  # d1
    applicant(call, age=30, review=60, rank=2, offered=OfferStatus.DECLINED)  # d2
    applicant(call, age=40, review=40, rank=5)  # d3
    applicant(call, settlement="rural", employment="unemployed", age=26, review=55, reviews=1, rank=3)  # d4
    applicant(call, age=19, employment="student")  # d5: eligible, not reviewed yet
    applicant(call, age=28, eligibility=Eligibility.INELIGIBLE)  # d6
    applicant(call, region="khatlon", settlement="rural", employment="unemployed", age=24, review="50.00",
              rank=4, offered=True)  # k1: exactly 50 passes the review
    applicant(call, region="khatlon", settlement="rural", age=33, review="49.99", rank=6)  # k2
    applicant(call, region="khatlon", settlement="rural", employment="unemployed", age=36,
              eligibility=Eligibility.INELIGIBLE)  # k3
    applicant(call, region="khatlon", settlement="rural", employment="self_employed", age=25,
              eligibility=Eligibility.NEEDS_REVIEW)  # k4
    applicant(call, region="khatlon", age=29, review=70, rank=7)  # k5
    applicant(call, region="gbao", age=27, review=90, rank=8)  # g1
    applicant(call, region="gbao", age=45, eligibility=Eligibility.INELIGIBLE)  # g2


# The figures


def test_fairness_report_counts_each_stage_as_worked_out_by_hand(call, thirteen):
    report = fairness_report(call=call)
    assert stage_totals(report) == {
        "eligibility": (13, 9), "review": (8, 6), "shortlist": (8, 4), "selection": (4, 3),
        "overall": (13, 3),
    }
    assert report.opening_day == OPENING_DAY
    assert report.shortlist_length == 4


def test_fairness_report_rates_and_ratios_by_region_at_eligibility(call, thirteen):
    report = fairness_report(call=call)
    assert figures(report, "eligibility", "region") == {
        "dushanbe": (6, 5, Fraction(1), "reference"),
        "sughd": (0, 0, None, "too_few"),
        # 3/5 against 5/6: 18/25 = 0.72, below four fifths.
        "khatlon": (5, 3, Fraction(18, 25), "flagged"),
        "gbao": (2, 1, None, "too_few"),
        "drs": (0, 0, None, "too_few"),
    }
    khatlon = next(g for g in report.stages[0].dimensions[0].groups if g.key == "khatlon")
    assert (khatlon.percent, khatlon.ratio_shown, khatlon.flagged) == (60.0, Decimal("0.72"), True)


def test_fairness_report_does_not_flag_a_ratio_of_exactly_four_fifths(call, thirteen):
    # Rural 3/5 = 0.6 against urban 6/8 = 0.75: exactly 0.8, though 0.6 / 0.75 is 0.7999... in floats.
    assert figures(fairness_report(call=call), "eligibility", "settlement") == {
        "urban": (8, 6, Fraction(1), "reference"),
        "rural": (5, 3, Fraction(4, 5), "ok"),
    }


def test_fairness_report_later_stages_by_region(call, thirteen):
    report = fairness_report(call=call)
    assert figures(report, "review", "region")["khatlon"] == (3, 2, None, "too_few")
    assert figures(report, "shortlist", "region")["dushanbe"] == (4, 3, None, "too_few")
    assert figures(report, "selection", "region")["khatlon"] == (1, 1, None, "too_few")
    # Overall: Dushanbe 2/6 against Khatlon 1/5; the declined offer still counts as offered.
    assert figures(report, "overall", "region")["dushanbe"] == (6, 2, Fraction(1), "reference")
    assert figures(report, "overall", "region")["khatlon"] == (5, 1, Fraction(3, 5), "flagged")


def test_fairness_report_age_bands_on_the_opening_day(call, thirteen):
    report = fairness_report(call=call)
    assert figures(report, "eligibility", "age_band") == {
        "18_24": (3, 3, None, "too_few"),
        "25_34": (7, 5, Fraction(1), "reference"),
        "35_plus": (3, 1, None, "too_few"),
    }


def test_fairness_report_leaves_out_drafts_erased_ones_and_other_calls(call):
    applicant(call)
    applicant(call, erased_at=timezone.now())
    applicant(CallFactory())
    ApplicationFactory(complete=True, call=call, applicant=None)  # a draft
    assert stage_totals(fairness_report(call=call))["eligibility"] == (1, 1)


def test_fairness_report_reads_the_applications_in_one_query(call, thirteen, django_assert_num_queries):
    with django_assert_num_queries(1):
        fairness_report(call=call)


# The four-fifths rule on rows


@pytest.mark.parametrize(
    ("passed", "n", "ratio", "verdict"),
    [
        (4, 5, Fraction(4, 5), "ok"),  # exactly four fifths
        (8, 10, Fraction(4, 5), "ok"),
        (79, 100, Fraction(79, 100), "flagged"),
        (3, 5, Fraction(3, 5), "flagged"),
        (0, 5, Fraction(0), "flagged"),
        (5, 5, Fraction(1), "reference"),
    ],
)
def test_fairness_four_fifths_flag_against_a_reference_passing_all(passed, n, ratio, verdict):
    rows = [row(region="dushanbe") for _ in range(5)]
    rows += [row(region="sughd", eligible=i < passed) for i in range(n)]
    assert figures(compute(rows), "eligibility", "region")["sughd"] == (n, passed, ratio, verdict)


def test_fairness_ratio_of_two_thirds_to_five_sixths_is_exactly_four_fifths_and_not_flagged():
    rows = [row(region="dushanbe", eligible=i < 5) for i in range(6)]
    rows += [row(region="sughd", eligible=i < 6) for i in range(9)]
    sughd = figures(compute(rows), "eligibility", "region")["sughd"]
    assert sughd == (9, 6, Fraction(4, 5), "ok")


def test_fairness_ratio_shown_is_cut_so_a_flagged_ratio_never_reads_four_fifths():
    rows = [row(region="dushanbe") for _ in range(1000)]
    rows += [row(region="sughd", eligible=i < 799) for i in range(1000)]
    group = next(g for g in compute(rows).stages[0].dimensions[0].groups if g.key == "sughd")
    assert (group.ratio_shown, group.flagged) == (Decimal("0.79"), True)


def test_fairness_small_group_is_neither_flagged_nor_the_reference():
    rows = [row(region="gbao") for _ in range(4)]  # 4 of 4: the highest rate, but too few
    rows += [row(region="khatlon", eligible=i < 2) for i in range(5)]  # 2 of 5
    rows += [row(region="sughd", eligible=i < 1) for i in range(5)]  # 1 of 5
    result = figures(compute(rows), "eligibility", "region")
    assert result["gbao"] == (4, 4, None, "too_few")
    assert result["khatlon"] == (5, 2, Fraction(1), "reference")
    assert result["sughd"] == (5, 1, Fraction(1, 2), "flagged")


def test_fairness_groups_that_tie_for_the_highest_rate_are_all_the_reference():
    rows = [row(region="dushanbe", eligible=i < 3) for i in range(5)]
    rows += [row(region="sughd", eligible=i < 6) for i in range(10)]
    result = figures(compute(rows), "eligibility", "region")
    assert (result["dushanbe"][3], result["sughd"][3]) == ("reference", "reference")


def test_fairness_no_one_passing_gives_no_ratio_and_no_flag():
    rows = [row(region="dushanbe", eligible=False) for _ in range(5)]
    rows += [row(region="sughd", eligible=False) for _ in range(5)]
    report = compute(rows)
    assert figures(report, "eligibility", "region")["sughd"] == (5, 0, None, "no_reference")
    assert report.flagged_count == 0


@pytest.mark.parametrize(
    ("birthday", "band"),
    [
        (date(2001, 3, 1), "25_34"),  # 25 on the opening day itself
        (date(2001, 3, 2), "18_24"),  # 25 the day after: still 24
        (date(1991, 3, 1), "35_plus"),
        (date(1991, 3, 2), "25_34"),
        (date(2008, 3, 1), "18_24"),  # 18 on the opening day
        (date(2008, 3, 2), "under_18"),
        (None, "unknown"),
    ],
)
def test_fairness_age_band_at_the_boundaries(birthday, band):
    rows = [row() | {"date_of_birth": birthday}]
    groups = {k: v[0] for k, v in figures(compute(rows), "eligibility", "age_band").items()}
    assert groups == {"18_24": 0, "25_34": 0, "35_plus": 0} | {band: 1}


def test_fairness_age_bands_count_a_birthday_on_the_opening_day_in_dushanbe(db):
    # 22:00 UTC on 28 February is already 1 March in Dushanbe: the opening day is 1 March.
    call = CallFactory(opens_at=datetime(2026, 2, 28, 22, tzinfo=ZoneInfo("UTC")), closes_at=datetime(
        2026, 3, 20, tzinfo=DUSHANBE))
    applicant(call, date_of_birth=date(2001, 3, 1), age=None)
    assert figures(fairness_report(call=call), "eligibility", "age_band")["25_34"][0] == 1


def test_fairness_missing_answers_form_a_group_of_their_own():
    rows = [row(region="", settlement="", employment="")]
    report = compute(rows)
    assert figures(report, "eligibility", "region")["unknown"] == (1, 1, None, "too_few")
    assert figures(report, "eligibility", "employment")["unknown"] == (1, 1, None, "too_few")


def test_fairness_report_of_a_call_without_applications_has_empty_stages(call):
    report = fairness_report(call=call)
    stages = ["eligibility", "review", "shortlist", "selection", "overall"]
    assert stage_totals(report) == dict.fromkeys(stages, (0, 0))
    assert all(g.n == 0 for r in [report] for s in r.stages for d in s.dimensions for g in d.groups)


def test_fairness_report_before_ranking_has_empty_shortlist_and_selection(call):
    applicant(call, review=70)
    totals = stage_totals(fairness_report(call=call))
    assert (totals["review"], totals["shortlist"], totals["selection"]) == ((1, 1), (0, 0), (0, 0))


# Properties

_rows = st.lists(
    st.builds(
        row,
        region=st.sampled_from([*Region.values, ""]),
        settlement=st.sampled_from(Settlement.values),
        employment=st.sampled_from([*Employment.values, ""]),
        age=st.one_of(st.none(), st.integers(15, 60)),
        eligible=st.booleans(),
        review=st.one_of(st.none(), st.integers(0, 100).map(float)),
        reviews=st.integers(0, 3),
        rank=st.one_of(st.none(), st.integers(1, 40)),
        offered=st.booleans(),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(rows=_rows, shortlist_length=st.integers(0, 30))
def test_fairness_property_ratios_references_and_sums(rows, shortlist_length):
    report = compute(rows, shortlist_length)
    for stage in report.stages:
        assert stage.passed <= stage.base
        for dimension in stage.dimensions:
            assert sum(g.n for g in dimension.groups) == stage.base
            assert sum(g.passed for g in dimension.groups) == stage.passed
            for group in dimension.groups:
                assert 0 <= group.passed <= group.n
                if group.ratio is not None:
                    assert 0 <= group.ratio <= 1
                    assert group.judged
                if group.is_reference:
                    assert group.ratio == 1
                    assert group.judged
                if not group.judged:
                    assert (group.flagged, group.is_reference, group.ratio) == (False, False, None)
            judged = [g for g in dimension.groups if g.judged and g.passed]
            assert bool(dimension.reference) == bool(judged)


# The page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_fairness_page_shows_each_stage_and_flags_with_an_icon_and_words(coordinator, call, thirteen):
    html = coordinator.get(reverse("staff_call_fairness", kwargs={"pk": call.pk})).content.decode()
    assert html.count('class="table-responsive') == 4 * 5
    assert '<span aria-hidden="true">⚠</span> Below four fifths' in html
    assert "Too few to judge" in html
    assert "The four-fifths rule" in html
    assert "Ages are counted on the call's opening day, March 1, 2026." in html
    assert "9 of 13 passed (69.2%)." in html
    assert " style=" not in html


def test_fairness_page_says_when_a_stage_has_no_applications(coordinator, call):
    html = coordinator.get(reverse("staff_call_fairness", kwargs={"pk": call.pk})).content.decode()
    assert html.count("No application has reached this stage yet.") == 5
    assert "<table" not in html


def test_fairness_page_has_a_fixed_number_of_queries(coordinator, call):
    url = reverse("staff_call_fairness", kwargs={"pk": call.pk})
    applicant(call, review=60, rank=1, offered=True)
    one = _queries(coordinator, url)
    for number in range(39):
        applicant(call, region=Region.values[number % 5], review=40 + number, rank=number + 2,
                  offered=number % 3 == 0)
    assert _queries(coordinator, url) == one


def test_fairness_is_linked_from_the_funnel_list_and_call_pages(coordinator, call):
    url = reverse("staff_call_fairness", kwargs={"pk": call.pk})
    for name in ("staff_call_funnel", "staff_application_list", "staff_call_edit"):
        assert f'href="{url}"' in coordinator.get(reverse(name, kwargs={"pk": call.pk})).content.decode()


def test_fairness_is_not_linked_for_a_blind_reviewer(client, make_user, call):
    client.force_login(make_user(Role.REVIEWER, language="en"))
    url = reverse("staff_call_fairness", kwargs={"pk": call.pk})
    assert url not in client.get(reverse("staff_call_funnel", kwargs={"pk": call.pk})).content.decode()


# The export


def _export(client, call, fmt, capture) -> Job:
    with capture(execute=True):
        response = client.post(reverse("staff_call_fairness_export", kwargs={"pk": call.pk}), {"format": fmt})
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("job_detail", kwargs={"pk": job.pk})
    job.refresh_from_db()
    return job


def test_fairness_export_csv_has_one_row_per_stage_dimension_and_group_and_is_audited(
    coordinator, call, thirteen, django_capture_on_commit_callbacks
):
    job = _export(coordinator, call, "csv", django_capture_on_commit_callbacks)
    raw = job.result_file.open("rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["Stage", "Dimension", "Group", "Applications", "Passed", "Pass rate (%)",
                                   "Adverse-impact ratio", "Judgement"]
    # Per stage: 5 regions, 2 settlements, 3 age bands, 6 employments.
    assert len(frame) == 5 * (5 + 2 + 3 + 6)
    khatlon = frame[(frame["Stage"] == "Eligibility") & (frame["Group"] == "Khatlon")]
    assert khatlon.iloc[0].tolist() == ["Eligibility", "Region", "Khatlon", "5", "3", "60.0", "0.72",
                                        "Below four fifths"]
    rural = frame[(frame["Stage"] == "Eligibility") & (frame["Group"] == "Village or rural area")]
    assert rural.iloc[0].tolist()[3:] == ["5", "3", "60.0", "0.8", "At or above four fifths"]
    gbao = frame[(frame["Stage"] == "Overall") & (frame["Group"] == "GBAO (Gorno-Badakhshan)")]
    assert gbao.iloc[0].tolist()[3:] == ["2", "0", "0.0", "", "Too few to judge"]
    assert (job.kind, job.status, job.result) == (FAIRNESS_EXPORT, "done", {"rows": 80})
    entry = AuditEntry.objects.get(action="fairness.exported")
    assert (entry.actor, entry.target_id, entry.details) == (
        coordinator.user, str(call.pk), {"format": "csv", "rows": 80, "job": job.pk}
    )


def test_fairness_export_xlsx_has_headers_and_labels_in_her_language(
    client, make_user, call, thirteen, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.COORDINATOR, language="ru"))
    job = _export(client, call, "xlsx", django_capture_on_commit_callbacks)
    frame = pd.read_excel(io.BytesIO(job.result_file.open("rb").read()), dtype=str)
    assert list(frame.columns)[:3] == ["Этап", "Измерение", "Группа"]
    assert frame.iloc[0].tolist()[:3] == ["Соответствие требованиям", "Регион", "Душанбе"]
    assert job.params["language"] == "ru"
    assert job.result_file.name.endswith(".xlsx")


def test_fairness_export_with_an_unknown_format_is_refused(coordinator, call):
    url = reverse("staff_call_fairness_export", kwargs={"pk": call.pk})
    response = coordinator.post(url, {"format": "pdf"})
    assert response["Location"] == reverse("staff_call_fairness", kwargs={"pk": call.pk})
    assert Job.objects.count() == 0

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applicants.models import Application
from matching.models import Firm
from outcomes import dashboard as vm
from outcomes.aggregates import aggregates_latest, aggregates_refresh
from outcomes.enums import Breakdown
from outcomes.models import AggregateSnapshot, IndicatorTarget
from outcomes.tasks import aggregates_refresh_task
from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from parwona.users.models import User
from tests.factories import CohortFactory, FirmFactory, ParticipantFactory
from tests.factories.outcomes import FirmReportFactory, MatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _woman(cohort, region="sughd", **application):
    participant = ParticipantFactory(cohort=cohort, application__region=region, **{
        f"application__{key}": value for key, value in application.items()})
    participant.application.submitted_at = timezone.now()
    participant.application.eligibility = "eligible"
    participant.application.save()
    return participant


def _programme(n: int, cohort=None):
    cohort = cohort or CohortFactory()
    for i in range(n):
        her = _woman(cohort, region="sughd" if i % 2 else "khatlon")
        match = MatchFactory(participant=her, firm=FirmFactory(baseline_revenue=500, baseline_shops=0))
        FirmReportFactory(match=match, month=date(2026, 6, 1), online_revenue=2000 + i)
    return cohort


def _pages(cohort_ids):
    urls = []
    for cohort in ["", *[str(pk) for pk in cohort_ids]]:
        query = f"?cohort={cohort}" if cohort else ""
        urls.append(reverse("outcomes_dashboard") + query)
        urls += [reverse("outcomes_breakdown", args=[b]) + query for b in Breakdown.values]
    return urls + [reverse("outcomes_download", args=["csv"]), reverse("outcomes_download", args=["xlsx"])]


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxml"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row)
    return response.content.decode()


def test_dashboard_kpis_show_actual_target_baseline_and_suppression():
    cohort = _programme(6)
    IndicatorTarget.objects.create(cohort=cohort, indicator="additional_revenue", target=Decimal("20000"))
    data = aggregates_refresh().data

    kpis = {k["code"]: k for k in vm.dashboard_kpis(data, cohort=cohort.pk)}

    # Six reports of 2000..2005 TJS against a baseline of 500 each.
    assert kpis["additional_revenue"]["value"] == "9\u202f015"
    assert kpis["additional_revenue"]["target"] == "20\u202f000"
    assert kpis["additional_revenue"]["progress"] == 45
    assert kpis["online_revenue"]["baseline"] == "3\u202f000"
    assert kpis["new_jobs"]["target"] == ""
    assert [k["code"] for k in vm.dashboard_kpis(data, cohort=cohort.pk)] == [
        i.code for i in vm.RESULTS]


def test_dashboard_breakdown_labels_groups_and_hides_small_ones():
    cohort = _programme(6)
    data = aggregates_refresh().data

    table = vm.dashboard_breakdown(data, cohort=cohort.pk, breakdown="region")

    assert table["groups"] == ["Khatlon", "Sughd"]
    revenue = next(row for row in table["rows"] if row["label"] == "Additional online revenue")
    # Three women in each region: fewer than five, hidden.
    assert [f["suppressed"] for f in revenue["figures"]] == [True, True]


def test_dashboard_charts_say_hidden_for_small_groups_instead_of_zero():
    cohort = _programme(6)
    data = aggregates_refresh().data

    charts = vm.dashboard_charts(data, cohort=cohort.pk)

    # Three women in Khatlon and three in Sughd were selected: both are hidden, not 0; nobody came
    # from Dushanbe, a true 0.
    regions = dict(charts["regions"]["rows"])
    assert (regions["Khatlon"], regions["Sughd"], regions["Dushanbe"]) == ("hidden", "hidden", "0")
    khatlon = next(bar for bar in charts["regions"]["bars"] if bar["label"] == "Khatlon")
    assert (khatlon["value"], khatlon["is_number"], khatlon["width"]) == ("hidden", False, 0)
    funnel = dict(charts["funnel"]["rows"])
    assert funnel["Selected"] == "6"
    # Nobody has answered the 3-month follow-up: a dash, not 0 %.
    retention = {bar["label"]: (bar["value"], bar["is_number"]) for bar in charts["retention"]["bars"]}
    assert retention["In e-commerce 3 months after the training"] == ("—", False)
    assert retention["Women formalised"][1] is True


def test_indicator_table_names_the_programme_and_hidden_cells():
    cohort = _programme(5)
    data = aggregates_refresh().data

    rows = vm.indicator_table(data)

    assert rows[0][:3] == ["Cohort", "Indicator", "Unit"]
    assert rows[1][0] == "Whole programme"
    assert any(row[0] == cohort.name for row in rows)


@pytest.mark.parametrize("role", [Role.DONOR, Role.COORDINATOR])
def test_dashboard_shows_figures_as_of_the_snapshot(client, make_user, role):
    cohort = _programme(6)
    aggregates_refresh()
    client.force_login(make_user(role, language="en"))

    response = client.get(reverse("outcomes_dashboard"), {"cohort": cohort.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "As of" in html
    assert "9\u202f015" in html
    assert f'<option value="{cohort.pk}" selected>' in html
    assert html.count("<svg") == 5


def test_dashboard_without_snapshot_says_so_and_offers_coordinators_a_refresh(client, make_user):
    client.force_login(make_user(Role.COORDINATOR, language="en"))

    html = client.get(reverse("outcomes_dashboard")).content.decode()

    assert "The figures have not been computed yet." in html
    assert reverse("outcomes_refresh") in html


def test_dashboard_without_snapshot_offers_donors_no_refresh(client, make_user):
    client.force_login(make_user(Role.DONOR, language="en"))

    html = client.get(reverse("outcomes_dashboard")).content.decode()

    assert reverse("outcomes_refresh") not in html


def test_outcomes_refresh_computes_a_snapshot_in_eager_mode(client, make_user,
                                                            django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.COORDINATOR, language="en"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outcomes_refresh"))

    assert response.status_code == 302
    assert AggregateSnapshot.objects.count() == 1


@pytest.mark.parametrize("role", [Role.DONOR, Role.COORDINATOR])
def test_outcomes_download_csv_and_xlsx_carry_as_of_and_are_audited(client, make_user, role):
    _programme(5)
    snapshot = aggregates_refresh()
    user = make_user(role, language="en")
    client.force_login(user)

    csv_response = client.get(reverse("outcomes_download", args=["csv"]))
    xlsx_response = client.get(reverse("outcomes_download", args=["xlsx"]))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    as_of = timezone.localtime(snapshot.computed_at).strftime("%Y-%m-%d %H:%M")
    assert rows[0] == ["As of", as_of]
    assert rows[1][0] == "Cohort"
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [c.value for c in sheet[1]][:2] == ["As of", as_of]
    exports = AuditEntry.objects.filter(action="outcomes.export").order_by("pk")
    assert list(exports.values_list("actor", "details")) == [
        (user.pk, {"format": "csv", "snapshot": snapshot.pk}),
        (user.pk, {"format": "xlsx", "snapshot": snapshot.pk}),
    ]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.PARTICIPANT, Role.REVIEWER, Role.TRAINER, Role.FIRM])
def test_outcomes_pages_deny_every_other_role(client, make_user, role):
    aggregates_refresh()
    client.force_login(make_user(role, language="en"))

    answers = [client.get(url).status_code for url in _pages([])]

    assert answers == [403] * len(answers)


def test_dashboard_query_count_is_fixed_whatever_the_data_size(client, make_user):
    client.force_login(make_user(Role.DONOR, language="en"))
    _programme(1)
    aggregates_refresh()
    client.get(reverse("outcomes_dashboard"))  # warm the session and the cache
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("outcomes_dashboard"))
    _programme(30)
    _programme(12)
    aggregates_refresh()
    client.get(reverse("outcomes_dashboard"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("outcomes_dashboard"))

    assert response.status_code == 200
    assert len(many) == len(small)


def test_signals_enqueue_one_refresh_for_a_burst_of_saves(settings, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    settings.AGGREGATES_REFRESH_ON_CHANGE = True
    settings.AGGREGATES_DEBOUNCE_SECONDS = 60
    calls = []
    monkeypatch.setattr(aggregates_refresh_task, "apply_async", lambda **kwargs: calls.append(kwargs))
    cohort = CohortFactory()

    with django_capture_on_commit_callbacks(execute=True):
        _programme(3, cohort=cohort)
        IndicatorTarget.objects.create(cohort=cohort, indicator="new_jobs", target=3)

    assert calls == [{"countdown": 60}]


def test_signals_ignore_application_saves(settings, monkeypatch, django_capture_on_commit_callbacks):
    cohort = _programme(1)
    settings.AGGREGATES_REFRESH_ON_CHANGE = True
    calls = []
    monkeypatch.setattr(aggregates_refresh_task, "apply_async", lambda **kwargs: calls.append(kwargs))

    with django_capture_on_commit_callbacks(execute=True):
        Application.objects.filter(call=cohort.call).first().save()

    assert calls == []


def test_signals_refresh_in_eager_mode_once_the_change_commits(settings, django_capture_on_commit_callbacks):
    settings.AGGREGATES_REFRESH_ON_CHANGE = True
    settings.AGGREGATES_DEBOUNCE_SECONDS = 0

    with django_capture_on_commit_callbacks(execute=True):
        _programme(2)

    assert AggregateSnapshot.objects.count() == 1
    assert aggregates_latest()["id"] == AggregateSnapshot.objects.get().pk


def test_nightly_task_is_scheduled_and_stores_a_snapshot():
    entry = settings.CELERY_BEAT_SCHEDULE["aggregates-refresh"]
    _programme(2)

    pk = aggregates_refresh_task.delay().get()

    assert entry["task"] == "outcomes.tasks.aggregates_refresh"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})
    assert AggregateSnapshot.objects.get().pk == pk


def test_targets_form_saves_atomically_and_audits(client, make_user):
    cohort = CohortFactory()
    coordinator = make_user(Role.COORDINATOR, language="en")
    client.force_login(coordinator)

    response = client.post(reverse("outcomes_targets", args=[cohort.pk]),
                           {"additional_revenue": "50000", "formalised_share": "90"})

    assert response.status_code == 302
    assert dict(IndicatorTarget.objects.filter(cohort=cohort).values_list("indicator", "target")) == {
        "additional_revenue": Decimal("50000.00"), "formalised_share": Decimal("90.00")}
    assert AuditEntry.objects.get(action="outcomes.targets_set").actor == coordinator


def test_targets_form_refuses_a_negative_target_and_saves_nothing(client, make_user):
    cohort = CohortFactory()
    client.force_login(make_user(Role.COORDINATOR, language="en"))

    response = client.post(reverse("outcomes_targets", args=[cohort.pk]),
                           {"additional_revenue": "50000", "new_jobs": "-3"}, follow=True)

    assert "A target cannot be negative." in response.content.decode()
    assert IndicatorTarget.objects.filter(cohort=cohort).count() == 0


def _personal_strings(*, exclude_user) -> set[str]:
    strings = set()
    for name, phone, email in Application.objects.values_list("full_name", "phone", "email"):
        strings |= {name, phone, email}
    for name, phone in Firm.objects.values_list("contact_name", "contact_phone"):
        strings |= {name, phone}
    for name, email in User.objects.exclude(pk=exclude_user.pk).values_list("full_name", "email"):
        strings |= {name, email}
    return {s for s in strings if s and len(s) >= 5}


def _assert_no_personal_data(client, donor):
    snapshot = aggregates_refresh()
    cohorts = [c["id"] for c in snapshot.data["cohorts"]]
    client.force_login(donor)
    personal = _personal_strings(exclude_user=donor)
    assert personal
    for url in _pages(cohorts):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        leaked = sorted(s for s in personal if s in text)
        assert leaked == [], url


def test_donor_pages_carry_no_personal_data(client, make_user):
    cohort = CohortFactory()
    for i in range(7):
        her = _woman(cohort, full_name=f"Зарина Неповторимова {i}", phone=f"+99299871{i:04d}",
                     email=f"zarina.unique{i}@example.tj")
        firm = FirmFactory(contact_name=f"Рустам Особенный {i}", contact_phone=f"+99298712{i:04d}")
        FirmReportFactory(match=MatchFactory(participant=her, firm=firm), month=date(2026, 6, 1))

    _assert_no_personal_data(client, make_user(Role.DONOR, language="en"))


def test_donor_pages_of_the_demo_programme_carry_no_personal_data(client):
    from django.core.management import call_command

    call_command("seed_demo")

    _assert_no_personal_data(client, User.objects.get(email="donor@demo.parwona.tj"))

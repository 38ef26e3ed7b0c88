"""Staff pages of a call's applications: list, detail, eligibility decisions, export and funnel."""

import io
import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from applicants.charts import bar_chart
from applicants.enums import ApplicationStatus, Eligibility
from applicants.models import Application
from applicants.staff_selectors import applications_for_staff, funnel_figures
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

DUSHANBE = ZoneInfo("Asia/Dushanbe")
HILOLA = "Ҳилола Ғафурова"
_numbers = itertools.count(1)


def submitted(call, *, when=None, **answers) -> Application:
    """A submitted application to `call` (no account behind it), with `answers` over the complete ones."""
    number = next(_numbers)
    defaults = {
        "status": ApplicationStatus.SUBMITTED,
        "submitted_at": when or datetime(2026, 3, 2, 12, 0, tzinfo=DUSHANBE) + timedelta(minutes=number),
        "reference": f"PAR-2026-{number:05d}",
        "eligibility": Eligibility.ELIGIBLE,
        "phone": f"+99290{number:07d}",
        "email": f"applicant{number}@example.tj",
    }
    return ApplicationFactory(complete=True, call=call, applicant=None, **(defaults | answers))


@pytest.fixture
def reviewer(client, make_user):
    user = make_user(Role.REVIEWER, language="en")
    client.force_login(user)
    client.user = user
    return client


def _list(client, call, **params):
    return client.get(reverse("staff_application_list", kwargs={"pk": call.pk}), params)


def _references(response) -> list[str]:
    return [a.reference for a in response.context["page"]]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# The list


def test_staff_list_shows_submitted_applications_of_the_call_only(coordinator, call):
    mine = submitted(call)
    submitted(CallFactory())
    ApplicationFactory(complete=True, call=call, applicant=None)  # a draft
    assert _references(_list(coordinator, call)) == [mine.reference]


@pytest.mark.parametrize(
    ("field", "value", "other"),
    [
        ("status", ApplicationStatus.SHORTLISTED, ApplicationStatus.SUBMITTED),
        ("eligibility", Eligibility.NEEDS_REVIEW, Eligibility.ELIGIBLE),
        ("region", "khatlon", "gbao"),
        ("settlement", "rural", "urban"),
        ("employment", "formal_full", "informal"),
        ("computer_level", "advanced", "basic"),
        ("ai_use", "weekly", "daily"),
    ],
)
def test_staff_list_filters_by_each_answer(coordinator, call, field, value, other):
    wanted = submitted(call, **{field: value})
    submitted(call, **{field: other})
    assert _references(_list(coordinator, call, **{field: value})) == [wanted.reference]


def test_staff_list_shows_the_labels_of_her_answers_in_the_reader_s_language(coordinator, call):
    submitted(call, region="gbao", settlement="rural", ai_use="daily")
    coordinator.user.language = "ru"
    coordinator.user.save(update_fields=["language"])
    response = _list(coordinator, call)
    row = response.context["page"][0]
    with translation.override("ru"):
        labels = [str(row.region_label), str(row.settlement_label), str(row.ai_use_label)]
    assert labels == [
        "ГБАО (Горно-Бадахшанская автономная область)", "Село или сельская местность", "Каждый день"
    ]
    html = response.content.decode()
    assert "<td>ГБАО (Горно-Бадахшанская автономная область)</td>" in html
    assert "<td>Село или сельская местность</td>" in html
    assert "<td>Каждый день</td>" in html


def test_staff_list_filters_by_part_of_the_city(coordinator, call):
    bokhtar = submitted(call, city="Бохтар")
    submitted(call, city="Хоруғ")
    assert _references(_list(coordinator, call, city="Бохт")) == [bokhtar.reference]


def test_staff_list_search_finds_a_tajik_name_a_phone_and_a_reference(coordinator, call):
    hilola = submitted(call, full_name=HILOLA, phone="+992935551122")
    other = submitted(call, full_name="Шаҳло Ҳасанова", phone="+992907778899")
    assert _references(_list(coordinator, call, q="Ғафур")) == [hilola.reference]
    assert _references(_list(coordinator, call, q="93 555 11 22")) == [hilola.reference]
    assert _references(_list(coordinator, call, q=other.reference.lower())) == [other.reference]


def test_staff_list_search_by_name_or_phone_finds_nothing_for_a_blind_reviewer(reviewer, call):
    hilola = submitted(call, full_name=HILOLA, phone="+992935551122")
    assert _references(_list(reviewer, call, q="Ғафур")) == []
    assert _references(_list(reviewer, call, q="935551122")) == []
    assert _references(_list(reviewer, call, q=hilola.reference)) == [hilola.reference]


def test_staff_list_sorts_by_whitelisted_keys_and_ignores_others(coordinator, call):
    first = submitted(call, full_name="Зарина", region="sughd")
    second = submitted(call, full_name="Аниса", region="dushanbe")
    assert _references(_list(coordinator, call)) == [second.reference, first.reference]
    assert _references(_list(coordinator, call, sort="submitted")) == [first.reference, second.reference]
    assert _references(_list(coordinator, call, sort="name")) == [second.reference, first.reference]
    assert _references(_list(coordinator, call, sort="region")) == [second.reference, first.reference]
    assert _references(_list(coordinator, call, sort="phone")) == [second.reference, first.reference]


def test_staff_selector_refuses_a_name_sort_without_identity(call):
    first = submitted(call, full_name="Аниса")
    second = submitted(call, full_name="Зарина")
    blind = applications_for_staff(call=call, filters={"sort": "name"}, identity=False)
    assert [a.pk for a in blind] == [second.pk, first.pk]


def test_staff_list_pagination_keeps_the_filters(coordinator, call):
    for _ in range(55):
        submitted(call, region="gbao")
    submitted(call, region="sughd")
    page = _list(coordinator, call, region="gbao")
    html = page.content.decode()
    assert page.context["page"].paginator.count == 55
    assert len(page.context["page"]) == 50
    assert 'href="?region=gbao&amp;page=2"' in html
    second = _list(coordinator, call, region="gbao", page=2)
    assert len(second.context["page"]) == 5
    assert 'href="?region=gbao&amp;page=1"' in second.content.decode()


def test_staff_pages_issue_the_same_queries_for_ten_and_sixty_applications(coordinator, call):
    list_url = reverse("staff_application_list", kwargs={"pk": call.pk})
    funnel_url = reverse("staff_call_funnel", kwargs={"pk": call.pk})
    days = [datetime(2026, 3, 1 + n % 9, 10, tzinfo=DUSHANBE) for n in range(10)]
    applications = [submitted(call, when=day) for day in days]
    detail_url = reverse("staff_application_detail", kwargs={"pk": applications[0].pk})
    coordinator.get(detail_url)  # the audit's first write loads the content type, cached afterwards
    ten = [_queries(coordinator, url) for url in (list_url, detail_url, funnel_url)]
    for n in range(50):
        when = datetime(2026, 3, 1 + n % 14, 10, tzinfo=DUSHANBE)
        submitted(call, when=when, region=["gbao", "sughd"][n % 2])
    sixty = [_queries(coordinator, url) for url in (list_url, detail_url, funnel_url)]
    assert sixty == ten
    # Session, user, roles, two-factor check and permissions (6), then the page's own: the call, the count
    # and the rows (with their scores, joined); the application, its rubric's criteria, its score, its
    # call's extra questions, and the audit entry, then its reviews and the reviewers one may add; the
    # call and three aggregates.
    assert ten == [9, 13, 10]


# One application


def test_staff_detail_shows_the_answers_and_the_eligibility_reasons(coordinator, call):
    application = submitted(call, eligibility=Eligibility.NEEDS_REVIEW, eligibility_reasons=["age_unknown"])
    response = coordinator.get(reverse("staff_application_detail", kwargs={"pk": application.pk}))
    html = response.content.decode()
    assert response.context["reasons"] == ["Date of birth missing"]
    assert "Date of birth missing" in html
    assert "Мехоҳам тиҷорати онлайнро ёд гирам" in html


def test_staff_detail_of_a_draft_answers_not_found(coordinator, call):
    draft = ApplicationFactory(complete=True, call=call, applicant=None)
    response = coordinator.get(reverse("staff_application_detail", kwargs={"pk": draft.pk}))
    assert response.status_code == 404


def test_staff_detail_view_by_a_coordinator_is_audited_and_by_a_reviewer_not(client, make_user, call):
    application = submitted(call)
    url = reverse("staff_application_detail", kwargs={"pk": application.pk})
    coordinator, reviewer = make_user(Role.COORDINATOR), make_user(Role.REVIEWER)
    for user in (coordinator, reviewer):
        client.force_login(user)
        client.get(url)
    viewed = AuditEntry.objects.filter(action="application.viewed")
    assert [(e.actor, e.target_id) for e in viewed] == [(coordinator, str(application.pk))]


def test_staff_pages_hide_name_phone_and_email_from_a_reviewer_and_show_them_to_a_coordinator(
    client, make_user, call
):
    application = submitted(call, full_name=HILOLA, phone="+992935551122", email="hilola@example.tj",
                            city="Бохтар")
    pages = [
        reverse("staff_application_list", kwargs={"pk": call.pk}),
        reverse("staff_application_detail", kwargs={"pk": application.pk}),
    ]
    personal = [HILOLA, "+992935551122", "hilola@example.tj", "Бохтар", "21.03.1998"]
    client.force_login(make_user(Role.REVIEWER))
    for url in pages:
        html = client.get(url).content.decode()
        assert [value for value in personal if value in html] == []
        assert application.reference in html
    client.force_login(make_user(Role.COORDINATOR))
    for url in pages:
        html = client.get(url).content.decode()
        assert [value for value in personal[:3] if value in html] == personal[:3]


# Eligibility decisions


def test_single_override_records_the_decision_with_its_reason(coordinator, call):
    application = submitted(call, eligibility=Eligibility.NEEDS_REVIEW)
    response = coordinator.post(
        reverse("staff_application_eligibility", kwargs={"pk": application.pk}),
        {"decision": Eligibility.ELIGIBLE, "reason": "Паспорт дида шуд"},
    )
    application.refresh_from_db()
    assert response["Location"] == reverse("staff_application_detail", kwargs={"pk": application.pk})
    assert (application.eligibility, application.eligibility_overridden) == (Eligibility.ELIGIBLE, True)
    entry = AuditEntry.objects.get(action="application.eligibility_overridden")
    assert entry.details == {"from": "needs_review", "to": "eligible", "reason": "Паспорт дида шуд"}


def test_bulk_override_records_the_decision_for_each_ticked_application(coordinator, call):
    ticked = [submitted(call, eligibility=Eligibility.NEEDS_REVIEW) for _ in range(2)]
    untouched = submitted(call, eligibility=Eligibility.NEEDS_REVIEW)
    response = coordinator.post(
        reverse("staff_application_bulk", kwargs={"pk": call.pk}),
        {
            "applications": [a.pk for a in ticked],
            "decision": Eligibility.INELIGIBLE,
            "reason": "Lives abroad",
            "query": "region=gbao&page=2",
        },
    )
    list_url = reverse("staff_application_list", kwargs={"pk": call.pk})
    assert response["Location"] == f"{list_url}?region=gbao&page=2"
    states = dict(Application.objects.values_list("pk", "eligibility"))
    assert [states[a.pk] for a in [*ticked, untouched]] == ["ineligible", "ineligible", "needs_review"]
    entries = AuditEntry.objects.filter(action="application.eligibility_overridden", actor=coordinator.user)
    assert sorted(e.target_id for e in entries) == sorted(str(a.pk) for a in ticked)
    assert {e.details["reason"] for e in entries} == {"Lives abroad"}
    assert _messages(response) == ["The decision is recorded for 2 applications."]


def test_bulk_override_without_a_reason_is_refused_and_changes_nothing(coordinator, call):
    application = submitted(call, eligibility=Eligibility.NEEDS_REVIEW)
    response = coordinator.post(
        reverse("staff_application_bulk", kwargs={"pk": call.pk}),
        {"applications": [application.pk], "decision": Eligibility.ELIGIBLE, "reason": "  "},
    )
    application.refresh_from_db()
    assert _messages(response) == ["Give a reason for the decision."]
    assert (application.eligibility, application.eligibility_overridden) == (Eligibility.NEEDS_REVIEW, False)
    assert AuditEntry.objects.filter(action="application.eligibility_overridden").count() == 0


def test_bulk_override_refusal_is_translated_into_her_language(coordinator, call):
    coordinator.user.language = "tg"
    coordinator.user.save()
    application = submitted(call)
    response = coordinator.post(
        reverse("staff_application_bulk", kwargs={"pk": call.pk}),
        {"applications": [application.pk], "decision": Eligibility.ELIGIBLE, "reason": ""},
    )
    with translation.override("tg"):
        expected = translation.gettext("Give a reason for the decision.")
    assert _messages(response) == [expected]


def test_bulk_override_refuses_applications_of_another_call(coordinator, call):
    other = submitted(CallFactory(), eligibility=Eligibility.NEEDS_REVIEW)
    response = coordinator.post(
        reverse("staff_application_bulk", kwargs={"pk": call.pk}),
        {"applications": [other.pk], "decision": Eligibility.ELIGIBLE, "reason": "Checked"},
    )
    other.refresh_from_db()
    assert other.eligibility == Eligibility.NEEDS_REVIEW
    assert _messages(response) == [f"Select a valid choice. {other.pk} is not one of the available choices."]
    assert AuditEntry.objects.count() == 0


# Export


def _export(client, call, fmt, capture, **filters) -> Job:
    url = reverse("staff_application_export", kwargs={"pk": call.pk})
    with capture(execute=True):
        response = client.post(f"{url}?{urlencode(filters)}", {"format": fmt})
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("job_detail", kwargs={"pk": job.pk})
    job.refresh_from_db()
    return job


def test_export_csv_keeps_tajik_names_and_the_filters_and_is_audited(
    coordinator, call, django_capture_on_commit_callbacks
):
    hilola = submitted(call, full_name=HILOLA, region="khatlon", city="Бохтар")
    submitted(call, region="gbao")
    job = _export(coordinator, call, "csv", django_capture_on_commit_callbacks, region="khatlon")
    raw = job.result_file.open("rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert frame["Full name"].tolist() == [HILOLA]
    assert frame["Reference"].tolist() == [hilola.reference]
    assert frame["Region"].tolist() == ["Khatlon"]
    assert frame["City or district"].tolist() == ["Бохтар"]
    assert frame["Use of AI tools"].tolist() == ["Every day"]
    assert frame["I am a woman"].tolist() == ["Yes"]
    assert (job.status, job.result) == ("done", {"rows": 1})
    entry = AuditEntry.objects.get(action="applications.exported")
    assert (entry.actor, entry.target_id) == (coordinator.user, str(call.pk))
    assert entry.details["rows"] == 1
    assert entry.details["format"] == "csv"
    assert entry.details["filters"]["region"] == "khatlon"


def test_export_xlsx_keeps_tajik_names_and_labels_in_her_language(
    coordinator, call, django_capture_on_commit_callbacks
):
    submitted(call, full_name=HILOLA, employment="formal_part")
    job = _export(coordinator, call, "xlsx", django_capture_on_commit_callbacks)
    frame = pd.read_excel(io.BytesIO(job.result_file.open("rb").read()), dtype=str)
    assert frame["Full name"].tolist() == [HILOLA]
    assert frame["Employment"].tolist() == ["Formally employed, part-time"]
    assert job.params["language"] == "en"
    assert job.result_file.name.endswith(".xlsx")


def test_export_defuses_answers_that_a_spreadsheet_would_run_as_formulas(
    coordinator, call, django_capture_on_commit_callbacks
):
    submitted(call, full_name="=HYPERLINK(\"http://x\")", city="+SUM(1)")
    job = _export(coordinator, call, "xlsx", django_capture_on_commit_callbacks)
    frame = pd.read_excel(io.BytesIO(job.result_file.open("rb").read()), dtype=str)
    assert frame["Full name"].tolist() == ["'=HYPERLINK(\"http://x\")"]
    assert frame["City or district"].tolist() == ["'+SUM(1)"]


def test_export_with_an_unknown_format_is_refused(coordinator, call):
    url = reverse("staff_application_export", kwargs={"pk": call.pk})
    response = coordinator.post(url, {"format": "pdf"})
    assert response["Location"] == reverse("staff_application_list", kwargs={"pk": call.pk})
    assert Job.objects.count() == 0


# Funnel


def test_funnel_figures_are_exact_on_four_applications(call):
    day = datetime(2026, 3, 2, 9, tzinfo=DUSHANBE)
    submitted(call, when=day, region="gbao", computer_level="basic", social_media="selling",
              employment="formal_full", ai_use="daily")
    submitted(call, when=day, region="gbao", computer_level="advanced", social_media="chatting",
              employment="informal", ai_use="daily")
    submitted(call, when=day + timedelta(days=2), region="khatlon", computer_level="intermediate",
              social_media="chatting", employment="unemployed", ai_use="weekly")
    submitted(call, when=day + timedelta(days=2), region="khatlon", computer_level="none",
              social_media="none", employment="student", ai_use="never")
    ApplicationFactory(complete=True, call=call, applicant=None)  # a draft counts for nothing
    with translation.override("en"):
        figures = funnel_figures(call=call)
    assert figures["total"] == 4
    assert figures["computer"] == {"count": 3, "total": 4, "share": 0.75, "percent": 75}
    assert figures["social"] == {"count": 3, "total": 4, "share": 0.75, "percent": 75}
    assert figures["formal"] == {"count": 1, "total": 4, "share": 0.25, "percent": 25}
    assert figures["ai_daily"] == {"count": 2, "total": 4, "share": 0.5, "percent": 50}
    assert [(d.isoformat(), n) for d, n in figures["per_day"]] == [
        ("2026-03-02", 2), ("2026-03-03", 0), ("2026-03-04", 2)
    ]
    assert figures["per_region"] == [
        ("Dushanbe", 0), ("Sughd", 0), ("Khatlon", 2), ("GBAO (Gorno-Badakhshan)", 2),
        ("Districts of Republican Subordination", 0),
    ]


def test_funnel_figures_of_a_call_without_applications_have_no_shares(call):
    figures = funnel_figures(call=call)
    assert (figures["total"], figures["per_day"], figures["computer"]["percent"]) == (0, [], None)


def test_funnel_counts_a_late_evening_application_on_its_day_in_dushanbe(call):
    submitted(call, when=datetime(2026, 3, 2, 23, 30, tzinfo=DUSHANBE))
    assert [d.isoformat() for d, _n in funnel_figures(call=call)["per_day"]] == ["2026-03-02"]


def test_funnel_page_draws_charts_as_svg_with_a_table_and_no_inline_style(client, make_user, call):
    user = make_user(Role.COORDINATOR, language="ru")
    client.force_login(user)
    submitted(call, when=datetime(2026, 3, 2, 9, tzinfo=DUSHANBE), region="gbao")
    submitted(call, when=datetime(2026, 3, 3, 9, tzinfo=DUSHANBE), region="gbao")
    submitted(call, when=datetime(2026, 3, 3, 10, tzinfo=DUSHANBE), region="sughd")
    html = client.get(reverse("staff_call_funnel", kwargs={"pk": call.pk})).content.decode()
    assert html.count('<rect class="chart-bar"') == 2 + 5
    # Russian writes decimals with a comma; SVG coordinates keep the dot.
    assert '<rect class="chart-bar" x="330.0" y="16.0" width="240.0" height="168.0">' in html
    assert '<rect class="chart-bar" x="0" y="124.0" width="552.0" height="16.0">' in html
    assert "<tr><td>03.03.2026</td><td>2</td></tr>" in html
    assert "style=" not in html
    assert reverse("staff_application_list", kwargs={"pk": call.pk}) in html


def test_bar_chart_scales_vertical_bars_to_the_tallest():
    bars = bar_chart([("a", 1), ("b", 2)], width=200, height=100)
    assert [(b["x"], b["y"], b["width"], b["height"]) for b in bars] == [(10.0, 50.0, 80.0, 34.0),
                                                                        (110.0, 16.0, 80.0, 68.0)]
    assert [(b["label_x"], b["label_y"], b["value_y"], b["tick"]) for b in bars] == [
        (50.0, 96, 46.0, True), (150.0, 96, 12.0, True)
    ]


def test_bar_chart_lays_horizontal_bars_under_their_labels():
    bars = bar_chart([("Sughd", 4), ("GBAO", 0)], width=300, height=72, horizontal=True)
    assert [(b["x"], b["y"], b["width"], b["height"], b["label_y"]) for b in bars] == [
        (0, 16.0, 252.0, 16.0, 12.0), (0, 52.0, 0.0, 16.0, 48.0)
    ]


def test_bar_chart_of_nothing_is_empty_and_of_zeros_is_flat():
    assert bar_chart([], width=100, height=100) == []
    assert [b["height"] for b in bar_chart([("a", 0), ("b", 0)], width=100, height=100)] == [0.0, 0.0]


def test_staff_search_finds_a_tajik_name_whatever_its_case(client, make_user):
    from tests.factories import ApplicationFactory, CallFactory

    call = CallFactory()
    ApplicationFactory(call=call, complete=True, status="submitted", submitted_at=timezone.now(),
                       reference="PAR-2026-00001", full_name="Ҳилола Ғафурова")
    ApplicationFactory(call=call, complete=True, status="submitted", submitted_at=timezone.now(),
                       reference="PAR-2026-00002", full_name="Зарина Саидова")
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("staff_application_list", kwargs={"pk": call.pk}), {"q": "ҳилола"})
    assert [a.reference for a in page.context["page"]] == ["PAR-2026-00001"]
    page = client.get(reverse("staff_application_list", kwargs={"pk": call.pk}), {"q": "par-2026-00002"})
    assert [a.reference for a in page.context["page"]] == ["PAR-2026-00002"]


def test_staff_cannot_open_a_draft(client, make_user):
    from tests.factories import ApplicationFactory

    draft = ApplicationFactory(complete=True)
    client.force_login(make_user("coordinator"))
    assert client.get(reverse("staff_application_detail", kwargs={"pk": draft.pk})).status_code == 404


def test_cv_of_a_submitted_application_opens_for_coordinators_only_and_is_audited(client, make_user):
    from django.core.files.base import ContentFile

    from parwona.core.models import AuditEntry
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(complete=True, status="submitted", submitted_at=timezone.now(),
                                     reference="PAR-2026-00003")
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    url = reverse("application_cv", kwargs={"pk": application.pk})
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 cv"
    assert AuditEntry.objects.filter(action="application.cv_viewed", actor=coordinator).count() == 1
    client.force_login(make_user("reviewer"))
    assert client.get(url).status_code == 404

"""The whole programme in one browser journey: a coordinator opens a call; three women apply (one in Tajik on
a 360 px phone, one in English, one in Russian); the applications are scored automatically and by two
reviewers; the coordinator selects a cohort of two with a regional minimum; the selected women accept; two
firms apply and are approved; matching runs and is published; a firm signs in and sees its manager; a trainer
marks attendance; the firm reports its month's sales, the coordinator verifies them and the donors' dashboard
moves by exactly that amount. No log record written meanwhile names, mails or phones any of the women."""

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from applicants.enums import OfferStatus
from applicants.models import Application, Cohort, Offer, Participant, ReviewAssignment
from matching.models import Firm, Match
from outcomes.aggregates import aggregates_refresh
from outcomes.models import FirmReport
from parwona.users.enums import Role
from tests.applicants.step_data import GOAL_TG, MOTIVATION_TG, PDF_BYTES
from tests.browser.pages import no_sideways_scroll, signed_in_page
from tests.factories import CallFactory, CohortFactory, ParticipantFactory, SessionFactory, UserFactory
from tests.factories.outcomes import FirmReportFactory, MatchFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
REFERENCE = re.compile(r"PAR-\d{4}-\d{5}")
NNBSP = "\u202f"  # the dashboard's thousands separator


@dataclass(frozen=True)
class Woman:
    key: str
    language: str
    full_name: str
    email: str
    phone_typed: str
    phone: str  # as the portal stores it
    password: str
    date_of_birth: str
    region: str
    city: str
    settlement: str
    education: str
    computer_level: str
    marketplaces: tuple[str, ...]
    employment: str
    review_score: int


# Their answers score them automatically 82.00, 73.00 and 77.50 (a rural applicant gains); the reviewers'
# scores rank them in this order; the minimum for Khatlon then brings the third into a cohort of two.
MALIKA = Woman("en", "en", "Malika Karimova", "malika.karimova@example.tj", "90 111 22 33", "+992901112233",
               "dushanbe-silk-2026", "1995-04-12", "dushanbe", "Dushanbe", "urban", "bachelor", "advanced",
               ("laklak", "alif_shop", "avval"), "unemployed", 5)
NIGINA = Woman("ru", "ru", "Нигина Назарова", "nigina.nazarova@example.tj", "91 222 33 44", "+992912223344",
               "khujand-apricot-2026", "1997-09-03", "sughd", "Худжанд", "urban", "bachelor", "intermediate",
               ("laklak",), "informal", 4)
GULNORA = Woman("tg", "tg", "Гулнора Ҷӯраева", "gulnora.juraeva@example.tj", "93 555 44 33", "+992935554433",
                "bokhtar-cotton-2026", "1996-08-19", "khatlon", "Бохтар", "rural", "vocational", "basic",
                ("laklak",), "informal", 3)
WOMEN = [MALIKA, NIGINA, GULNORA]


def _lang(page, code: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", code)


def _confirm_link(email: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [email] and "/confirm-email/" in m.body)
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0)


def _in(language: str, text: str) -> str:
    """Return the portal's translation of `text` in `language`."""
    with translation.override(language):
        return translation.gettext(text)


def _next(page, url_part: str, woman: "Woman") -> None:
    page.locator("main button[name=next]").click()
    page.wait_for_url(re.compile(re.escape(url_part)))
    _lang(page, woman.language)
    no_sideways_scroll(page)


def _apply(page, live_server, screenshot, call_pk: int, woman: Woman, cv_path, step: str) -> str:
    """Sign her up through the portal's forms, fill the seven steps, submit; return the reference shown."""
    page.goto(f"{live_server.url}/calls/{call_pk}/")
    _lang(page, woman.language)
    page.locator("main a[href^='/accounts/signup/']").click()
    page.wait_for_url(re.compile("/accounts/signup/"))
    page.fill("#id_email", woman.email)
    page.fill("#id_password1", woman.password)
    page.fill("#id_password2", woman.password)
    page.fill("#id_full_name", woman.full_name)
    page.fill("#id_phone", woman.phone_typed)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/accounts/confirm-email/")
    page.goto(_confirm_link(woman.email))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)

    page.goto(f"{live_server.url}/calls/{call_pk}/")
    page.locator("main form[action$='/apply/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/step/personal/$"))
    _lang(page, woman.language)
    assert page.input_value("#id_full_name") == woman.full_name
    assert page.input_value("#id_email") == woman.email
    page.fill("#id_date_of_birth", woman.date_of_birth)
    page.check(f"input[name=preferred_language][value={woman.language}]")
    page.check("input[name=is_woman][value=True]")
    page.check("input[name=lives_in_tajikistan][value=True]")
    _next(page, "/step/location/", woman)
    page.check(f"input[name=region][value={woman.region}]")
    page.fill("#id_city", woman.city)
    page.check(f"input[name=settlement][value={woman.settlement}]")
    _next(page, "/step/education/", woman)
    page.select_option("#id_education", woman.education)
    page.select_option("#id_language_tg", "fluent")
    page.select_option("#id_language_ru", "good")
    _next(page, "/step/skills/", woman)
    page.check(f"input[name=computer_level][value={woman.computer_level}]")
    page.check("input[name=has_smartphone][value=True]")
    page.check("input[name=social_media][value=selling]")
    for marketplace in woman.marketplaces:
        page.check(f"input[name=marketplaces][value={marketplace}]")
    page.check("input[name=ai_use][value=daily]")
    _next(page, "/step/work/", woman)
    page.check(f"input[name=employment][value={woman.employment}]")
    page.fill("#id_hours_per_week", "20")
    page.check("input[name=device][value=smartphone]")
    page.check("input[name=internet][value=fair]")
    page.check("input[name=can_travel][value=True]")
    _next(page, "/step/motivation/", woman)
    page.fill("#id_motivation", MOTIVATION_TG)
    page.fill("#id_goal", GOAL_TG)
    _next(page, "/step/documents/", woman)
    page.set_input_files("#id_cv", str(cv_path))
    page.check("#id_consent")
    _next(page, "/review/", woman)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    _lang(page, woman.language)
    no_sideways_scroll(page)
    screenshot(page, step)
    shown = REFERENCE.search(page.locator("main h1").inner_text()).group(0)
    expect(page.locator(".alert-success")).to_contain_text(shown)
    application = Application.objects.get(applicant__email=woman.email)
    assert (application.status, application.reference, application.phone) == ("submitted", shown, woman.phone)
    return shown


def _firm_apply(page, live_server, *, name: str, region: str, city: str, languages: list[str],
                work_mode: str, email: str, language: str) -> None:
    page.goto(f"{live_server.url}/firms/apply/")
    page.fill("#id_name", name)
    page.select_option("#id_sector", "textiles")
    page.check("input[name=size][value=micro]")
    page.check(f"input[name=region][value={region}]")
    page.fill("#id_city", city)
    page.fill("#id_sells", "Либосҳо ва матоъҳои атлас")
    page.check("input[name=channels][value=instagram]")
    page.check("input[name=market][value=domestic]")
    page.fill("#id_baseline_revenue", "3000")
    page.fill("#id_baseline_shops", "1")
    page.check("input[name=skills_needed][value=marketplace_operations]")
    for code in languages:
        page.check(f"input[name=languages][value={code}]")
    page.check(f"input[name=work_mode][value={work_mode}]")
    page.fill("#id_hours_per_week", "20")
    page.fill("#id_capacity", "1")
    page.fill("#id_contact_name", "Фирӯз Раҳимов")
    page.fill("#id_contact_phone", "92 700 80 90")
    page.fill("#id_contact_email", email)
    page.check(f"input[name=language][value={language}]")
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/firms/apply/done/$"))


def _cells(table) -> list[list[str]]:
    """Return the text of each cell of each row of the table's body."""
    return [[text.strip() for text in row.locator("td").all_inner_texts()]
            for row in table.locator("tbody tr").all()]


def _revenue_kpi(page) -> str:
    card = page.locator(".card").filter(has=page.locator("p.small", has_text=re.compile(r"^Online revenue$")))
    return card.locator(".h4").inner_text()


def _programme_before():
    """An earlier cohort of five with verified reports, so the donors' figures are not hidden as small."""
    cohort = CohortFactory(name="Pilot 2025", call=CallFactory(status="closed", title_en="Pilot call 2025"))
    for _ in range(5):
        match = MatchFactory(participant=ParticipantFactory(cohort=cohort), started_at=timezone.now()
                             - timedelta(days=200))
        FirmReportFactory(match=match, month=date(2026, 6, 1), online_revenue=2000)
    aggregates_refresh()


@pytest.fixture
def cv_path(tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(PDF_BYTES)
    return path


@pytest.fixture
def portal_logs(caplog):
    """Capture every log record at DEBUG: the root logger, and loggers that do not pass records up."""
    caplog.set_level(logging.DEBUG)
    own = [logger for logger in logging.root.manager.loggerDict.values()
           if isinstance(logger, logging.Logger) and not logger.propagate]
    for logger in own:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in own:
        logger.removeHandler(caplog.handler)


def test_whole_programme_from_call_to_donor_dashboard(browser_context_new, live_server, roles, screenshot,
                                                      cv_path, settings, portal_logs):
    # The dashboard refreshes after each change to what it counts, as it does in production.
    settings.AGGREGATES_REFRESH_ON_CHANGE = True
    _programme_before()
    coordinator = UserFactory(role=Role.COORDINATOR, language="en", totp=True, full_name="Madina Rahimova")
    reviewers = [UserFactory(role=Role.REVIEWER, language="en", totp=True, full_name=name)
                 for name in ("Farzona Qodirova", "Sitora Alieva")]
    donor = UserFactory(role=Role.DONOR, language="en")
    board = signed_in_page(browser_context_new, live_server, donor, viewport=DESKTOP)
    board.goto(f"{live_server.url}/outcomes/")
    assert _revenue_kpi(board) == f"10{NNBSP}000 TJS"
    screenshot(board, "00-dashboard-before")

    # 1. The coordinator writes the call in three languages, saves the draft and opens it.
    desk = signed_in_page(browser_context_new, live_server, coordinator, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/staff/calls/")
    desk.locator("main a[href='/staff/calls/new/']").click()
    desk.fill("#id_title_tg", "Менеҷерони тиҷорати электронӣ 2026")
    desk.fill("#id_title_ru", "Менеджеры электронной коммерции 2026")
    desk.fill("#id_title_en", "E-commerce managers 2026")
    desk.fill("#id_description_tg", "Барномаи омӯзиш ва кор дар ширкат барои занон.")
    desk.fill("#id_description_ru", "Программа обучения и работы в фирме для женщин.")
    desk.fill("#id_description_en", "A programme of training and work with a firm for women.")
    now = timezone.localtime()
    desk.fill("#id_opens_at", f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M}")
    desk.fill("#id_closes_at", f"{now + timedelta(days=14):%Y-%m-%dT%H:%M}")
    desk.fill("#id_cohort_size", "2")
    desk.locator("main form button[type=submit]", has_text="Save the draft").click()
    expect(desk.locator(".alert-success")).to_have_text(
        re.compile("The call is saved as a draft. Add its questions, then open it."))
    call_pk = int(re.search(r"/staff/calls/(\d+)/$", desk.url).group(1))
    desk.locator("button", has_text="Open the call").click()
    expect(desk.locator(".alert-success")).to_have_text(re.compile("The call is now: Open."))
    screenshot(desk, "01-call-open")

    # 2. Three women apply: Gulnora on a phone that speaks Tajik, Malika in English, Nigina in Russian.
    pages = {
        GULNORA.key: browser_context_new(locale="tg-TJ", viewport=PHONE).new_page(),
        MALIKA.key: browser_context_new(locale="en-US", viewport=DESKTOP).new_page(),
        NIGINA.key: browser_context_new(locale="ru-RU", viewport=PHONE).new_page(),
    }
    references = {}
    for number, woman in enumerate([GULNORA, MALIKA, NIGINA], 2):
        references[woman.key] = _apply(pages[woman.key], live_server, screenshot, call_pk, woman, cv_path,
                                       f"0{number}-applied-{woman.key}")
    assert len(set(references.values())) == 3

    # 3. Each submission was scored automatically (eagerly here); the coordinator reads the scored list.
    desk.goto(f"{live_server.url}/staff/calls/{call_pk}/")
    expect(desk.locator("#call-scoring + p")).to_have_text(
        "Scored: 3 · waiting: 0 · out of date after a rubric change: 0")
    desk.goto(f"{live_server.url}/staff/calls/{call_pk}/applications/?sort=-score")
    rows = desk.locator("main table tbody tr")
    by_score = [MALIKA, GULNORA, NIGINA]
    expect(rows.locator("td:nth-child(2)")).to_have_text([references[w.key] for w in by_score])
    expect(rows.locator("td:nth-child(3)")).to_have_text([f"{w.full_name}{w.email}" for w in by_score])
    expect(rows.locator("td:nth-child(11)")).to_have_text(["Eligible"] * 3)
    expect(rows.locator("td:nth-child(12)")).to_have_text(["82.00", "77.50", "73.00"])
    screenshot(desk, "05-scored-list")

    # 4. The coordinator gives each application to one of the two reviewers; they score it blind.
    desk.goto(f"{live_server.url}/staff/calls/{call_pk}/reviews/assign/")
    for reviewer in reviewers:
        desk.get_by_label(reviewer.full_name).check()
    desk.fill("input[name=per_application]", "1")
    desk.locator("main form button[type=submit]", has_text="Assign").click()
    expect(desk.locator(".job-progress")).to_contain_text("3 reviews assigned over 3 applications")
    scores = {references[w.key]: w.review_score for w in WOMEN}
    for number, reviewer in enumerate(reviewers, 1):
        page = signed_in_page(browser_context_new, live_server, reviewer, viewport=PHONE)
        mine = list(ReviewAssignment.objects.filter(reviewer=reviewer).values_list(
            "application__reference", flat=True))
        for reference in mine:
            page.goto(f"{live_server.url}/staff/reviews/")
            page.locator("main a", has_text=reference).click()
            body = page.locator("body").inner_text()
            assert not [w.full_name for w in WOMEN if w.full_name in body]
            for key in ("motivation", "communication"):
                page.locator(f"input[name=score_{key}][value='{scores[reference]}'] + label").click()
            page.locator("button", has_text="Submit the review").click()
            expect(page.locator(".alert-success")).to_contain_text("Your review is saved.")
        screenshot(page, f"06-reviewed-{number}")
    assert ReviewAssignment.objects.filter(status="scored").count() == 3

    # 5. The coordinator ranks the call and selects two with at least one woman from Khatlon.
    desk.goto(f"{live_server.url}/staff/calls/{call_pk}/ranking/")
    desk.locator("button", has_text="Rank again now").click()
    desk.goto(f"{live_server.url}/staff/calls/{call_pk}/ranking/")
    expect(desk.locator("main table tbody tr")).to_have_count(3)
    # (rank, reference, region, automatic, reviewers, combined = 0.6 automatic + 0.4 reviewers, reviews)
    assert [row[:7] for row in _cells(desk.locator("main table"))] == [
        ["1", references[MALIKA.key], "Dushanbe", "82.00", "100.00", "89.20", "1"],
        ["2", references[NIGINA.key], "Sughd", "73.00", "75.00", "73.80", "1"],
        ["3", references[GULNORA.key], "Khatlon", "77.50", "50.00", "66.50", "1"],
    ]
    screenshot(desk, "06-ranked")
    desk.goto(f"{live_server.url}/staff/calls/{call_pk}/")
    desk.locator("a", has_text="Select the cohort").click()
    desk.fill("#id_name", "Cohort 2026")
    desk.fill("#id_size", "2")
    desk.fill("#id_min_khatlon", "1")
    desk.locator("main form button[type=submit]", has_text="Preview").click()
    expect(desk.locator("#preview-title")).to_be_visible()
    # (position, rank, reference, region, combined score)
    assert _cells(desk.locator("main table").nth(1)) == [
        ["1", "1", references[MALIKA.key], "Dushanbe", "89.20"],
        ["2", "3", references[GULNORA.key], "Khatlon", "66.50"],
    ]
    assert _cells(desk.locator("main table").nth(2)) == [["1", "2", references[NIGINA.key], "Sughd", "73.80"]]
    screenshot(desk, "07-cohort-preview")
    desk.locator("button", has_text="Confirm the cohort and send the offers").click()
    desk.wait_for_url("**/jobs/**")
    expect(desk.locator(".job-progress")).to_contain_text("The cohort is confirmed: 2 offers are being sent")
    desk.locator(".job-progress a", has_text="Continue").click()
    desk.wait_for_url("**/staff/cohorts/**")
    cohort_pk = int(re.search(r"/staff/cohorts/(\d+)/", desk.url).group(1))
    screenshot(desk, "08-cohort-offers")

    # 6. The two selected women accept their places from their own pages.
    for woman in (GULNORA, MALIKA):
        page = pages[woman.key]
        page.goto(f"{live_server.url}/home/")
        page.locator("section[aria-labelledby=panel-applications] a[href^='/applications/']").first.click()
        page.locator("main form[action$='/accept/'] button[type=submit]").click()
        expect(page.locator("#offer-title")).to_have_text(_in(woman.language, "You are a participant"))
        _lang(page, woman.language)
        no_sideways_scroll(page)
        screenshot(page, f"09-accepted-{woman.key}")
    assert sorted(Offer.objects.values_list("application__reference", "status")) == sorted([
        (references[MALIKA.key], OfferStatus.ACCEPTED), (references[GULNORA.key], OfferStatus.ACCEPTED)])

    # 7. Two firms apply on the public form; the coordinator approves both.
    firm_page = browser_context_new(locale="tg-TJ", viewport=PHONE).new_page()
    _firm_apply(firm_page, live_server, name="Атласи Бохтар", region="khatlon", city="Бохтар",
                languages=["tg"], work_mode="remote", email="atlas.bokhtar@example.tj", language="tg")
    other = browser_context_new(viewport=DESKTOP).new_page()
    _firm_apply(other, live_server, name="Silk Road Dushanbe", region="dushanbe", city="Dushanbe",
                languages=["en", "ru"], work_mode="on_site", email="silkroad@example.tj", language="en")
    for name in ("Атласи Бохтар", "Silk Road Dushanbe"):
        desk.goto(f"{live_server.url}/staff/firms/")
        desk.locator("main a", has_text=name).click()
        desk.locator("button", has_text="Approve the firm").click()
        expect(desk.locator(".alert-success")).to_have_text(
            re.compile("The firm is approved and its representative is told."))
    screenshot(desk, "10-firm-approved")
    assert Firm.objects.filter(status="approved").count() == 2

    # 8. The coordinator runs the matching and publishes it.
    desk.goto(f"{live_server.url}/staff/matching/")
    desk.locator("main a", has_text="Cohort 2026").click()
    desk.locator("button", has_text="Run best total compatibility").click()
    desk.locator("#runs-title + div a").first.click()
    desk.locator("button", has_text="Publish the matching").click()
    expect(desk.locator(".alert-success")).to_have_text(
        re.compile("The matches are published; participants and firms are told by email."))
    screenshot(desk, "11-matching-published")
    matches = desk.locator("section[aria-labelledby=matches-title] table tbody tr")
    # By the participant's name: Latin before Cyrillic.
    expect(matches.locator("td:nth-child(1)")).to_have_text([MALIKA.full_name, GULNORA.full_name])
    expect(matches.locator("td:nth-child(3)")).to_have_text(["Silk Road Dushanbe", "Атласи Бохтар"])
    pairs = dict(Match.objects.filter(round__cohort_id=cohort_pk).values_list(
        "participant__application__reference", "firm__name"))
    assert pairs == {references[GULNORA.key]: "Атласи Бохтар", references[MALIKA.key]: "Silk Road Dushanbe"}

    # 9. The firm in Bokhtar sets its password from the email, signs in and sees Gulnora as its manager.
    link = next(m.body for m in mail.outbox if m.to == ["atlas.bokhtar@example.tj"]
                and "/accounts/password/reset/key/" in m.body)
    firm_page.goto(live_server.url + re.search(r"/accounts/password/reset/key/\S+/", link).group(0))
    firm_page.fill("#id_password1", "bokhtar-atlas-2026")
    firm_page.fill("#id_password2", "bokhtar-atlas-2026")
    firm_page.locator("main form button[name=action]").click()
    firm_page.wait_for_load_state()
    firm_page.goto(f"{live_server.url}/accounts/login/")
    firm_page.fill("#id_login", "atlas.bokhtar@example.tj")
    firm_page.fill("#id_password", "bokhtar-atlas-2026")
    firm_page.locator("main form button[type=submit]").click()
    firm_page.wait_for_url(lambda url: "/accounts/login/" not in url)
    firm_page.goto(f"{live_server.url}/firm/")
    _lang(firm_page, "tg")
    card = firm_page.locator("section[aria-labelledby=manager-heading] dl").first
    expect(card.locator("dd").nth(0)).to_have_text(GULNORA.full_name)
    expect(card.locator("dd").nth(1)).to_have_text(GULNORA.phone)
    no_sideways_scroll(firm_page)
    screenshot(firm_page, "12-firm-manager")

    # 10. A trainer marks the cohort's session. Her account and the session are set up in code: the
    # staff pages that create them are not part of this journey.
    trainer = UserFactory(role=Role.TRAINER, language="en", totp=True)
    session = SessionFactory(cohort=Cohort.objects.get(pk=cohort_pk), trainer=trainer,
                             title="Opening a shop on LakLak", starts_at=timezone.now() - timedelta(hours=2))
    page = signed_in_page(browser_context_new, live_server, trainer, viewport=PHONE)
    page.goto(f"{live_server.url}/home/")
    page.locator("#panel-to-mark").locator("..").get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text("Opening a shop on LakLak")
    page.get_by_role("link", name="Everyone present").click()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".alert")).to_have_text(
        "Attendance is saved: 2 present, 0 late, 0 absent, 0 excused.")
    screenshot(page, "13-attendance")
    assert sorted(session.attendance.values_list("participant__application__reference", "status")) == sorted(
        [(references[MALIKA.key], "present"), (references[GULNORA.key], "present")])

    # 11. The firm reports this month's online sales; the dashboard counts only verified reports.
    month = timezone.localdate().replace(day=1)
    firm_page.goto(f"{live_server.url}/firm/reports/{month:%Y-%m}/")
    firm_page.fill("#id_online_revenue", "5100")
    firm_page.fill("#id_online_orders", "27")
    firm_page.select_option("#id_manager_contract", "fixed_term")
    firm_page.fill("#id_manager_start_date", f"{month:%Y-%m-%d}")
    firm_page.locator("main button[name=submit]").click()
    expect(firm_page.locator(".alert-success")).to_have_text(
        re.compile(re.escape(_in("tg", "Report submitted: the programme will verify it."))))
    no_sideways_scroll(firm_page)
    screenshot(firm_page, "14-firm-report")
    report = FirmReport.objects.get(firm__name="Атласи Бохтар")
    assert (report.status, report.online_revenue, report.month) == ("submitted", 5100, month)
    board.reload()
    assert _revenue_kpi(board) == f"10{NNBSP}000 TJS"
    desk.goto(f"{live_server.url}/staff/firm-reports/")
    desk.get_by_role("link", name="Атласи Бохтар").click()
    desk.get_by_role("button", name="Verify and lock").click()
    expect(desk.get_by_text("Report verified and locked.")).to_be_visible()
    screenshot(desk, "15-report-verified")

    # 12. The donors' dashboard shows the programme's online revenue grown by the verified 5,100 TJS.
    board.reload()
    assert _revenue_kpi(board) == f"15{NNBSP}100 TJS"
    screenshot(board, "16-dashboard-after")
    assert Participant.objects.filter(cohort_id=cohort_pk).count() == 2

    # No log record names, mails or phones a woman of the journey.
    secrets = [s for w in WOMEN for s in (w.full_name, w.email, w.phone, w.phone[4:], w.phone_typed)]
    leaks = [(record.name, record.getMessage()) for record in portal_logs.records
             if any(s in record.getMessage() or s in (record.exc_text or "") for s in secrets)]
    assert leaks == []
    # The capture saw the live server's requests and the eager tasks, not only the test's own thread.
    assert {"matching.services", "matching.runs", "outcomes.aggregates", "celery.app.trace"} <= {
        record.name for record in portal_logs.records}

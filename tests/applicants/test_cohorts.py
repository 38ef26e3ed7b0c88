"""Cohort selection: the preview, confirming, offers and her answers, the waiting list that moves."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applicants import cohorts
from applicants.enums import ApplicationStatus, Eligibility, OfferStatus, OverrideAction
from applicants.models import Application, Cohort, Offer, Participant, SelectionOverride, WaitlistEntry
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import ApplicationFactory, CallFactory, UserFactory, ranked_application

# Rank, region, combined score: a cohort of 3 with at least one woman from GBAO takes ranks 1, 2 and 4.
TABLE = [
    (1, "dushanbe", 90), (2, "dushanbe", 85), (3, "dushanbe", 80),
    (4, "gbao", 70), (5, "sughd", 60), (6, "gbao", 50),
]


@pytest.fixture(autouse=True)
def _english():
    """Messages of services in English; pages follow the signed-in user's language (English here)."""
    with translation.override("en"):
        yield


@pytest.fixture
def call(db):
    return CallFactory(cohort_size=3, offer_days=7)


@pytest.fixture
def ranked(call, roles):
    """The call's ranked applications by rank; her account reads English, her application Tajik."""
    return {
        rank: ranked_application(
            call=call, rank=rank, combined=score, region=region, applicant__language="en"
        )
        for rank, region, score in TABLE
    }


def _confirm(call, actor, size=3, minimums=None, **kwargs):
    return cohorts.cohort_confirm(
        call=call, actor=actor, name="Cohort 2026", size=size,
        minimums={"gbao": 1} if minimums is None else minimums, **kwargs,
    )


def _statuses(applications):
    return {rank: Application.objects.get(pk=a.pk).status for rank, a in applications.items()}


def _offer(application):
    return Offer.objects.get(application=application)


def _waitlist(cohort):
    entries = WaitlistEntry.objects.filter(cohort=cohort)
    return list(entries.values_list("application__score__rank", "position"))


def _holders(cohort):
    return sorted(
        Offer.objects.filter(cohort=cohort, status__in=[OfferStatus.OFFERED, OfferStatus.ACCEPTED])
        .values_list("application__score__rank", flat=True)
    )


# Confirming


def test_cohort_confirm_creates_offers_waitlist_and_statuses(ranked, call, make_user):
    coordinator = make_user(Role.COORDINATOR)
    ineligible = ApplicationFactory(
        call=call, complete=True, status=ApplicationStatus.SUBMITTED, eligibility=Eligibility.INELIGIBLE,
        submitted_at=timezone.now(), reference="PAR-2026-00777",
    )
    now = timezone.now()

    cohort = _confirm(call, coordinator, now=now, starts_on=None)

    cohort.refresh_from_db()
    assert (cohort.status, cohort.size, cohort.minimums, cohort.confirmed_by) == (
        "confirmed", 3, {"gbao": 1}, coordinator
    )
    assert _holders(cohort) == [1, 2, 4]
    assert set(Offer.objects.values_list("deadline", flat=True)) == {now + timedelta(days=7)}
    assert _waitlist(cohort) == [(3, 1), (5, 2), (6, 3)]
    assert _statuses(ranked) == {
        1: "selected", 2: "selected", 3: "waitlisted", 4: "selected", 5: "waitlisted", 6: "waitlisted"
    }
    assert Application.objects.get(pk=ineligible.pk).status == "not_selected"
    entry = AuditEntry.objects.get(action="cohort.confirmed")
    assert (entry.actor, entry.target_id) == (coordinator, str(cohort.pk))
    assert entry.details == {
        "size": 3, "minimums": {"gbao": 1}, "selected": 3, "waitlisted": 3, "total_score": 245.0,
        "included": [], "excluded": [],
    }
    assert AuditEntry.objects.filter(action="offer.made").count() == 3


def test_cohort_confirm_twice_is_refused(ranked, call, make_user):
    coordinator = make_user(Role.COORDINATOR)
    _confirm(call, coordinator)

    with pytest.raises(ValidationError) as error:
        _confirm(call, coordinator)

    assert error.value.messages == [
        "The cohort of this call is already confirmed: the selection can no longer change."
    ]
    assert (Cohort.objects.count(), Offer.objects.count(), WaitlistEntry.objects.count()) == (1, 3, 3)


def test_cohort_confirm_view_runs_the_job_and_refuses_a_double_submit(
    ranked, call, coordinator, django_capture_on_commit_callbacks
):
    data = {"name": "Cohort 2026", "size": 3, "min_gbao": 1}
    url = reverse("staff_cohort_confirm", kwargs={"pk": call.pk})

    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator.post(url, data, follow=True)
    second = coordinator.post(url, data, follow=True)

    cohort, job = Cohort.objects.get(), Job.objects.get()
    assert first.redirect_chain == [(reverse("job_detail", kwargs={"pk": job.pk}), 302)]
    assert (job.status, job.percent, job.message) == (
        "done", 100, "The cohort is confirmed: 3 offers are being sent, 3 wait on the list."
    )
    assert job.result["url"] == reverse("staff_cohort_detail", kwargs={"pk": cohort.pk})
    assert f'href="{job.result["url"]}"' in coordinator.get(first.redirect_chain[0][0]).content.decode()
    assert second.redirect_chain[-1][0].startswith(reverse("staff_cohort_select", kwargs={"pk": call.pk}))
    assert [str(m) for m in second.context["messages"]] == [
        "The cohort of this call is already confirmed: the selection can no longer change."
    ]
    assert (Offer.objects.count(), Job.objects.count()) == (3, 1)


def test_cohort_confirm_with_infeasible_minimums_writes_nothing(ranked, call, make_user):
    with pytest.raises(ValidationError) as error:
        _confirm(call, make_user(Role.COORDINATOR), minimums={"gbao": 3})

    assert error.value.messages == [
        "Only 2 eligible applicants from GBAO (Gorno-Badakhshan) for a minimum of 3."
    ]
    assert (Cohort.objects.count(), Offer.objects.count()) == (0, 0)
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


def test_cohort_confirm_takes_includes_and_excludes(ranked, call, make_user):
    coordinator = make_user(Role.COORDINATOR)
    cohorts.selection_override_set(application=ranked[5], action="include", reason="Strong interview",
                                   actor=coordinator)
    cohorts.selection_override_set(application=ranked[1], action="exclude", reason="Already trained",
                                   actor=coordinator)

    cohort = _confirm(call, coordinator)

    assert _holders(cohort) == [2, 4, 5]
    assert _waitlist(cohort) == [(3, 1), (6, 2)]
    assert Application.objects.get(pk=ranked[1].pk).status == "not_selected"


# The selection page


def _select_url(call, **params):
    from urllib.parse import urlencode

    return reverse("staff_cohort_select", kwargs={"pk": call.pk}) + "?" + urlencode(params)


def test_cohort_select_page_previews_the_selection(ranked, call, coordinator):
    response = coordinator.get(_select_url(call, name="C", size=3, min_gbao=1))

    preview = response.context["preview"]
    assert response.status_code == 200
    assert [row["rank"] for row in response.context["page"]] == [1, 2, 4]
    assert [row["rank"] for row in response.context["waitlist_head"]] == [3, 5, 6]
    assert (preview.total, preview.mean) == (245.0, 81.67)
    assert {r.region: (r.selected, r.minimum) for r in preview.regions}["gbao"] == (1, 1)
    assert response.context["confirm_values"] == {"name": "C", "size": 3, "starts_on": "", "ends_on": "",
                                                  "min_gbao": 1}
    assert Offer.objects.count() == 0


def test_cohort_select_page_shows_problems_when_minimums_are_infeasible(ranked, call, coordinator):
    response = coordinator.get(_select_url(call, name="C", size=3, min_gbao=2, min_sughd=2))

    assert response.context["preview"].problems == [
        "Only 1 eligible applicant from Sughd for a minimum of 2.",
        "The regional minimums add up to 4 seats, more than the cohort size of 3.",
    ]
    assert response.context["page"] is None
    assert "Only 1 eligible applicant from Sughd for a minimum of 2." in response.content.decode()
    assert "Confirm the cohort" not in response.content.decode()


def test_cohort_select_page_has_a_fixed_query_count(call, coordinator, roles):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator.get(_select_url(call, name="C", size=3, min_gbao=1))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    ranked_application(call=call, rank=1, combined=80, region="gbao")
    SelectionOverride.objects.create(
        application=ranked_application(call=call, rank=2, combined=70), action="include", reason="r"
    )
    few = count()
    for rank in range(3, 60):
        ranked_application(call=call, rank=rank, combined=60 - rank / 100, region=["gbao", "sughd"][rank % 2])

    assert count() == few


def test_selection_override_set_change_and_remove_are_audited(ranked, call, coordinator):
    url = reverse("staff_selection_override_set", kwargs={"pk": call.pk})
    reference = ranked[6].reference

    missing = coordinator.post(
        url, {"reference": reference, "action": "include", "reason": "  "}, follow=True
    )
    coordinator.post(url, {"reference": reference.lower(), "action": "include", "reason": "Interview"})
    coordinator.post(url, {"reference": reference, "action": "exclude", "reason": "Moved abroad"})

    override = SelectionOverride.objects.get()
    assert [str(m) for m in missing.context["messages"]] == ["This field is required."]
    assert (override.application, override.action, override.reason) == (ranked[6], "exclude", "Moved abroad")
    page = coordinator.get(_select_url(call, name="C", size=3, min_gbao=1))
    assert [row["rank"] for row in page.context["waitlist_head"]] == [3, 5]

    remove = reverse("staff_selection_override_remove", kwargs={"pk": override.pk})
    refused = coordinator.post(remove, {"reason": ""}, follow=True)
    coordinator.post(remove, {"reason": "She is back"})

    assert [str(m) for m in refused.context["messages"]] == ["This field is required."]
    assert SelectionOverride.objects.count() == 0
    assert list(AuditEntry.objects.filter(action__startswith="selection.").order_by("pk").values_list(
        "action", "details")) == [
        ("selection.override_set", {"action": "include", "reason": "Interview", "before": None}),
        ("selection.override_set", {"action": "exclude", "reason": "Moved abroad",
                                    "before": {"action": "include", "reason": "Interview"}}),
        ("selection.override_removed", {"action": "exclude", "reason": "She is back",
                                        "before_reason": "Moved abroad"}),
    ]


def test_selection_preview_marks_the_included(ranked, call, coordinator):
    SelectionOverride.objects.create(application=ranked[6], action=OverrideAction.INCLUDE, reason="Interview")

    response = coordinator.get(_select_url(call, name="C", size=3, min_gbao=1))

    assert [(row["rank"], row["included"]) for row in response.context["page"]] == [
        (1, False), (2, False), (6, True)
    ]
    assert "included by hand" in response.content.decode()


# Her answer


def test_offer_accept_makes_her_a_participant(ranked, call, make_user, client):
    cohort = _confirm(call, make_user(Role.COORDINATOR))
    her = ranked[1].applicant
    client.force_login(her)

    response = client.post(reverse("offer_accept", kwargs={"pk": _offer(ranked[1]).pk}))

    offer = _offer(ranked[1])
    assert response["Location"] == reverse("application_detail", kwargs={"pk": ranked[1].pk})
    assert offer.status == "accepted"
    assert list(Participant.objects.values_list("cohort", "user", "application")) == [
        (cohort.pk, her.pk, ranked[1].pk)
    ]
    assert set(her.groups.values_list("name", flat=True)) == {Role.APPLICANT, Role.PARTICIPANT}
    assert AuditEntry.objects.get(action="offer.accepted").target_id == str(offer.pk)
    page = client.get(reverse("application_detail", kwargs={"pk": ranked[1].pk}))
    assert [str(stage.label) for stage in page.context["timeline"]][-2:] == ["Offer accepted", "Participant"]


def test_offer_accept_twice_is_refused(ranked, call, make_user):
    _confirm(call, make_user(Role.COORDINATOR))
    offer, her = _offer(ranked[1]), ranked[1].applicant
    cohorts.offer_accept(offer=offer, user=her)

    with pytest.raises(ValidationError) as error:
        cohorts.offer_accept(offer=offer, user=her)

    assert error.value.messages == ["This offer has already been answered or has closed: Accepted."]
    assert Participant.objects.count() == 1


def test_offer_accept_after_the_deadline_is_refused(ranked, call, make_user, client):
    _confirm(call, make_user(Role.COORDINATOR), now=timezone.now() - timedelta(days=8))
    client.force_login(ranked[1].applicant)

    response = client.post(reverse("offer_accept", kwargs={"pk": _offer(ranked[1]).pk}), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The deadline to answer this offer has passed. Write to the programme if you still wish to join."
    ]
    assert (_offer(ranked[1]).status, Participant.objects.count()) == ("offered", 0)


def test_offer_of_another_applicant_is_hidden(ranked, call, make_user, client):
    _confirm(call, make_user(Role.COORDINATOR))
    client.force_login(ranked[2].applicant)

    accept = client.post(reverse("offer_accept", kwargs={"pk": _offer(ranked[1]).pk}))
    decline = client.post(reverse("offer_decline", kwargs={"pk": _offer(ranked[1]).pk}))

    assert (accept.status_code, decline.status_code) == (404, 404)
    assert _offer(ranked[1]).status == "offered"


def test_application_page_shows_her_offer_with_its_deadline(ranked, call, make_user, client):
    _confirm(call, make_user(Role.COORDINATOR))
    client.force_login(ranked[1].applicant)
    offer = _offer(ranked[1])

    page = client.get(reverse("application_detail", kwargs={"pk": ranked[1].pk}), HTTP_ACCEPT_LANGUAGE="en")
    home = client.get(reverse("home"))

    deadline = timezone.localtime(offer.deadline).strftime("%-d %B %Y, %H:%M")
    body = page.content.decode()
    assert str(page.context["timeline"][-1].label) == f"Offer: answer by {deadline}"
    assert reverse("offer_accept", kwargs={"pk": offer.pk}) in body
    assert reverse("offer_decline", kwargs={"pk": offer.pk}) in body
    assert "csrfmiddlewaretoken" in body
    assert f"You are offered a place in “{call.title_en}”: answer by {deadline}." in home.content.decode()


# The waiting list that moves


def test_offer_decline_gives_the_seat_to_the_first_from_the_short_region(ranked, call, make_user):
    cohort = _confirm(call, make_user(Role.COORDINATOR))

    refill = cohorts.offer_decline(offer=_offer(ranked[4]), user=ranked[4].applicant, reason="Family")

    declined = _offer(ranked[4])
    assert (declined.status, declined.decline_reason) == ("declined", "Family")
    assert (refill.application, refill.replaces) == (ranked[6], declined)
    assert _holders(cohort) == [1, 2, 6]
    assert _waitlist(cohort) == [(3, 1), (5, 2)]
    assert Application.objects.get(pk=ranked[6].pk).status == "selected"
    assert AuditEntry.objects.get(action="offer.refilled").details["replaces"] == declined.pk
    assert AuditEntry.objects.get(action="offer.declined").details == {
        "cohort": cohort.pk, "reason_given": True
    }


def test_offer_decline_gives_the_seat_to_the_first_waiting_when_minimums_hold(ranked, call, make_user):
    cohort = _confirm(call, make_user(Role.COORDINATOR))

    refill = cohorts.offer_decline(offer=_offer(ranked[1]), user=ranked[1].applicant)

    assert refill.application == ranked[3]
    assert _holders(cohort) == [2, 3, 4]
    assert _waitlist(cohort) == [(5, 2), (6, 3)]


def test_offer_decline_leaves_the_seat_free_when_nobody_fits(call, make_user, client, roles):
    applications = {1: ranked_application(call=call, rank=1, combined=90, region="gbao"),
                    2: ranked_application(call=call, rank=2, combined=80),
                    3: ranked_application(call=call, rank=3, combined=70)}
    coordinator = make_user(Role.COORDINATOR, language="en")
    cohort = _confirm(call, coordinator, size=2)

    refill = cohorts.offer_decline(offer=_offer(applications[1]), user=applications[1].applicant)

    assert refill is None
    assert _waitlist(cohort) == [(3, 1)]
    client.force_login(coordinator)
    page = client.get(reverse("staff_cohort_detail", kwargs={"pk": cohort.pk}))
    assert page.context["free_seats"][0]["regions"] == ["GBAO (Gorno-Badakhshan)"]
    assert (
        f"Seat of {applications[1].reference} left free: "
        "nobody on the waiting list from GBAO (Gorno-Badakhshan)."
        in page.content.decode()
    )


def test_offers_expire_closes_late_offers_and_refills_their_seats(ranked, call, make_user):
    now = timezone.now()
    cohort = _confirm(call, make_user(Role.COORDINATOR), now=now)

    assert cohorts.offers_expire(now=now + timedelta(days=6)) == 0
    expired = cohorts.offers_expire(now=now + timedelta(days=8))
    again = cohorts.offers_expire(now=now + timedelta(days=8))

    assert (expired, again) == (3, 0)
    expired_ranks = Offer.objects.filter(status="expired").values_list("application__score__rank", flat=True)
    assert sorted(expired_ranks) == [1, 2, 4]
    assert _holders(cohort) == [3, 5, 6]
    assert set(Offer.objects.filter(status="offered").values_list("deadline", flat=True)) == {
        now + timedelta(days=15)
    }
    assert AuditEntry.objects.filter(action="offer.expired").count() == 3


def test_offers_expire_task_runs_the_sweep(ranked, call, make_user):
    from applicants.tasks import offers_expire_task

    _confirm(call, make_user(Role.COORDINATOR), now=timezone.now() - timedelta(days=8))

    assert offers_expire_task.apply().get() == 3


def test_offer_withdraw_by_the_coordinator_refills_the_seat(ranked, call, coordinator):
    cohort = _confirm(call, coordinator.user)
    url = reverse("staff_offer_withdraw", kwargs={"pk": _offer(ranked[2]).pk})

    refused = coordinator.post(url, {"reason": ""}, follow=True)
    done = coordinator.post(url, {"reason": "She moved abroad"}, follow=True)

    assert [str(m) for m in refused.context["messages"]] == ["This field is required."]
    assert [str(m) for m in done.context["messages"]] == [
        f"The offer is withdrawn and the seat offered to {ranked[3].reference}."
    ]
    assert _holders(cohort) == [1, 3, 4]
    assert AuditEntry.objects.get(action="offer.withdrawn").details == {"reason": "She moved abroad"}


# Emails


def test_offer_emails_go_in_her_language(call, make_user, django_capture_on_commit_callbacks, roles):
    tajik = ranked_application(call=call, rank=1, combined=90, preferred_language="tg", email="a@example.tj")
    russian = ranked_application(
        call=call, rank=2, combined=80, preferred_language="ru", email="b@example.tj"
    )
    ranked_application(call=call, rank=3, combined=70)

    with django_capture_on_commit_callbacks(execute=True):
        _confirm(call, make_user(Role.COORDINATOR), size=2, minimums={})

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "a@example.tj": f"Ба шумо дар PARWONA ҷой пешниҳод шуд ({tajik.reference})",
        "b@example.tj": f"Вам предложено место в PARWONA ({russian.reference})",
    }
    deadline = timezone.localtime(_offer(russian).deadline).strftime("%H:%M")
    body = next(m.body for m in mail.outbox if m.to == ["b@example.tj"])
    assert deadline in body
    assert f"/applications/{russian.pk}/" in body


def test_seat_refill_emails_the_next_woman(ranked, call, make_user, django_capture_on_commit_callbacks):
    _confirm(call, make_user(Role.COORDINATOR))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cohorts.offer_decline(offer=_offer(ranked[1]), user=ranked[1].applicant)

    assert [message.to for message in mail.outbox] == [[ranked[3].email]]


# The cohort page


def test_cohort_page_shows_offers_chain_and_waitlist(ranked, call, coordinator):
    cohort = _confirm(call, coordinator.user)
    cohorts.offer_decline(offer=_offer(ranked[1]), user=ranked[1].applicant)
    cohorts.offer_accept(offer=_offer(ranked[2]), user=ranked[2].applicant)

    response = coordinator.get(reverse("staff_cohort_detail", kwargs={"pk": cohort.pk}))

    figures = response.context["figures"]
    body = response.content.decode()
    assert (figures.accepted, figures.offered, figures.left) == (1, 2, 1)
    assert {r.region: (r.selected, r.minimum) for r in figures.regions}["gbao"] == (1, 1)
    assert [entry.position for entry in response.context["waitlist"]] == [2, 3]
    assert f"took the seat of {ranked[1].reference}" in body
    assert f"seat went to {ranked[3].reference}" in body


def test_cohort_page_has_a_fixed_query_count(call, coordinator, roles):
    def count(cohort):
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator.get(reverse("staff_cohort_detail", kwargs={"pk": cohort.pk}))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few_call = CallFactory()
    for rank in (1, 2, 3):
        ranked_application(call=few_call, rank=rank, combined=90 - rank)
    few = _confirm(few_call, coordinator.user, size=1, minimums={})
    first = Offer.objects.select_related("application").get(cohort=few)
    cohorts.offer_decline(offer=first, user=first.application.applicant)
    for rank in range(1, 40):
        region = ["gbao", "sughd", "khatlon"][rank % 3]
        ranked_application(call=call, rank=rank, combined=90 - rank, region=region)
    many = _confirm(call, coordinator.user, size=20, minimums={"gbao": 2})
    for offer in Offer.objects.filter(cohort=many)[:3]:
        cohorts.offer_decline(offer=offer, user=offer.application.applicant)

    assert count(many) == count(few)


def test_coordinator_home_links_the_cohort(ranked, call, coordinator):
    cohort = _confirm(call, coordinator.user)

    response = coordinator.get(reverse("home"))

    assert reverse("staff_cohort_detail", kwargs={"pk": cohort.pk}) in response.content.decode()


# The rule behind every decline


@pytest.mark.django_db(transaction=False)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    regions=st.lists(st.sampled_from(["dushanbe", "gbao", "sughd"]), min_size=4, max_size=9),
    size=st.integers(min_value=1, max_value=4),
    gbao_minimum=st.integers(min_value=0, max_value=2),
    declines=st.lists(st.integers(min_value=0, max_value=20), max_size=8),
)
def test_declines_never_break_a_minimum_the_waitlist_can_fill(roles, regions, size, gbao_minimum, declines):
    if Counter(regions)["gbao"] < gbao_minimum or gbao_minimum > size:
        return
    with transaction.atomic():
        call = CallFactory(cohort_size=size)
        for rank, region in enumerate(regions, 1):
            ranked_application(call=call, rank=rank, combined=100 - rank, region=region,
                               applicant=UserFactory(role="applicant"))
        cohort = _confirm(call, None, size=size, minimums={"gbao": gbao_minimum})
        for pick in declines:
            offered = list(Offer.objects.filter(cohort=cohort, status="offered").order_by("pk"))
            if not offered:
                break
            offer = offered[pick % len(offered)]
            cohorts.offer_decline(offer=offer, user=offer.application.applicant)
            holders = Counter(
                Offer.objects.filter(cohort=cohort, status__in=["offered", "accepted"])
                .values_list("application__region", flat=True)
            )
            waiting = Counter(
                WaitlistEntry.objects.filter(cohort=cohort).values_list("application__region", flat=True)
            )
            free = AuditEntry.objects.filter(action="cohort.seat_left_free", target_id=str(cohort.pk)).count()
            assert holders["gbao"] >= gbao_minimum or waiting["gbao"] == 0
            assert sum(holders.values()) + free == min(size, len(regions))
            assert free == 0 or holders["gbao"] < gbao_minimum or not waiting
        transaction.set_rollback(True)

"""The matching workflow against the database: inputs, runs, adjustments, publication, ending and
re-matching, and the pages of coordinators, firms and participants."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.enums import MatchEndReason
from matching.inputs import matching_inputs, skills_from_answers
from matching.models import (
    FirmMember,
    Match,
    MatchRun,
    PairRule,
    ParticipantProfile,
    Preference,
    ProposedPair,
)
from matching.runs import (
    MATCH_RUN_JOB,
    match_end,
    match_run,
    match_run_enqueue,
    matches_publish,
    pair_rule_set,
    pairs_swap,
    rematch_candidates,
    rematch_run,
    round_for,
    round_settings_set,
)
from parwona.core.models import AuditEntry, Job
from parwona.users.enums import Role
from tests.factories import CohortFactory, FirmFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def approved_firm(**kwargs):
    kwargs.setdefault("status", "approved")
    kwargs.setdefault("decided_at", timezone.now())
    return FirmFactory(**kwargs)


@pytest.fixture
def pilot(roles):
    """A cohort of three participants (GBAO, Khorog) and three approved firms, one in Khorog."""
    cohort = CohortFactory()
    participants = [ParticipantFactory(cohort=cohort, user__language=lang,
                                       application__preferred_language=lang)
                    for lang in ("tg", "ru", "en")]
    firms = [approved_firm(region="gbao", city="Хоруғ", work_mode="on_site"),
             approved_firm(), approved_firm(work_mode="remote")]
    for firm, lang in zip(firms, ("ru", "tg", "en"), strict=True):
        FirmMember.objects.create(firm=firm, user=UserFactory(role=Role.FIRM, language=lang))
    return {"round": round_for(cohort=cohort), "participants": participants, "firms": firms}


def pairs_of(run):
    return dict(run.pairs.values_list("participant_id", "firm_id"))


def test_skills_from_answers_reads_her_application():
    assert skills_from_answers(computer_level="advanced", social_media="selling", ai_use="daily",
                               marketplaces=["laklak"]) == [
        "social_media", "customer_communication", "ai_usage", "marketplace_operations", "data_analytics",
        "digital_marketing"]
    assert skills_from_answers(computer_level="none", social_media="none", ai_use="never",
                               marketplaces=[]) == []


def test_inputs_are_read_with_a_fixed_number_of_queries(pilot):
    ParticipantProfile.objects.create(participant=pilot["participants"][0], skills=["logistics"],
                                      sectors=["food"], remote_ok=False)
    with CaptureQueriesContext(connection) as few:
        matching_inputs(round=pilot["round"])
    for _ in range(5):
        ParticipantFactory(cohort=pilot["round"].cohort)
        approved_firm()
    with CaptureQueriesContext(connection) as many:
        inputs = matching_inputs(round=pilot["round"])
    assert len(few) == len(many) == 6
    first = inputs.participants.iloc[0]
    assert "logistics" in first["skills"] and "marketplace_operations" in first["skills"]
    assert first["sectors"] == ["food"]
    assert bool(first["remote"]) is False
    assert list(inputs.firms["marketplaces"].iloc[0]) == ["laklak"]  # Instagram is no marketplace


def test_match_run_writes_pairs_breakdown_and_summary(pilot):
    run = match_run(round=pilot["round"], algorithm="optimal", actor=None)
    assert run.pairs.count() == 3
    pair = run.pairs.get(participant=pilot["participants"][0])
    assert pair.firm == pilot["firms"][0]  # the same city
    assert [row["factor"] for row in pair.breakdown][:2] == ["location", "languages"]
    assert sum(row["points"] for row in pair.breakdown) == pytest.approx(float(pair.score), abs=0.05)
    assert run.summary["matched"] == 3 and run.summary["unmatched"] == 0
    assert run.summary["total"] == pytest.approx(float(sum(p.score for p in run.pairs.all())), abs=0.05)
    assert run.summary["derived_ranks"] == {"participants": 3, "firms": 3}
    assert AuditEntry.objects.filter(action="matching.run").count() == 1


def test_match_run_honours_pins_forbids_and_the_minimum_score(pilot):
    round_, (a, b, _c), (f1, _f2, f3) = pilot["round"], pilot["participants"], pilot["firms"]
    pair_rule_set(round=round_, participant=a, firm=f3, kind="pin", reason="She asked", actor=None)
    pair_rule_set(round=round_, participant=b, firm=f1, kind="forbid", reason="Relatives", actor=None)
    run = match_run(round=round_, algorithm="optimal", actor=None)
    pairs = pairs_of(run)
    assert pairs[a.pk] == f3.pk and pairs.get(b.pk) != f1.pk
    assert run.pairs.get(participant=a).pinned is True
    round_settings_set(round=round_, weights={}, min_score=Decimal(100), proposing="participants", actor=None)
    run = match_run(round=round_, algorithm="optimal", actor=None)
    assert pairs_of(run) == {a.pk: f3.pk}  # only the pin survives a minimum nobody reaches
    assert run.summary["unmatched"] == 2


def test_match_run_honours_capacities(pilot):
    f1 = pilot["firms"][0]
    type(f1).objects.exclude(pk=f1.pk).update(status="declined", decline_reason="x")
    type(f1).objects.filter(pk=f1.pk).update(capacity=2)
    run = match_run(round=pilot["round"], algorithm="stable", actor=None)
    assert run.pairs.count() == 2 and set(pairs_of(run).values()) == {f1.pk}


def test_stable_run_uses_preferences_when_given(pilot):
    round_, (a, b, c), (f1, f2, f3) = pilot["round"], pilot["participants"], pilot["firms"]
    Preference.objects.bulk_create([Preference(round=round_, side="participant", participant=p, firm=f,
                                               rank=1)
                                    for p, f in ((a, f2), (b, f3), (c, f1))])
    Preference.objects.bulk_create([Preference(round=round_, side="firm", participant=p, firm=f, rank=1)
                                    for p, f in ((a, f2), (b, f3), (c, f1))])
    run = match_run(round=round_, algorithm="stable", actor=None)
    assert pairs_of(run) == {a.pk: f2.pk, b.pk: f3.pk, c.pk: f1.pk}
    assert run.summary["derived_ranks"] == {"participants": 0, "firms": 0}
    assert run.summary["blocking_pairs"] == 0
    assert run.summary["average_rank"] == {"participants": 1.0, "firms": 1.0}


def test_match_run_job_is_idempotent(pilot, django_capture_on_commit_callbacks):
    from parwona.core.jobs import job_run

    with django_capture_on_commit_callbacks(execute=True):
        job = match_run_enqueue(round=pilot["round"], algorithms=["optimal", "stable"], actor=None)
    job.refresh_from_db()
    assert job.status == "done" and len(job.result["runs"]) == 2
    before = {r.pk: pairs_of(r) for r in MatchRun.objects.filter(job=job)}
    Job.objects.filter(pk=job.pk).update(status="pending")
    job_run(job_id=job.pk)
    assert {r.pk: pairs_of(r) for r in MatchRun.objects.filter(job=job)} == before
    assert ProposedPair.objects.count() == 6
    assert Job.objects.get(pk=job.pk).kind == MATCH_RUN_JOB


def test_swap_exchanges_firms_rescored_and_audited(pilot):
    run = match_run(round=pilot["round"], algorithm="optimal", actor=None)
    first, second = run.pairs.order_by("pk")[:2]
    firms = (first.firm_id, second.firm_id)
    pairs_swap(first=first, second=second, reason="She lives nearer", actor=None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.firm_id, second.firm_id) == firms[::-1]
    assert first.adjusted is True and second.adjusted is True
    assert sum(r["points"] for r in first.breakdown) == pytest.approx(float(first.score), abs=0.05)
    entry = AuditEntry.objects.get(action="matching.pairs_swapped")
    assert entry.details["reason"] == "She lives nearer"
    with pytest.raises(ValidationError):
        pairs_swap(first=first, second=second, reason="", actor=None)


def test_publish_creates_matches_and_emails_each_in_her_language(pilot, django_capture_on_commit_callbacks,
                                                                 mailoutbox):
    run = match_run(round=pilot["round"], algorithm="optimal", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        matches_publish(run=run, actor=None)
    assert Match.objects.filter(round=pilot["round"], ended_at__isnull=True).count() == 3
    pilot["round"].refresh_from_db()
    assert pilot["round"].published_at is not None
    assert len(mailoutbox) == 6
    by_address = {m.to[0]: m for m in mailoutbox}
    tg, ru = pilot["participants"][0], pilot["participants"][1]
    assert by_address[tg.user.email].subject.startswith("Ширкати шумо")
    assert by_address[ru.user.email].subject.startswith("Ваша фирма")
    firm_mail = [m for m in mailoutbox if m.to[0] not in {p.user.email for p in pilot["participants"]}]
    assert all(any(p.user.full_name in m.body for p in pilot["participants"]) for m in firm_mail)
    with pytest.raises(ValidationError) as refused:
        matches_publish(run=run, actor=None)
    assert refused.value.code == "published"
    with pytest.raises(ValidationError):
        match_run(round=pilot["round"], algorithm="optimal", actor=None)


def test_end_and_rematch_touch_only_the_affected_pair(pilot):
    for _ in range(2):
        ParticipantFactory(cohort=pilot["round"].cohort)
        approved_firm()
    run = match_run(round=pilot["round"], algorithm="optimal", actor=None)
    matches_publish(run=run, actor=None, notify=False)
    matches = list(Match.objects.filter(round=pilot["round"]).order_by("pk"))
    ended = matches[0]
    others = {m.pk: (m.participant_id, m.firm_id, m.started_at) for m in matches[1:]}
    match_end(match=ended, reason=MatchEndReason.MISMATCH, note="Different hours", actor=None)
    participants, firms = rematch_candidates(round=pilot["round"])
    assert participants == [ended.participant_id] and firms == [ended.firm_id]
    # The only free firm is the one she just left: the re-match never proposes an ended pair.
    rerun = rematch_run(round=pilot["round"], participants=participants, firms=firms, actor=None)
    assert rerun.pairs.count() == 0
    newcomer = approved_firm()
    participants, firms = rematch_candidates(round=pilot["round"])
    rerun = rematch_run(round=pilot["round"], participants=participants, firms=firms, actor=None)
    assert pairs_of(rerun) == {ended.participant_id: newcomer.pk}
    matches_publish(run=rerun, actor=None, notify=False)
    after = {m.pk: (m.participant_id, m.firm_id, m.started_at)
             for m in Match.objects.filter(pk__in=others)}
    assert after == others
    ended.refresh_from_db()
    assert ended.end_reason == "mismatch" and ended.ended_at is not None
    assert Match.objects.get(participant_id=ended.participant_id, ended_at__isnull=True).firm == newcomer
    assert AuditEntry.objects.get(action="matching.match_ended").details == {"reason": "mismatch",
                                                                            "note": "Different hours"}


def test_firm_sees_its_manager_and_never_another(client, pilot):
    run = match_run(round=pilot["round"], algorithm="optimal", actor=None)
    matches_publish(run=run, actor=None, notify=False)
    firm_a, firm_b = pilot["firms"][0], pilot["firms"][1]
    mine = Match.objects.get(firm=firm_a).participant
    theirs = Match.objects.get(firm=firm_b).participant
    client.force_login(firm_a.representatives.get())
    page = client.get(reverse("my_firm")).content.decode()
    assert mine.user.full_name in page and mine.user.phone in page
    assert theirs.user.full_name not in page
    assert client.get(reverse("my_firm_manager", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("my_firm_manager", kwargs={"pk": theirs.pk})).status_code == 404


def test_participant_sees_her_firm_on_home(client, pilot):
    run = match_run(round=pilot["round"], algorithm="optimal", actor=None)
    matches_publish(run=run, actor=None, notify=False)
    she = pilot["participants"][0]
    firm = Match.objects.get(participant=she).firm
    other = Match.objects.exclude(participant=she).first().firm
    client.force_login(she.user)
    page = client.get(reverse("home")).content.decode()
    assert firm.name in page and firm.contact_phone in page
    assert other.name not in page


def _pairs_page_queries(client, run) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("staff_match_run", kwargs={"pk": run.pk}))
    assert response.status_code == 200
    return len(queries)


def test_pairs_page_has_a_fixed_query_count(coordinator, roles):
    cohort = CohortFactory()
    ParticipantFactory(cohort=cohort)
    approved_firm()
    round_ = round_for(cohort=cohort)
    one = match_run(round=round_, algorithm="optimal", actor=None)
    for _ in range(12):
        ParticipantFactory(cohort=cohort)
        approved_firm()
    many = match_run(round=round_, algorithm="optimal", actor=None)
    assert many.pairs.count() == 13
    assert _pairs_page_queries(coordinator, one) == _pairs_page_queries(coordinator, many)


def test_round_pages_work_for_a_coordinator(coordinator, pilot, django_capture_on_commit_callbacks):
    cohort = pilot["round"].cohort
    assert coordinator.get(reverse("staff_match_round", kwargs={"pk": cohort.pk})).status_code == 200
    response = coordinator.post(reverse("staff_match_settings", kwargs={"pk": cohort.pk}), {
        **{f"weight_{f}": "1" for f in ("location", "languages", "skills", "marketplaces", "sector",
                                        "participant_rank", "firm_rank", "travel")},
        "min_score": "10", "proposing": "firms"})
    assert response.status_code == 302
    pilot["round"].refresh_from_db()
    assert pilot["round"].proposing == "firms" and pilot["round"].min_score == Decimal("10.00")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("staff_match_run_start", kwargs={"pk": cohort.pk}), {"algorithm": "both"})
    assert MatchRun.objects.filter(round=pilot["round"]).count() == 2
    page = coordinator.get(reverse("staff_match_compare", kwargs={"pk": cohort.pk})).content.decode()
    assert "Blocking pairs" in page
    run = MatchRun.objects.filter(round=pilot["round"], algorithm="optimal").get()
    coordinator.post(reverse("staff_match_rule_add", kwargs={"pk": run.pk}), {
        "participant": pilot["participants"][0].pk, "firm": pilot["firms"][2].pk, "kind": "pin",
        "reason": "Her choice"})
    assert PairRule.objects.get().kind == "pin"
    coordinator.post(reverse("staff_match_publish", kwargs={"pk": run.pk}))
    assert Match.objects.filter(run=run).count() == 3

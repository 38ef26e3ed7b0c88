"""Every named URL of the portal against anonymous visitors and every role.

Expected answers: PAGE (200), LOGIN (redirect to the login page), REDIRECT (another redirect),
DENIED (403), HIDDEN (404: another person's object), GONE (405: wrong method).
A URL name of the portal missing from MATRIX fails `test_access_matrix_lists_every_url`.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from applicants.models import CallQuestion, SelectionOverride
from parwona.core.enums import JobStatus
from parwona.users.enums import Role
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CohortFactory,
    FirmFactory,
    JobFactory,
    OfferFactory,
    ParticipantFactory,
    ReviewFactory,
)

PAGE, LOGIN, REDIRECT, DENIED, HIDDEN = 200, "login", 302, 403, 404

ANON = "anonymous"
ADMIN = "admin"
ROLES = [ANON, *Role.values, ADMIN]
STAFF_ONLY = dict.fromkeys(Role.values, DENIED) | {ANON: LOGIN, Role.COORDINATOR: PAGE, ADMIN: PAGE}
OWNER_ONLY = dict.fromkeys(Role.values, HIDDEN) | {ANON: LOGIN, Role.COORDINATOR: PAGE, ADMIN: PAGE}
EVERYONE = dict.fromkeys(ROLES, PAGE)
SIGNED_IN = dict.fromkeys(ROLES, PAGE) | {ANON: LOGIN}
STAFF_POST = STAFF_ONLY | {Role.COORDINATOR: REDIRECT, ADMIN: REDIRECT}
# Her own application: the applicant who wrote it, and no one else.
HER_OWN = dict.fromkeys(ROLES, HIDDEN) | {ANON: LOGIN, Role.APPLICANT: PAGE}
# Submitted applications: coordinators by name, reviewers blind; decisions and exports are coordinators'.
STAFF_AND_BLIND = STAFF_ONLY | {Role.REVIEWER: PAGE}
COORDINATOR_POST = STAFF_ONLY | {Role.COORDINATOR: REDIRECT, ADMIN: REDIRECT}
# Her own firm: its representative, and no one else.
FIRM_OWN = dict.fromkeys(ROLES, HIDDEN) | {ANON: LOGIN, Role.FIRM: PAGE}
# Her own cohort's pages: the participant of that cohort, and no one else.
PARTICIPANT_OWN = dict.fromkeys(ROLES, HIDDEN) | {ANON: LOGIN, Role.PARTICIPANT: PAGE}
# Her own calendar: participants and trainers have one, nobody else.
CALENDAR_OWN = PARTICIPANT_OWN | {Role.TRAINER: PAGE}
# Training: trainers and coordinators build the curriculum and the sessions; her cohort's lessons are the
# participant's to read and theirs to preview, and do not exist for anyone else.
TRAINING_STAFF = STAFF_ONLY | {Role.TRAINER: PAGE}
TRAINING_POST = STAFF_ONLY | {Role.TRAINER: REDIRECT, Role.COORDINATOR: REDIRECT, ADMIN: REDIRECT}
# The donors' dashboard and its downloads: donors and coordinators.
OUTCOMES = STAFF_ONLY | {Role.DONOR: PAGE}
LESSONS = PARTICIPANT_OWN | {Role.TRAINER: PAGE, Role.COORDINATOR: PAGE, ADMIN: PAGE}
# Monthly reports: coordinators and donors read them (aggregates only); coordinators build one now.
MONTHLY_READ = STAFF_ONLY | {Role.DONOR: PAGE}

# name: (method, expectations per role). Object URLs take the job the coordinator started, the open
# call, and the applicant's application to it.
MATRIX = {
    "landing": ("get", EVERYONE),
    "monthly_report_list": ("get", MONTHLY_READ),
    "monthly_report_detail": ("get", MONTHLY_READ),
    "monthly_report_download": ("get", MONTHLY_READ),
    "monthly_report_build_now": ("post", COORDINATOR_POST),
    "firm_reports": ("get", FIRM_OWN),
    "follow_up_survey": ("get", EVERYONE),
    "staff_follow_ups": ("get", STAFF_ONLY),
    "staff_follow_up": ("get", STAFF_ONLY),
    "staff_follow_up_unreachable": ("post", COORDINATOR_POST),
    "firm_report_edit": ("get", FIRM_OWN),
    "firm_report_evidence": ("get", OWNER_ONLY | {Role.FIRM: PAGE}),
    "staff_firm_reports": ("get", STAFF_ONLY),
    "staff_firm_report": ("get", STAFF_ONLY),
    "staff_firm_report_decide": ("post", COORDINATOR_POST),
    "outcomes_raw_export": ("get", STAFF_ONLY),
    "healthz": ("get", EVERYONE),
    "readyz": ("get", EVERYONE),
    "language_set": ("post", dict.fromkeys(ROLES, REDIRECT)),
    "home": ("get", SIGNED_IN),
    # Her own data, for everyone signed in: the addresses name no one, so nobody else's can be asked for.
    "personal_data": ("get", SIGNED_IN),
    "personal_data_download": ("get", SIGNED_IN),
    "people_list": ("get", STAFF_ONLY),
    "invite": ("get", STAFF_ONLY),
    "audit_log": ("get", STAFF_ONLY),
    "audit_export": ("post", STAFF_ONLY | {Role.COORDINATOR: REDIRECT, ADMIN: REDIRECT}),
    "job_list": ("get", STAFF_ONLY),
    "job_detail": ("get", OWNER_ONLY),
    "job_progress": ("get", OWNER_ONLY),
    "job_download": ("get", OWNER_ONLY),
    "call_list": ("get", EVERYONE),
    "call_detail": ("get", EVERYONE),
    "application_start": ("post", dict.fromkeys(ROLES, DENIED)
                          | {ANON: LOGIN, Role.APPLICANT: REDIRECT, Role.PARTICIPANT: REDIRECT}),
    "application_list": ("get", SIGNED_IN),
    "application_detail": ("get", HER_OWN),
    "application_step": ("get", HER_OWN),
    "application_review": ("get", HER_OWN),
    "application_print": ("get", HER_OWN),
    "application_withdraw": ("get", HER_OWN),
    "application_erase": ("get", HER_OWN),
    "application_cv": ("get", HER_OWN),  # of a draft; staff read CVs of submitted ones (test_staff)
    "staff_call_list": ("get", STAFF_ONLY | {Role.REVIEWER: PAGE}),
    "staff_call_create": ("get", STAFF_ONLY),
    "staff_call_edit": ("get", STAFF_ONLY),
    "staff_call_status": ("post", STAFF_POST),
    "staff_question_add": ("get", STAFF_ONLY),
    "staff_question_edit": ("get", STAFF_ONLY),
    "staff_question_delete": ("get", STAFF_ONLY),
    "staff_question_move": ("post", STAFF_POST),
    "staff_rubric_edit": ("get", STAFF_ONLY),
    "staff_scores_run": ("post", COORDINATOR_POST),
    "staff_application_list": ("get", STAFF_AND_BLIND),
    "staff_application_detail": ("get", STAFF_AND_BLIND),
    "staff_application_eligibility": ("post", COORDINATOR_POST),
    "staff_application_bulk": ("post", COORDINATOR_POST),
    "staff_application_export": ("post", COORDINATOR_POST),
    "staff_call_funnel": ("get", STAFF_AND_BLIND),
    # Fairness by group is for staff who see applications by name: not for blind reviewers.
    "staff_call_fairness": ("get", STAFF_ONLY),
    "staff_call_fairness_export": ("post", COORDINATOR_POST),
    # Cohort selection: coordinators select and confirm; her offer is hers to answer, hidden from others.
    "staff_cohort_select": ("get", STAFF_ONLY),
    "staff_cohort_confirm": ("post", COORDINATOR_POST),
    "staff_selection_override_set": ("post", COORDINATOR_POST),
    "staff_selection_override_remove": ("post", COORDINATOR_POST),
    "staff_cohort_detail": ("get", STAFF_ONLY),
    "staff_offer_withdraw": ("post", COORDINATOR_POST),
    "offer_accept": ("post", HER_OWN | {Role.APPLICANT: REDIRECT}),
    "offer_decline": ("post", HER_OWN | {Role.APPLICANT: REDIRECT}),
    "staff_review_settings": ("get", STAFF_ONLY),
    "staff_review_assign": ("get", STAFF_ONLY),
    "staff_review_add": ("post", COORDINATOR_POST),
    "staff_review_remove": ("post", COORDINATOR_POST),
    "staff_ranking": ("get", STAFF_ONLY),
    "staff_ranking_run": ("post", COORDINATOR_POST),
    "staff_calibration": ("get", STAFF_ONLY),
    # A reviewer's own reviews; the admin may list hers (none) but another's review is hidden from her.
    "review_list": ("get", STAFF_ONLY | {Role.COORDINATOR: DENIED, Role.REVIEWER: PAGE}),
    "review_detail": ("get", STAFF_ONLY | {Role.COORDINATOR: DENIED, Role.REVIEWER: PAGE, ADMIN: HIDDEN}),
    # Firms: anyone may apply (a representative whose firm applied already is sent to it); the
    # representative alone sees her firm's page; coordinators read and decide on every firm.
    "firm_apply": ("get", EVERYONE | {Role.FIRM: REDIRECT}),
    "firm_apply_done": ("get", EVERYONE),
    "my_firm": ("get", FIRM_OWN),
    "my_firm_edit": ("get", FIRM_OWN),
    "staff_firm_list": ("get", STAFF_ONLY),
    "staff_firm_detail": ("get", OWNER_ONLY),  # of the representative's own firm: 404 to her as well
    "staff_firm_approve": ("post", COORDINATOR_POST),
    "staff_firm_decline": ("post", COORDINATOR_POST),
    "staff_firm_baseline": ("post", COORDINATOR_POST),
    # Preferences: coordinators open and close the window; the participant ranks firms of her own
    # cohort, the representative ranks candidates for her own firm (not approved yet: a page saying so).
    "staff_preferences": ("get", STAFF_ONLY),
    "staff_preferences_window": ("post", COORDINATOR_POST),
    "staff_preferences_remind": ("post", COORDINATOR_POST),
    "matching_profile": ("get", PARTICIPANT_OWN),
    "participant_preferences": ("get", PARTICIPANT_OWN),
    "firm_preferences": ("get", FIRM_OWN),
    # Matching: coordinators run, adjust and publish; the representative alone sees her firm's manager.
    "staff_match_rounds": ("get", STAFF_ONLY),
    "staff_match_round": ("get", STAFF_ONLY),
    "staff_match_settings": ("get", STAFF_ONLY),
    "staff_match_run_start": ("post", COORDINATOR_POST),
    "staff_match_rematch": ("post", COORDINATOR_POST),
    "staff_match_compare": ("get", STAFF_ONLY),
    "staff_match_run": ("get", STAFF_ONLY),
    "staff_match_swap": ("post", COORDINATOR_POST),
    "staff_match_rule_add": ("post", COORDINATOR_POST),
    "staff_match_publish": ("post", COORDINATOR_POST),
    "staff_match_rule_remove": ("post", COORDINATOR_POST),
    "staff_match_end": ("post", COORDINATOR_POST),
    "my_firm_manager": ("get", FIRM_OWN),
    # Calendars: her own (participants and trainers), a cohort's for coordinators; the feed answers its
    # secret token without a login. A peer group's page: its members and the staff who read groups.
    "calendar": ("get", CALENDAR_OWN),
    "calendar_feed_regenerate": ("post", CALENDAR_OWN | {Role.PARTICIPANT: REDIRECT, Role.TRAINER: REDIRECT}),
    "calendar_feed": ("get", EVERYONE),
    "peer_group_detail": ("get", OWNER_ONLY | {Role.PARTICIPANT: PAGE, Role.TRAINER: PAGE}),
    "staff_cohort_calendar": ("get", STAFF_ONLY),
    "staff_peer_groups": ("get", STAFF_ONLY),
    "staff_peer_groups_form": ("post", COORDINATOR_POST),
    "staff_peer_group_rename": ("post", COORDINATOR_POST),
    "staff_peer_group_move": ("post", COORDINATOR_POST),
    "staff_training_cohorts": ("get", TRAINING_STAFF),
    "staff_curriculum": ("get", TRAINING_STAFF),
    "staff_curriculum_copy": ("get", TRAINING_STAFF),
    "staff_module_add": ("get", TRAINING_STAFF),
    "staff_module_edit": ("get", TRAINING_STAFF),
    "staff_module_delete": ("get", TRAINING_STAFF),
    "staff_module_move": ("post", TRAINING_POST),
    "staff_lesson_add": ("get", TRAINING_STAFF),
    "staff_lesson_edit": ("get", TRAINING_STAFF),
    "staff_lesson_delete": ("get", TRAINING_STAFF),
    "staff_lesson_move": ("post", TRAINING_POST),
    "staff_resource_add": ("post", TRAINING_POST),
    "staff_resource_delete": ("post", TRAINING_POST),
    "staff_session_list": ("get", TRAINING_STAFF),
    "staff_session_add": ("get", TRAINING_STAFF),
    "staff_session_edit": ("get", TRAINING_STAFF),
    "staff_session_delete": ("get", TRAINING_STAFF),
    # Her newest cohort's lessons: to her; no cohort of her own to send staff or others to.
    "my_lessons": ("get", dict.fromkeys(ROLES, HIDDEN) | {ANON: LOGIN, Role.PARTICIPANT: REDIRECT}),
    "lesson_list": ("get", LESSONS),
    "lesson_detail": ("get", LESSONS),
    # Assignments and skills: hers to do, her cohort's trainers (a session of it) and coordinators deliver.
    "assignment_list": ("get", PARTICIPANT_OWN),
    "assignment_detail": ("get", PARTICIPANT_OWN),
    "submission_file": ("get", PARTICIPANT_OWN | {Role.TRAINER: PAGE, Role.COORDINATOR: PAGE, ADMIN: PAGE}),
    "skills_mine": ("get", PARTICIPANT_OWN),
    "skills_rate_self": ("get", PARTICIPANT_OWN),
    "staff_training_feedback": ("get", TRAINING_STAFF),
    "staff_assignment_list": ("get", TRAINING_STAFF),
    "staff_assignment_create": ("get", TRAINING_STAFF),
    "staff_assignment_edit": ("get", TRAINING_STAFF),
    "staff_submission_queue": ("get", TRAINING_STAFF),
    "staff_submission_review": ("get", TRAINING_STAFF),
    "staff_cohort_skills": ("get", TRAINING_STAFF),
    "staff_participant_skills": ("get", TRAINING_STAFF),
    "staff_skills_rate": ("get", TRAINING_STAFF),
    # Attendance and progress: the session's own trainer or a coordinator marks it; trainers and
    # coordinators read a cohort's progress; coordinators issue certificates; she reads her own record;
    # anyone may check a certificate by its code.
    "session_attendance": ("get", STAFF_ONLY | {Role.TRAINER: PAGE}),
    "staff_progress": ("get", STAFF_ONLY | {Role.TRAINER: PAGE}),
    "staff_cohort_progress": ("get", STAFF_ONLY | {Role.TRAINER: PAGE}),
    "staff_certificates_issue": ("post", COORDINATOR_POST),
    "my_attendance": ("get", PARTICIPANT_OWN),
    "my_progress": ("get", PARTICIPANT_OWN),
    "my_certificate": ("get", PARTICIPANT_OWN),
    "my_certificate_pdf": ("get", PARTICIPANT_OWN),
    "certificate_verify": ("get", EVERYONE),
    # Outcomes: donors and coordinators read the aggregates and download them; coordinators set targets
    # and start a refresh.
    "outcomes_dashboard": ("get", OUTCOMES),
    "outcomes_breakdown": ("get", OUTCOMES),
    "outcomes_download": ("get", OUTCOMES),
    "outcomes_refresh": ("post", COORDINATOR_POST),
    "outcomes_targets": ("get", STAFF_ONLY),
}
JOB_URLS = {"job_detail", "job_progress", "job_download"}
MONTHLY_URLS = {"monthly_report_detail", "monthly_report_download"}
FOLLOW_UP_URLS = {"follow_up_survey", "staff_follow_up", "staff_follow_up_unreachable"}
REPORT_URLS = {"firm_report_edit", "firm_report_evidence", "staff_firm_report", "staff_firm_report_decide"}
CALL_URLS = {"call_detail", "application_start", "staff_call_edit", "staff_call_status", "staff_question_add",
             "staff_rubric_edit", "staff_scores_run"}
QUESTION_URLS = {"staff_question_edit", "staff_question_delete", "staff_question_move"}
STAFF_CALL_URLS = {"staff_application_list", "staff_application_bulk", "staff_application_export",
                   "staff_call_funnel", "staff_call_fairness", "staff_call_fairness_export",
                   "staff_review_settings", "staff_review_assign", "staff_ranking", "staff_ranking_run",
                   "staff_calibration"}
STAFF_APPLICATION_URLS = {"staff_application_detail", "staff_application_eligibility", "staff_review_add"}
COHORT_CALL_URLS = {"staff_cohort_select", "staff_cohort_confirm", "staff_selection_override_set"}
OFFER_URLS = {"staff_offer_withdraw", "offer_accept", "offer_decline"}
REVIEW_URLS = {"staff_review_remove", "review_detail"}
MATCH_COHORT_URLS = {"staff_match_round", "staff_match_settings", "staff_match_run_start",
                     "staff_match_rematch", "staff_match_compare"}
MATCH_RUN_URLS = {"staff_match_run", "staff_match_swap", "staff_match_rule_add", "staff_match_publish"}
FIRM_URLS = {"staff_firm_detail", "staff_firm_approve", "staff_firm_decline", "staff_firm_baseline"}
COHORT_URLS = {"staff_cohort_detail", "staff_cohort_calendar", "staff_peer_groups", "staff_peer_groups_form",
               "staff_peer_group_move", "staff_preferences", "staff_preferences_window",
               "staff_preferences_remind", "matching_profile", "participant_preferences"}
TRAINING_COHORT_URLS = {"staff_curriculum", "staff_curriculum_copy", "staff_module_add", "staff_session_list",
                        "staff_session_add", "lesson_list"}
TRAINING_MODULE_URLS = {"staff_module_edit", "staff_module_delete", "staff_module_move", "staff_lesson_add"}
TRAINING_LESSON_URLS = {"staff_lesson_edit", "staff_lesson_delete", "staff_lesson_move", "staff_resource_add",
                        "lesson_detail"}
TRAINING_SESSION_URLS = {"staff_session_edit", "staff_session_delete"}
ASSIGN_COHORT_URLS = {"staff_assignment_list", "staff_assignment_create", "staff_submission_queue",
                      "staff_cohort_skills"}
TRAINING_PARTICIPANT_URLS = {"staff_participant_skills", "staff_skills_rate"}
# allauth's and the admin's own URLs are theirs to test; the matrix covers the portal's.
THIRD_PARTY_MODULES = ("allauth.", "django.contrib.admin")


def _portal_url_names(resolver=None, third_party=False):
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace == "admin" or module.startswith(THIRD_PARTY_MODULES):
                continue
            names |= _portal_url_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def test_access_matrix_lists_every_url():
    assert _portal_url_names() == set(MATRIX)


@pytest.fixture
def users(make_user):
    people = {role: make_user(role) for role in Role.values}
    people[ADMIN] = make_user(None, is_superuser=True, is_staff=True)
    people[ANON] = None
    return people


@pytest.fixture
def firm(users):
    """The firm the firm representative applied for, waiting for a decision."""
    return FirmFactory(representative=users[Role.FIRM])


@pytest.fixture
def job(users):
    job = JobFactory(created_by=users[Role.COORDINATOR], status=JobStatus.DONE)
    job.result_file.save("audit.csv", ContentFile(b"when,actor\n"), save=True)
    return job


@pytest.fixture
def application(users):
    from django.core.files.base import ContentFile

    application = ApplicationFactory(call=CallFactory(), applicant=users[Role.APPLICANT])
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    return application


@pytest.fixture
def question(application):
    return CallQuestion.objects.create(
        call=application.call, label_tg="Савол", label_ru="Вопрос", label_en="Question"
    )


@pytest.fixture
def submitted(application):
    """Another woman's submitted application to the same call, as staff see it."""
    return ApplicationFactory(
        call=application.call, complete=True, status="submitted", submitted_at=timezone.now(),
        reference="PAR-2026-99999",
    )


@pytest.fixture
def review(users, submitted):
    """The reviewer's review of the submitted application."""
    return ReviewFactory(application=submitted, reviewer=users[Role.REVIEWER])


@pytest.fixture
def offer(application, submitted):
    """Her offer in the call's confirmed cohort, and a coordinator's decision on another application."""
    cohort = CohortFactory(call=application.call)
    SelectionOverride.objects.create(application=submitted, action="include", reason="Interview")
    return OfferFactory(cohort=cohort, application=application)


@pytest.fixture
def participant(users, offer):
    """The participant's place in the offer's cohort."""
    return ParticipantFactory(cohort=offer.cohort, user=users[Role.PARTICIPANT])


@pytest.fixture
def matching(offer, firm):
    """The cohort's round with a run proposing a participant to the representative's firm, a pin, and
    that participant's published match with the firm."""
    from matching.models import Match, MatchingRound, MatchRun, PairRule, ProposedPair
    from tests.factories import ParticipantFactory

    participant = ParticipantFactory(cohort=offer.cohort)
    round_ = MatchingRound.objects.create(cohort=offer.cohort)
    run = MatchRun.objects.create(round=round_, algorithm="optimal", min_score=30, finished_at=timezone.now())
    ProposedPair.objects.create(run=run, participant=participant, firm=firm, score=70)
    rule = PairRule.objects.create(round=round_, participant=participant, firm=firm, kind="forbid",
                                   reason="Relatives")
    match = Match.objects.create(round=round_, participant=participant, firm=firm, started_at=timezone.now())
    return {"run": run, "rule": rule, "match": match, "participant": participant}


@pytest.fixture
def training(users, offer, participant):
    """The participant's cohort's curriculum (a module, a lesson with a link, the trainer's session), an
    assignment with her submission and its file, her peer group and her calendar feed."""
    from tests.factories import (
        AssignmentFactory,
        LessonFactory,
        ModuleFactory,
        PeerGroupFactory,
        PeerGroupMemberFactory,
        ResourceFactory,
        SessionFactory,
        SubmissionFactory,
    )
    from training.models import CalendarFeed, Certificate

    module = ModuleFactory(cohort=offer.cohort)
    lesson = LessonFactory(module=module)
    group = PeerGroupFactory(cohort=participant.cohort)
    PeerGroupMemberFactory(group=group, participant=participant)
    assignment = AssignmentFactory(cohort=offer.cohort)
    submission = SubmissionFactory(assignment=assignment, participant=participant)
    submission.file.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=True)
    return {"module": module, "lesson": lesson, "resource": ResourceFactory(lesson=lesson),
            "session": SessionFactory(cohort=offer.cohort, module=module, trainer=users[Role.TRAINER]),
            "group": group, "feed": CalendarFeed.objects.create(user=participant.user),
            "assignment": assignment, "submission": submission, "participant": participant,
            "certificate": Certificate.objects.create(participant=participant)}


def _training_kwargs(name, offer, training):
    if name == "outcomes_breakdown":
        return {"breakdown": "region"}
    if name == "outcomes_download":
        return {"fmt": "csv"}
    if name == "outcomes_targets":
        return {"pk": offer.cohort_id}
    if name == "session_attendance":
        return {"pk": training["session"].pk}
    if name in {"staff_cohort_progress", "staff_certificates_issue"}:
        return {"pk": offer.cohort_id}
    if name == "certificate_verify":
        return {"code": training["certificate"].code}
    if name in {"peer_group_detail", "staff_peer_group_rename"}:
        return {"pk": training["group"].pk}
    if name == "calendar_feed":
        return {"token": training["feed"].token}
    if name in TRAINING_COHORT_URLS | ASSIGN_COHORT_URLS:
        return {"pk": offer.cohort_id}
    if name in TRAINING_MODULE_URLS:
        return {"pk": training["module"].pk}
    if name in TRAINING_LESSON_URLS:
        return {"pk": training["lesson"].pk}
    if name in TRAINING_SESSION_URLS:
        return {"pk": training["session"].pk}
    if name == "staff_resource_delete":
        return {"pk": training["resource"].pk}
    if name in TRAINING_PARTICIPANT_URLS:
        kwargs = {"pk": training["participant"].pk}
        return kwargs | {"point": "start"} if name == "staff_skills_rate" else kwargs
    if name in {"assignment_detail", "staff_assignment_edit"}:
        return {"pk": training["assignment"].pk}
    if name in {"submission_file", "staff_submission_review"}:
        return {"pk": training["submission"].pk}
    if name == "skills_rate_self":
        return {"point": "start"}
    return None


def _report_kwargs(name, matching):
    from outcomes.models import FirmReport, ReportEvidence

    if name == "firm_report_edit":
        return {"month": f"{timezone.localdate():%Y-%m}"}
    report, _created = FirmReport.objects.get_or_create(
        firm=matching["match"].firm, month=timezone.localdate().replace(day=1),
        defaults={"match": matching["match"], "status": "submitted"},
    )
    if name == "firm_report_evidence":
        evidence = ReportEvidence(report=report, kind="receipt", content_type="application/pdf")
        evidence.file.save("receipt.pdf", ContentFile(b"%PDF-1.4 receipt"), save=True)
        return {"pk": evidence.pk}
    return {"pk": report.pk}


def _kwargs(name, job, application, question, submitted, offer, review, firm, matching):
    if name in FOLLOW_UP_URLS:
        from outcomes.models import FollowUp

        follow_up, _created = FollowUp.objects.get_or_create(
            participant=matching["participant"], months_after=3, defaults={"due_on": timezone.localdate()})
        return {"token": follow_up.token} if name == "follow_up_survey" else {"pk": follow_up.pk}
    if name in REPORT_URLS:
        return _report_kwargs(name, matching)
    if name in MONTHLY_URLS:
        from datetime import date

        from outcomes.monthly import monthly_report_build

        monthly_report_build(month=date(2026, 1, 1))
        return {"month": "2026-01"}
    if name in MATCH_COHORT_URLS:
        return {"pk": offer.cohort_id}
    if name in MATCH_RUN_URLS:
        return {"pk": matching["run"].pk}
    if name == "staff_match_rule_remove":
        return {"pk": matching["rule"].pk}
    if name == "staff_match_end":
        return {"pk": matching["match"].pk}
    if name == "my_firm_manager":
        return {"pk": matching["participant"].pk}
    if name in FIRM_URLS:
        return {"pk": firm.pk}
    if name in REVIEW_URLS:
        return {"pk": review.pk}
    if name in COHORT_CALL_URLS:
        return {"pk": application.call_id}
    if name in OFFER_URLS:
        return {"pk": offer.pk}
    if name in COHORT_URLS:
        return {"pk": offer.cohort_id}
    if name == "firm_preferences":
        return {"firm_pk": firm.pk, "pk": offer.cohort_id}
    if name == "staff_selection_override_remove":
        return {"pk": submitted.selection_override.pk}
    if name in STAFF_CALL_URLS:
        return {"pk": application.call_id}
    if name in STAFF_APPLICATION_URLS:
        return {"pk": submitted.pk}
    if name in JOB_URLS:
        return {"pk": job.pk}
    if name in CALL_URLS:
        return {"pk": application.call_id}
    if name in QUESTION_URLS:
        return {"pk": question.pk}
    if name == "application_step":
        return {"pk": application.pk, "step": "personal"}
    if name.startswith("application_") and name != "application_list":
        return {"pk": application.pk}
    return None


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access_matrix(client, users, job, application, question, submitted, offer, review, firm, participant,
                       matching, training,
                       name, role):
    method, expectations = MATRIX[name]
    expected = expectations[role]
    if users[role] is not None:
        client.force_login(users[role])
    kwargs = _training_kwargs(name, offer, training) or _kwargs(
        name, job, application, question, submitted, offer, review, firm, matching
    )
    url = reverse(name, kwargs=kwargs)
    data = {"language": "en", "next": "/"} if name == "language_set" else {}
    if name == "staff_firm_decline":
        data = {"reason": "The firm does not sell online yet."}
    if name == "staff_match_run_start":
        data = {"algorithm": "optimal"}
    if name in {"staff_module_move", "staff_lesson_move"}:
        data = {"direction": "down"}
    if name == "outcomes_download":
        from outcomes.aggregates import aggregates_refresh

        aggregates_refresh()
    response = getattr(client, method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected



# The IDOR battery: a person's own objects (her application, offer, firm, report, cohort pages, review,
# session) tried by another person of the same role answer 404. Public pages and pages a role reads
# programme-wide (trainers edit any cohort's curriculum; coordinators and donors read everything) are
# outside it; the matrix above covers them.
OWNED_BY_ROLE = {Role.APPLICANT, Role.PARTICIPANT, Role.FIRM, Role.REVIEWER}
TRAINER_OWNED = {"session_attendance", "submission_file", "staff_submission_review", "staff_submission_queue",
                 "staff_assignment_list", "staff_assignment_create", "staff_assignment_edit",
                 "staff_cohort_skills", "staff_participant_skills", "staff_skills_rate"}
PUBLIC = {name for name, (_method, expectations) in MATRIX.items() if expectations[ANON] != LOGIN}
# Reviewers read every submitted application of a call blind; anyone signed in may apply to an open call.
ROLE_WIDE = {name for name, (_method, expectations) in MATRIX.items() if expectations is STAFF_AND_BLIND}
ROLE_WIDE.add("application_start")


def _named_by_an_id(name: str) -> bool:
    """Tell whether the URL names an object; her own pages without arguments have nothing to swap."""
    try:
        reverse(name)
    except NoReverseMatch:
        return True
    return False


IDOR_CASES = sorted(
    [(name, role) for name in MATRIX for role in OWNED_BY_ROLE
     if name not in PUBLIC | ROLE_WIDE and MATRIX[name][1][role] in (PAGE, REDIRECT)
     and _named_by_an_id(name)]
    + [(name, Role.TRAINER) for name in TRAINER_OWNED]
)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), IDOR_CASES, ids=[f"{n}-{r}" for n, r in IDOR_CASES])
def test_another_persons_object_is_hidden(client, users, job, application, question, submitted, offer, review,
                                          firm, participant, matching, training, make_user, name, role):
    kwargs = _training_kwargs(name, offer, training) or _kwargs(
        name, job, application, question, submitted, offer, review, firm, matching
    )
    client.force_login(make_user(role))
    response = getattr(client, MATRIX[name][0])(reverse(name, kwargs=kwargs), {})
    assert response.status_code == HIDDEN


def test_idor_battery_covers_every_owned_object_url():
    with_ids = {name for name, _role in IDOR_CASES}
    assert {"application_detail", "application_cv", "offer_accept", "firm_report_evidence", "my_firm_manager",
            "review_detail", "submission_file", "session_attendance", "peer_group_detail"} <= with_ids


# The audit log records every opening of a named woman's data outside her own pages, and every download
# of a file of personal data; decisions, overrides and exports are recorded by their services (tested
# with each).
AUDITED_VIEWS = {
    "staff_application_detail": (Role.COORDINATOR, "application.viewed"),
    "firm_report_evidence": (Role.COORDINATOR, "outcomes.evidence_view"),
    "staff_follow_up": (Role.COORDINATOR, "outcomes.follow_up_view"),
    "staff_follow_ups": (Role.COORDINATOR, "outcomes.follow_ups_view"),
    "submission_file": (Role.TRAINER, "submission.file_viewed"),
    "job_download": (Role.COORDINATOR, "job.downloaded"),
    "outcomes_raw_export": (Role.COORDINATOR, "outcomes.raw_export"),
    "my_firm_manager": (Role.FIRM, "matching.manager_viewed"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", AUDITED_VIEWS)
def test_views_of_personal_data_are_on_the_audit_log(client, users, job, application, question, submitted,
                                                     offer, review, firm, participant, matching, training,
                                                     name):
    from parwona.core.models import AuditEntry

    role, action = AUDITED_VIEWS[name]
    kwargs = _training_kwargs(name, offer, training) or _kwargs(
        name, job, application, question, submitted, offer, review, firm, matching
    )
    client.force_login(users[role])

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200
    entries = AuditEntry.objects.filter(action=action)
    assert [(entry.actor_id, entry.action) for entry in entries] == [(users[role].pk, action)]

"""Her data export: everything the portal holds about her, and only hers."""

import io
import json
import zipfile
from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applicants import services as applicant_services
from applicants.enums import ApplicationStatus, Eligibility, OfferStatus
from parwona.core.models import AuditEntry
from parwona.core.personal_data import personal_data_sections
from tests.applicants.step_data import PDF_BYTES
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    CohortFactory,
    FirmFactory,
    OfferFactory,
    ParticipantFactory,
    PeerGroupMemberFactory,
    SessionFactory,
    SubmissionFactory,
)
from tests.factories.outcomes import EmploymentRecordFactory, FollowUpFactory, MatchFactory

JOINED = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
SUBMITTED = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def _download(client) -> tuple[dict, dict[str, bytes]]:
    response = client.get(reverse("personal_data_download"))
    assert response.status_code == 200
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/zip", 'attachment; filename="parwona-my-data.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("data.json")), files


@pytest.fixture
def her(make_user):
    return make_user("applicant", email="shahlo@example.tj", full_name="Шаҳло Ғафурова",
                     phone="+992931234567", language="ru", date_joined=JOINED)


@pytest.fixture
def application(her):
    call = CallFactory(title_ru="Набор 2026")
    question = call.questions.create(label_tg="Савол", label_ru="Откуда вы узнали?", label_en="Question")
    application = ApplicationFactory(
        call=call, applicant=her, complete=True, status=ApplicationStatus.SELECTED,
        reference="PAR-2026-00042", submitted_at=SUBMITTED, eligibility=Eligibility.ELIGIBLE,
        extra_answers={str(question.pk): "Аз Instagram"},
    )
    application.cv.save("my cv.pdf", ContentFile(PDF_BYTES), save=True)
    OfferFactory(cohort=CohortFactory(call=call), application=application, status=OfferStatus.DECLINED,
                 deadline=datetime(2026, 3, 1, tzinfo=UTC), decline_reason="Я переезжаю в Худжанд")
    return application


def test_personal_data_download_holds_her_account_applications_offer_and_cv(client, her, application):
    client.force_login(her)

    data, files = _download(client)

    assert set(data) == {"exported_at", "account", "applications", "matching", "training", "outcomes"}
    assert {k: v for k, v in data["account"].items() if k != "last_login"} == {
        "email": "shahlo@example.tj", "full_name": "Шаҳло Ғафурова", "phone": "+992931234567",
        "language": "ru", "date_joined": "2026-01-05T08:30:00+00:00", "roles": ["applicant"],
        "email_addresses": [{"email": "shahlo@example.tj", "verified": True, "primary": True}],
        "two_factor_methods": [],
    }
    [row] = data["applications"]
    assert {key: row[key] for key in [
        "id", "reference", "status", "call", "full_name", "date_of_birth", "phone", "email", "region",
        "city", "languages", "motivation", "cv", "submitted_at", "eligibility", "waiting_list_position",
        "participant", "answers_to_the_call_questions",
    ]} == {
        "id": application.pk, "reference": "PAR-2026-00042", "status": "selected", "call": "Набор 2026",
        "full_name": "Шаҳло Ғафурова", "date_of_birth": "1998-03-21", "phone": "+992931234567",
        "email": "shahlo@example.tj", "region": "gbao", "city": "Хоруғ",
        "languages": {"tg": "fluent", "ru": "good", "en": "basic", "uz": "none"},
        "motivation": application.motivation, "cv": application.cv.name,
        "submitted_at": "2026-02-01T10:00:00+00:00", "eligibility": "eligible",
        "waiting_list_position": None, "participant": None,
        "answers_to_the_call_questions": [{"question": "Откуда вы узнали?", "answer": "Аз Instagram"}],
    }
    assert "applicant_id" not in row and "steps_done" not in row
    assert {key: row["offer"][key] for key in ["status", "deadline", "decline_reason"]} == {
        "status": "declined", "deadline": "2026-03-01T00:00:00+00:00",
        "decline_reason": "Я переезжаю в Худжанд",
    }
    assert (data["matching"], data["training"], data["outcomes"]) == (
        {"firm_representative_of": None, "profiles": [], "her_ranking_of_firms": [], "matches": []},
        {"peer_groups": [], "attendance": [], "submissions": [], "skill_ratings": [], "certificates": []},
        {"follow_ups": [], "employment_records": []},
    )
    assert files == {"cv/PAR-2026-00042.pdf": PDF_BYTES}


def test_personal_data_download_is_audited_without_personal_data(client, her, application):
    client.force_login(her)

    _download(client)

    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert (entry.actor, entry.target_type, entry.target_id, entry.target_repr) == (her, None, "", "")
    assert entry.details == {
        "sections": ["account", "applications", "matching", "training", "outcomes"], "files": 1,
    }


def test_personal_data_download_holds_her_participant_records_from_every_stage(client, roles):
    participant = ParticipantFactory(user__full_name="Нигина Раҳимова")
    user = participant.user
    cohort = participant.cohort
    PeerGroupMemberFactory(group__cohort=cohort, group__name="Гурӯҳи Хуҷанд", participant=participant)
    session = SessionFactory(
        cohort=cohort, title="Маркетинги рақамӣ", starts_at=datetime(2026, 4, 2, 9, tzinfo=UTC)
    )
    session.attendance.create(participant=participant, status="present")
    submission = SubmissionFactory(assignment=AssignmentFactory(cohort=cohort, title_tg="Вазифаи мағоза"),
                                   participant=participant, text="Мағозаи ман дар LakLak")
    submission.file.save("shop.pdf", ContentFile(b"%PDF-1.4 shop"), save=True)
    MatchFactory(participant=participant, firm=FirmFactory(name="Атласи Хуҷанд"),
                 started_at=datetime(2026, 4, 1, tzinfo=UTC))
    FollowUpFactory(participant=participant, months_after=3, due_on=date(2026, 9, 1))
    EmploymentRecordFactory(participant=participant, as_of=date(2026, 9, 1), note="Кор дар ширкат")
    client.force_login(user)

    data, files = _download(client)

    assert data["applications"][0]["participant"] == {
        "id": participant.pk, "cohort": cohort.name, "joined_at": participant.joined_at.isoformat(),
    }
    assert data["training"]["peer_groups"] == ["Гурӯҳи Хуҷанд"]
    assert [(a["session"], a["starts_at"], a["status"]) for a in data["training"]["attendance"]] == [
        ("Маркетинги рақамӣ", "2026-04-02T09:00:00+00:00", "present")
    ]
    [handed_in] = data["training"]["submissions"]
    assert (handed_in["assignment"], handed_in["text"], handed_in["file"]) == (
        "Вазифаи мағоза", "Мағозаи ман дар LakLak", submission.file.name
    )
    assert "reviewed_by_id" not in handed_in
    [match] = data["matching"]["matches"]
    assert (match["firm"], match["started_at"], match["end_reason"]) == (
        "Атласи Хуҷанд", "2026-04-01T00:00:00+00:00", ""
    )
    [follow_up] = data["outcomes"]["follow_ups"]
    assert (follow_up["months_after"], follow_up["due_on"], "token" in follow_up) == (3, "2026-09-01", False)
    assert [(r["as_of"], r["status"], r["note"]) for r in data["outcomes"]["employment_records"]] == [
        ("2026-09-01", "host_formal", "Кор дар ширкат")
    ]
    # Her application has no CV: the file she handed in is the only one.
    stored = submission.file.name.rsplit("/", 1)[-1]
    assert files == {f"submissions/{submission.pk}-{stored}": b"%PDF-1.4 shop"}


def test_personal_data_download_holds_only_her_own_data(client, her, application, make_user):
    other = make_user("applicant", email="nigina@example.tj", full_name="Нигина Раҳимова")
    ApplicationFactory(applicant=other, complete=True, full_name="Нигина Раҳимова", email="nigina@example.tj")
    client.force_login(other)

    data, files = _download(client)

    text = json.dumps(data, ensure_ascii=False)
    assert data["account"]["email"] == "nigina@example.tj"
    assert [row["full_name"] for row in data["applications"]] == ["Нигина Раҳимова"]
    assert ("Шаҳло" in text, "shahlo@example.tj" in text, "PAR-2026-00042" in text, files) == (
        False, False, False, {}
    )


def test_personal_data_download_after_erasure_holds_no_erased_data(client, her, application):
    applicant_services.application_erase(application=application, actor=her)
    client.force_login(her)

    data, files = _download(client)

    assert data["applications"] == []
    assert files == {}
    text = json.dumps(data, ensure_ascii=False)
    # Her account keeps her name and address; the application's answers and her reason are gone.
    for erased in ["Хоруғ", "Аз Instagram", "Я переезжаю", "PAR-2026-00042", application.motivation[:30]]:
        assert erased not in text, erased


def test_personal_data_download_makes_a_bounded_number_of_queries(
    client, her, application, django_assert_num_queries
):
    client.force_login(her)
    client.get(reverse("personal_data_download"))  # warm the session and content-type caches
    with django_assert_num_queries(QUERIES) as one:
        _download(client)
    for _ in range(4):
        call = CallFactory()
        extra = ApplicationFactory(call=call, applicant=her, complete=True)
        extra.cv.save("cv.pdf", ContentFile(PDF_BYTES), save=True)
        OfferFactory(cohort=CohortFactory(call=call), application=extra)
    with django_assert_num_queries(len(one.captured_queries)):
        data, files = _download(client)
    assert (len(data["applications"]), len(files)) == (5, 5)


# A session, her account, roles, addresses and keys, a few per stage, the audit entry.
QUERIES = 22


def test_personal_data_page_offers_the_download_next_to_erasure(client, her, application):
    client.force_login(her)

    page = client.get(reverse("personal_data")).content.decode()
    detail = client.get(reverse("application_detail", kwargs={"pk": application.pk})).content.decode()

    assert f'href="{reverse("personal_data_download")}"' in page
    assert f'href="{reverse("personal_data")}"' in detail
    assert f'href="{reverse("application_erase", kwargs={"pk": application.pk})}"' in detail


def test_personal_data_sections_come_from_every_stage():
    assert [s.name for s in personal_data_sections()] == [
        "account", "applications", "matching", "training", "outcomes"
    ]

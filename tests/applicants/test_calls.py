"""The coordinator's management of calls and their extra questions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from applicants import call_services
from applicants.call_forms import CallForm, QuestionForm
from applicants.call_selectors import calls_with_counts
from applicants.enums import ApplicationStatus, CallStatus, QuestionKind
from applicants.models import Call, CallQuestion
from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import ApplicationFactory, CallFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]

LOCAL = "%Y-%m-%dT%H:%M"


def _call_values(**changes) -> dict:
    now = timezone.now().replace(second=0, microsecond=0)
    values = {
        "title_tg": "Даъвати PARWONA 2026", "title_ru": "Набор PARWONA 2026", "title_en": "PARWONA call 2026",
        "description_tg": "Барнома барои занон.", "description_ru": "Программа для женщин.",
        "description_en": "A programme for women.", "faq_tg": "", "faq_ru": "", "faq_en": "",
        "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=14), "cohort_size": 50,
        "regions": ["gbao", "khatlon"], "min_age": 18, "max_age": 45, "requires_residence": True,
        "requires_woman": True, "min_hours_per_week": 15, "retention_months": 24,
    }  # fmt: skip
    return values | changes


def _form_data(**changes) -> dict:
    data = _call_values(**changes)
    data["opens_at"] = timezone.localtime(data["opens_at"]).strftime(LOCAL)
    data["closes_at"] = timezone.localtime(data["closes_at"]).strftime(LOCAL)
    data["requires_residence"] = "on" if data["requires_residence"] else ""
    data["requires_woman"] = "on" if data["requires_woman"] else ""
    return data


def _question_values(**changes) -> dict:
    values = {
        "kind": QuestionKind.SHORT, "label_tg": "Шумо дар куҷо кор мекунед?", "label_ru": "Где вы работаете?",
        "label_en": "Where do you work?", "choices_text": "", "required": False,
    }  # fmt: skip
    return values | changes


def _question(call, label="Q", **changes) -> CallQuestion:
    values = _question_values(label_en=label, **changes)
    return CallQuestion.objects.create(call=call, position=call.questions.count(), **values)


def _submitted(call):
    return ApplicationFactory(
        call=call, complete=True, status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now()
    )


def _actions(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk").values_list("details", flat=True))


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def draft():
    return CallFactory(status=CallStatus.DRAFT)


# Services: calls


def test_call_create_saves_a_draft_and_audits_it(coordinator):
    call = call_services.call_create(actor=coordinator, values=_call_values())
    assert call.status == CallStatus.DRAFT
    assert call.regions == ["gbao", "khatlon"]
    entry = AuditEntry.objects.get(action="call.created")
    assert (entry.actor, entry.target_id) == (coordinator, str(call.pk))


def test_call_create_refuses_max_age_below_min_age(coordinator):
    with pytest.raises(ValidationError) as caught:
        call_services.call_create(actor=coordinator, values=_call_values(min_age=30, max_age=25))
    assert list(caught.value.message_dict) == ["max_age"]
    assert Call.objects.count() == 0


def test_call_update_audits_the_names_of_changed_fields(coordinator, draft):
    values = _call_values(opens_at=draft.opens_at, closes_at=draft.closes_at)
    call_services.call_update(call=draft, actor=coordinator, values=values)
    AuditEntry.objects.all().delete()
    call = call_services.call_update(
        call=draft, actor=coordinator, values=values | {"cohort_size": 80, "title_en": "Second call"}
    )
    assert (call.cohort_size, call.title_en) == (80, "Second call")
    assert _actions("call.updated") == [{"fields": ["cohort_size", "title_en"]}]


def test_call_update_without_changes_records_nothing(coordinator, draft):
    call_services.call_update(call=draft, actor=coordinator, values={"cohort_size": draft.cohort_size})
    assert AuditEntry.objects.count() == 0


def test_call_update_refuses_a_window_closing_before_it_opens(coordinator, draft):
    with pytest.raises(ValidationError) as caught:
        call_services.call_update(
            call=draft, actor=coordinator, values={"closes_at": draft.opens_at - timedelta(hours=1)}
        )
    assert list(caught.value.message_dict) == ["closes_at"]


def test_call_update_refuses_the_status(coordinator, draft):
    with pytest.raises(TypeError):
        call_services.call_update(call=draft, actor=coordinator, values={"status": CallStatus.OPEN})


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (CallStatus.DRAFT, CallStatus.OPEN),
        (CallStatus.OPEN, CallStatus.CLOSED),
        (CallStatus.CLOSED, CallStatus.OPEN),
    ],
)
def test_call_status_set_allows_open_close_and_reopen(coordinator, before, after):
    call = CallFactory(status=before)
    call = call_services.call_status_set(call=call, actor=coordinator, status=after)
    assert Call.objects.get(pk=call.pk).status == after
    assert _actions("call.status_changed") == [{"from": before, "to": after}]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (CallStatus.DRAFT, CallStatus.CLOSED),
        (CallStatus.OPEN, CallStatus.DRAFT),
        (CallStatus.CLOSED, CallStatus.DRAFT),
        (CallStatus.OPEN, "archived"),
    ],
)
def test_call_status_set_refuses_other_transitions(coordinator, before, after):
    call = CallFactory(status=before)
    with pytest.raises(ValidationError) as caught:
        call_services.call_status_set(call=call, actor=coordinator, status=after)
    assert caught.value.code == "transition"
    assert Call.objects.get(pk=call.pk).status == before
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("before", [CallStatus.DRAFT, CallStatus.CLOSED])
def test_call_status_set_refuses_opening_after_the_closing_date(coordinator, before):
    call = CallFactory(
        status=before,
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=1),
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call_services.call_status_set(call=call, actor=coordinator, status=CallStatus.OPEN)
    assert caught.value.messages == [
        "This call's closing date has passed. Set a later closing date before opening it."
    ]
    assert Call.objects.get(pk=call.pk).status == before


def test_call_status_set_to_the_same_status_changes_nothing(coordinator):
    call = CallFactory(status=CallStatus.OPEN)
    call_services.call_status_set(call=call, actor=coordinator, status=CallStatus.OPEN)
    assert AuditEntry.objects.count() == 0


# Services: questions


def test_question_add_appends_at_the_end_and_audits(coordinator, draft):
    first = call_services.question_add(call=draft, actor=coordinator, values=_question_values())
    second = call_services.question_add(
        call=draft,
        actor=coordinator,
        values=_question_values(kind=QuestionKind.SINGLE, choices_text=" Ҳа | Да | Yes \n\nНе | Нет | No\n"),
    )
    assert [(q.pk, q.position) for q in draft.questions.all()] == [(first.pk, 0), (second.pk, 1)]
    assert second.choices_text == "Ҳа | Да | Yes\nНе | Нет | No"
    assert _actions("call.question_added") == [
        {"question": first.pk, "kind": "short"},
        {"question": second.pk, "kind": "single"},
    ]


def test_question_add_refuses_a_choice_question_with_one_option(coordinator, draft):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call_services.question_add(
            call=draft,
            actor=coordinator,
            values=_question_values(kind=QuestionKind.MULTIPLE, choices_text="Ҳа | Да | Yes\n  \n"),
        )
    assert caught.value.message_dict == {
        "choices_text": ["A choice question needs at least two options, one a line."]
    }
    assert draft.questions.count() == 0


def test_question_add_drops_options_of_a_text_question(coordinator, draft):
    question = call_services.question_add(
        call=draft, actor=coordinator, values=_question_values(kind=QuestionKind.LONG, choices_text="a\nb")
    )
    assert question.choices_text == ""


@given(lines=st.lists(st.text(alphabet="ҳa |\t", max_size=6), max_size=5))
def test_question_values_check_accepts_two_options_with_tajik_text(lines):
    text = "\n".join(lines)
    kept = [line.strip() for line in lines if line.strip()]
    valid = len(kept) >= 2 and all(line.split("|")[0].strip() for line in kept)
    try:
        values = call_services.question_values_check({"kind": QuestionKind.SINGLE, "choices_text": text})
    except ValidationError as exc:
        assert valid is False
        assert list(exc.message_dict) == ["choices_text"]
    else:
        assert valid is True
        assert values["choices_text"] == "\n".join(kept)


def test_question_move_swaps_a_question_with_its_neighbour(coordinator, draft):
    first, _second, third = _question(draft, "1"), _question(draft, "2"), _question(draft, "3")
    call_services.question_move(question=third, actor=coordinator, direction="up")
    assert [q.label_en for q in draft.questions.all()] == ["1", "3", "2"]
    call_services.question_move(question=first, actor=coordinator, direction="down")
    assert [q.label_en for q in draft.questions.all()] == ["3", "1", "2"]
    assert [q.position for q in draft.questions.all()] == [0, 1, 2]
    assert _actions("call.question_moved") == [
        {"question": third.pk, "direction": "up"},
        {"question": first.pk, "direction": "down"},
    ]


def test_question_move_beyond_the_ends_changes_nothing(coordinator, draft):
    first, last = _question(draft, "1"), _question(draft, "2")
    call_services.question_move(question=first, actor=coordinator, direction="up")
    call_services.question_move(question=last, actor=coordinator, direction="down")
    assert [q.label_en for q in draft.questions.all()] == ["1", "2"]
    assert AuditEntry.objects.count() == 0


def test_question_move_orders_questions_of_equal_position(coordinator, draft):
    questions = [CallQuestion.objects.create(call=draft, **_question_values(label_en=n)) for n in ("1", "2")]
    call_services.question_move(question=questions[1], actor=coordinator, direction="up")
    assert [q.label_en for q in draft.questions.all()] == ["2", "1"]


def test_question_update_records_the_changed_fields(coordinator, draft):
    question = _question(draft)
    call_services.question_update(
        question=question, actor=coordinator, values=_question_values(label_en="Which city?", required=True)
    )
    question.refresh_from_db()
    assert (question.label_en, question.required) == ("Which city?", True)
    assert _actions("call.question_updated") == [
        {"question": question.pk, "fields": ["label_en", "required"]}
    ]


def test_question_delete_removes_the_question_and_audits(coordinator, draft):
    question = _question(draft, "Where do you work?")
    call_services.question_delete(question=question, actor=coordinator)
    assert draft.questions.count() == 0
    assert _actions("call.question_deleted") == [{"question": question.pk, "label": "Where do you work?"}]


def test_question_delete_is_refused_once_an_application_is_submitted(coordinator):
    call = CallFactory()
    question = _question(call)
    _submitted(call)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call_services.question_delete(question=question, actor=coordinator)
    assert caught.value.messages == [
        "Applications have been submitted with answers to this question: it can no longer be deleted."
    ]
    assert call.questions.count() == 1


def test_question_delete_is_allowed_with_drafts_only(coordinator):
    call = CallFactory()
    question = _question(call)
    ApplicationFactory(call=call, complete=True)
    call_services.question_delete(question=question, actor=coordinator)
    assert call.questions.count() == 0


def test_question_update_refuses_a_new_kind_once_an_application_is_submitted(coordinator):
    call = CallFactory()
    question = _question(call)
    _submitted(call)
    values = _question_values(kind=QuestionKind.SINGLE, choices_text="a\nb")
    with pytest.raises(ValidationError) as caught:
        call_services.question_update(question=question, actor=coordinator, values=values)
    assert list(caught.value.message_dict) == ["kind"]
    question.refresh_from_db()
    assert question.kind == QuestionKind.SHORT


def test_question_update_refuses_removing_options_once_an_application_is_submitted(coordinator):
    call = CallFactory()
    question = _question(call, kind=QuestionKind.SINGLE, choices_text="a\nb\nc")
    _submitted(call)
    values = _question_values(kind=QuestionKind.SINGLE, choices_text="a\nb")
    with pytest.raises(ValidationError) as caught:
        call_services.question_update(question=question, actor=coordinator, values=values)
    assert list(caught.value.message_dict) == ["choices_text"]


def test_question_update_rewords_options_once_an_application_is_submitted(coordinator):
    call = CallFactory()
    question = _question(call, kind=QuestionKind.SINGLE, choices_text="a\nb")
    _submitted(call)
    values = _question_values(kind=QuestionKind.SINGLE, choices_text="A\nB\nC", label_en="Reworded")
    question = call_services.question_update(question=question, actor=coordinator, values=values)
    assert (question.label_en, question.choices_text) == ("Reworded", "A\nB\nC")


# Selectors


def test_calls_with_counts_counts_submitted_applications_and_questions():
    call, other = CallFactory(), CallFactory()
    _submitted(call)
    _submitted(call)
    ApplicationFactory(call=call)
    _question(call)
    counts = {c.pk: (c.submitted_count, c.question_count) for c in calls_with_counts()}
    assert counts == {call.pk: (2, 1), other.pk: (0, 0)}


# Forms


def test_call_form_refuses_closing_before_opening():
    data = _form_data()
    data["closes_at"], data["opens_at"] = data["opens_at"], data["closes_at"]
    with translation.override("en"):
        form = CallForm(data)
        assert form.is_valid() is False
        assert form.errors == {"closes_at": ["The call must close after it opens."]}


def test_call_form_refuses_max_age_below_min_age():
    with translation.override("en"):
        form = CallForm(_form_data(min_age=40, max_age=30))
        assert form.is_valid() is False
        assert form.errors == {"max_age": ["The maximum age cannot be below the minimum age."]}


def test_call_form_reads_datetime_local_in_dushanbe_time_and_regions_as_a_list():
    form = CallForm(_form_data() | {"opens_at": "2026-03-01T09:00", "closes_at": "2026-03-15T18:00"})
    assert form.is_valid() is True
    assert form.values()["opens_at"].isoformat() == "2026-03-01T09:00:00+05:00"
    assert form.values()["regions"] == ["gbao", "khatlon"]


def test_call_form_groups_each_text_by_language():
    groups = CallForm().language_groups()
    assert [[field.name for field in fields] for _legend, fields in groups] == [
        ["title_tg", "title_ru", "title_en"],
        ["description_tg", "description_ru", "description_en"],
        ["faq_tg", "faq_ru", "faq_en"],
    ]


def test_question_form_with_locked_kind_keeps_the_kind(draft):
    question = _question(draft)
    data = _question_values(kind=QuestionKind.LONG, label_en="Changed")
    form = QuestionForm(data, instance=question, kind_locked=True)
    assert form.is_valid() is True
    assert (form.values()["kind"], form.values()["label_en"]) == (QuestionKind.SHORT, "Changed")


# Views


def test_staff_call_create_then_open_shows_the_call_on_the_public_list(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("staff_call_create"), _form_data())
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_call_edit", kwargs={"pk": call.pk})
    assert list(client.get(reverse("call_list")).context["calls"]) == []

    response = client.post(reverse("staff_call_status", kwargs={"pk": call.pk}), {"status": CallStatus.OPEN})
    assert response.status_code == 302
    assert list(client.get(reverse("call_list")).context["calls"]) == [call]


def test_staff_call_create_is_denied_to_a_reviewer(client, make_user):
    client.force_login(make_user(Role.REVIEWER))
    response = client.post(reverse("staff_call_create"), _form_data())
    assert response.status_code == 403
    assert Call.objects.count() == 0


def test_staff_call_list_shows_a_reviewer_no_links_to_edit(client, make_user, draft):
    client.force_login(make_user(Role.REVIEWER))
    response = client.get(reverse("staff_call_list"))
    assert (response.status_code, response.context["can_add"], response.context["can_change"]) == (
        200, False, False,
    )
    assert reverse("staff_call_edit", kwargs={"pk": draft.pk}) not in response.content.decode()


def test_staff_call_edit_saves_the_form_through_the_service(client, coordinator, draft):
    client.force_login(coordinator)
    data = _form_data(opens_at=draft.opens_at, closes_at=draft.closes_at, title_en="Renamed call")
    response = client.post(reverse("staff_call_edit", kwargs={"pk": draft.pk}), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Renamed call"
    assert "title_en" in _actions("call.updated")[0]["fields"]


def test_staff_call_status_shows_the_refusal(client, coordinator):
    call = CallFactory(
        status=CallStatus.CLOSED,
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=1),
    )
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    response = client.post(
        reverse("staff_call_status", kwargs={"pk": call.pk}), {"status": CallStatus.OPEN}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This call's closing date has passed. Set a later closing date before opening it."
    ]


def test_staff_question_add_shows_the_options_error_on_the_form(client, coordinator, draft):
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    response = client.post(
        reverse("staff_question_add", kwargs={"pk": draft.pk}),
        _question_values(kind=QuestionKind.SINGLE, choices_text="Ҳа | Да | Yes"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "choices_text": ["A choice question needs at least two options, one a line."]
    }


def test_staff_question_pages_add_move_and_delete(client, coordinator, draft):
    client.force_login(coordinator)
    client.post(reverse("staff_question_add", kwargs={"pk": draft.pk}), _question_values(label_en="First"))
    client.post(reverse("staff_question_add", kwargs={"pk": draft.pk}), _question_values(label_en="Second"))
    second = draft.questions.get(label_en="Second")
    client.post(reverse("staff_question_move", kwargs={"pk": second.pk}), {"direction": "up"})
    assert [q.label_en for q in draft.questions.all()] == ["Second", "First"]
    response = client.post(reverse("staff_question_delete", kwargs={"pk": second.pk}))
    assert response["Location"] == reverse("staff_call_edit", kwargs={"pk": draft.pk})
    assert [q.label_en for q in draft.questions.all()] == ["First"]


def test_staff_question_edit_is_denied_to_a_reviewer(client, make_user, draft):
    question = _question(draft)
    client.force_login(make_user(Role.REVIEWER))
    response = client.post(reverse("staff_question_edit", kwargs={"pk": question.pk}), _question_values())
    assert response.status_code == 403


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("staff_call_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_staff_call_list_issues_the_same_queries_for_one_call_and_thirty(client, coordinator):
    client.force_login(coordinator)
    _submitted(CallFactory())
    one = _list_queries(client)
    for call in CallFactory.create_batch(29):
        _question(call)
        _submitted(call)
    thirty = _list_queries(client)
    assert thirty == one


def test_home_shows_the_coordinator_the_calls_panel(client, coordinator):
    call = CallFactory()
    _submitted(call)
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    panels = {p["template"]: p["context"] for p in response.context["panels"]}
    shown = panels["applicants/panels/staff_calls.html"]
    assert [(c.pk, c.submitted_count) for c in shown["calls"]] == [(call.pk, 1)]
    assert reverse("staff_call_list") in [item["url"] for item in response.context["portal_nav"]]

"""Writes of the coordinator's management of calls and their extra questions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from parwona.core.services import audit_record
from parwona.users.models import User

from .call_selectors import call_has_submissions
from .enums import CallStatus, QuestionKind
from .models import Call, CallQuestion

# The fields of a call a coordinator edits; the status changes only through `call_status_set`.
CALL_FIELDS = [
    "title_tg", "title_ru", "title_en",
    "description_tg", "description_ru", "description_en",
    "faq_tg", "faq_ru", "faq_en",
    "opens_at", "closes_at", "cohort_size", "regions",
    "min_age", "max_age", "requires_residence", "requires_woman",
    "min_hours_per_week", "retention_months",
]  # fmt: skip
QUESTION_FIELDS = ["kind", "label_tg", "label_ru", "label_en", "choices_text", "required"]
CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}

# Where a call may go from each status. A closed call may be reopened (to extend it, say).
CALL_TRANSITIONS = {
    CallStatus.DRAFT: [CallStatus.OPEN],
    CallStatus.OPEN: [CallStatus.CLOSED],
    CallStatus.CLOSED: [CallStatus.OPEN],
}


def _fields_check(values: dict, allowed: list[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")


def call_values_check(values: dict) -> None:
    """Raise a ValidationError, by field, when the window or the ages of a call are out of order."""
    errors = {}
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("The call must close after it opens.")
    min_age, max_age = values.get("min_age"), values.get("max_age")
    if min_age is not None and max_age is not None and max_age < min_age:
        errors["max_age"] = _("The maximum age cannot be below the minimum age.")
    if values.get("cohort_size") is not None and values["cohort_size"] < 1:
        errors["cohort_size"] = _("A cohort needs at least one place.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(*, actor: User, values: dict) -> Call:
    """Create a call as a draft: the public sees it only once it is opened."""
    _fields_check(values, CALL_FIELDS)
    call = Call(**values, status=CallStatus.DRAFT)
    call_values_check({name: getattr(call, name) for name in CALL_FIELDS})
    call.save()
    audit_record(actor=actor, action="call.created", target=call)
    return call


@transaction.atomic
def call_update(*, call: Call, actor: User, values: dict) -> Call:
    """Change the fields of a call given in `values`; record which ones changed."""
    _fields_check(values, CALL_FIELDS)
    call = Call.objects.select_for_update().get(pk=call.pk)
    call_values_check({name: values.get(name, getattr(call, name)) for name in CALL_FIELDS})
    changed = sorted(name for name, value in values.items() if getattr(call, name) != value)
    if not changed:
        return call
    for name in changed:
        setattr(call, name, values[name])
    call.save(update_fields=changed)
    audit_record(actor=actor, action="call.updated", target=call, details={"fields": changed})
    return call


@transaction.atomic
def call_status_set(*, call: Call, actor: User, status: str) -> Call:
    """Open, close or reopen a call. Setting the status it already has changes nothing."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if status == call.status:
        return call
    if status not in CALL_TRANSITIONS.get(call.status, []):
        raise ValidationError(_("A call cannot go from this status to that one."), code="transition")
    if status == CallStatus.OPEN and call.closes_at <= timezone.now():
        raise ValidationError(
            _("This call's closing date has passed. Set a later closing date before opening it."),
            code="closed_window",
        )
    before = call.status
    call.status = status
    call.save(update_fields=["status"])
    audit_record(
        actor=actor, action="call.status_changed", target=call, details={"from": before, "to": status}
    )
    return call


def _option_lines(choices_text: str) -> list[str]:
    return [line.strip() for line in choices_text.splitlines() if line.strip()]


def question_values_check(values: dict) -> dict:
    """Return `values` with tidy options, or raise a ValidationError by field."""
    values = dict(values)
    if values.get("kind") not in CHOICE_KINDS:
        values["choices_text"] = ""
        return values
    lines = _option_lines(values.get("choices_text", ""))
    if len(lines) < 2:
        raise ValidationError(
            {"choices_text": _("A choice question needs at least two options, one a line.")}
        )
    if any(not line.split("|")[0].strip() for line in lines):
        raise ValidationError({"choices_text": _("Every option needs its Tajik text before the first |.")})
    values["choices_text"] = "\n".join(lines)
    return values


@transaction.atomic
def question_add(*, call: Call, actor: User, values: dict) -> CallQuestion:
    """Add an extra question at the end of the call's questions."""
    _fields_check(values, QUESTION_FIELDS)
    values = question_values_check(values)
    call = Call.objects.select_for_update().get(pk=call.pk)
    last = call.questions.aggregate(last=Max("position"))["last"]
    question = CallQuestion.objects.create(call=call, position=0 if last is None else last + 1, **values)
    audit_record(
        actor=actor, action="call.question_added", target=call,
        details={"question": question.pk, "kind": question.kind},
    )
    return question


@transaction.atomic
def question_update(*, question: CallQuestion, actor: User, values: dict) -> CallQuestion:
    """Change a question. Once applications are submitted its kind is fixed and options may not be removed,
    because the stored answers refer to them by number."""
    _fields_check(values, QUESTION_FIELDS)
    question = CallQuestion.objects.select_for_update().select_related("call").get(pk=question.pk)
    values = question_values_check(
        {name: values.get(name, getattr(question, name)) for name in QUESTION_FIELDS}
    )
    if call_has_submissions(question.call):
        if values["kind"] != question.kind:
            raise ValidationError(
                {"kind": _("Applications have been submitted with answers to this question: "
                           "its kind can no longer change.")}
            )
        if len(_option_lines(values["choices_text"])) < len(_option_lines(question.choices_text)):
            raise ValidationError(
                {"choices_text": _("Applications have been submitted with answers to this question: "
                                   "you may reword or add options, but not remove them.")}
            )
    changed = sorted(name for name, value in values.items() if getattr(question, name) != value)
    if not changed:
        return question
    for name in changed:
        setattr(question, name, values[name])
    question.save(update_fields=changed)
    audit_record(
        actor=actor, action="call.question_updated", target=question.call,
        details={"question": question.pk, "fields": changed},
    )
    return question


@transaction.atomic
def question_delete(*, question: CallQuestion, actor: User) -> None:
    """Delete a question no submitted application has answered."""
    question = CallQuestion.objects.select_for_update().select_related("call").get(pk=question.pk)
    if call_has_submissions(question.call):
        raise ValidationError(
            _("Applications have been submitted with answers to this question: it can no longer be deleted."),
            code="answered",
        )
    details = {"question": question.pk, "label": question.label_en or question.label_tg}
    question.delete()
    audit_record(actor=actor, action="call.question_deleted", target=question.call, details=details)


@transaction.atomic
def question_move(*, question: CallQuestion, actor: User, direction: str) -> None:
    """Move a question one place "up" or "down" among its call's questions.

    The positions are rewritten as 0, 1, 2... so that questions added with equal positions
    (by the admin, say) still move one step at a time.
    """
    if direction not in {"up", "down"}:
        raise ValidationError(_("Move a question up or down."), code="direction")
    call = Call.objects.select_for_update().get(pk=question.call_id)
    questions = list(call.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, row in enumerate(questions):
        row.position = position
    CallQuestion.objects.bulk_update(questions, ["position"])
    audit_record(
        actor=actor, action="call.question_moved", target=call,
        details={"question": question.pk, "direction": direction},
    )

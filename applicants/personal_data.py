"""Her applications' part of her data export: answers, offers, waiting-list places, participations."""

from parwona.core.personal_data import PersonalDataSection, json_value, model_row, personal_data_register

from .models import Application

# Bookkeeping of the form, not data about her.
_LEFT_OUT = ["applicant", "steps_done"]


def _applications(user):
    return (
        Application.objects.filter(applicant=user)
        .select_related("call", "offer", "waitlist_entry", "participant__cohort")
        .prefetch_related("call__questions")
        .order_by("pk")
    )


def _optional(application: Application, name: str):
    try:
        return getattr(application, name)
    except Application._meta.get_field(name).related_model.DoesNotExist:
        return None


def applications_collect(*, user) -> list[dict]:
    """Return each application still linked to her with its answers, offer, waiting-list place and
    cohort place. An erased application is not linked to her any more, so it is not here."""
    rows = []
    for application in _applications(user):
        offer = _optional(application, "offer")
        waiting = _optional(application, "waitlist_entry")
        participant = _optional(application, "participant")
        row = model_row(application, exclude=_LEFT_OUT)
        row["call"] = application.call.title
        row["answers_to_the_call_questions"] = [
            {"question": question, "answer": answer} for question, answer in application.extra_answer_items()
        ]
        row["offer"] = model_row(offer, exclude=["application", "replaces"]) if offer else None
        row["waiting_list_position"] = waiting.position if waiting else None
        row["participant"] = (
            {"id": participant.pk, "cohort": participant.cohort.name,
             "joined_at": json_value(participant.joined_at)}
            if participant else None
        )
        rows.append(row)
    return rows


def applications_files(*, user):
    """Return her CVs, named after their application."""
    for application in _applications(user).exclude(cv=""):
        extension = application.cv.name.rsplit(".", 1)[-1]
        yield f"cv/{application.reference or application.pk}.{extension}", application.cv


personal_data_register(section=PersonalDataSection(
    name="applications", collect=applications_collect, files=applications_files, order=10,
))

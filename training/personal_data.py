"""Training's part of her data export: peer group, attendance, submissions, skill ratings, certificate."""

from parwona.core.personal_data import PersonalDataSection, json_value, model_row, personal_data_register

from .models import Attendance, Certificate, PeerGroupMember, SkillRating, Submission

# Who among the staff marked or graded is the staff's record, not hers.
_STAFF = ["marked_by", "reviewed_by", "rated_by", "issued_by"]


def _submissions(user):
    return Submission.objects.filter(participant__user=user).select_related("assignment").order_by("pk")


def training_collect(*, user) -> dict:
    """Return what training holds about her as a participant."""
    groups = PeerGroupMember.objects.filter(participant__user=user).order_by("pk")
    marks = Attendance.objects.filter(participant__user=user).select_related("session").order_by("pk")
    return {
        "peer_groups": list(groups.values_list("group__name", flat=True)),
        "attendance": [
            model_row(mark, exclude=_STAFF) | {"session": mark.session.title,
                                                "starts_at": json_value(mark.session.starts_at)}
            for mark in marks
        ],
        "submissions": [
            model_row(submission, exclude=_STAFF) | {"assignment": submission.assignment.title}
            for submission in _submissions(user)
        ],
        "skill_ratings": [
            model_row(rating, exclude=_STAFF)
            for rating in SkillRating.objects.filter(participant__user=user).order_by("pk")
        ],
        "certificates": [
            model_row(certificate, exclude=_STAFF)
            for certificate in Certificate.objects.filter(participant__user=user).order_by("pk")
        ],
    }


def training_files(*, user):
    """Return the files she handed in with her assignments."""
    for submission in _submissions(user).exclude(file=""):
        yield f"submissions/{submission.pk}-{submission.file.name.rsplit('/', 1)[-1]}", submission.file


personal_data_register(section=PersonalDataSection(
    name="training", collect=training_collect, files=training_files, order=30,
))

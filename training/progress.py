"""Reads of training progress over whole cohorts: a fixed number of queries whatever the cohort's size.

The rules, computed here and nowhere else:

- Attendance rate: (present + late) / the sessions held so far (started by now) that were for her,
  leaving out those she was excused from. A session is for her when it is for the whole cohort, for her
  peer group, or she has a mark in it. A held session nobody marked her in counts as missed: the trainer
  marks everyone, so an unmarked row is a gap to fill, not a free pass. With no session counted the
  rate is unknown (None): no attendance flag, no certificate.
- Assignments passed: required assignments whose latest attempt passed, of the required ones.
- Overdue: assignments past their due time with no passed submission and no submission waiting for
  feedback (asked to resubmit or not passed counts as nothing handed in).
- Skills gained: the trainer's end rating minus her start rating, per skill where both exist, and
  their mean.
- Completion: the share of required assignments passed (None when the cohort has none).
- At risk: an attendance rate under the cohort's at_risk_attendance, or at least at_risk_overdue
  overdue assignments.
"""

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from django.db.models import Q
from django.utils import timezone

from applicants.models import Cohort, Participant

from .enums import ALL_SKILLS, AssessmentPoint, AttendanceStatus, Rater, SubmissionStatus
from .models import Assignment, Attendance, Certificate, Session, SkillRating, Submission, TrainingSettings

SKILL_LABELS = dict(ALL_SKILLS)


@dataclass(frozen=True)
class ProgressRow:
    """One participant's figures, as the progress pages and the certificate rule read them."""

    participant_id: int
    name: str
    sessions_counted: int
    sessions_attended: int
    attendance_rate: float | None  # percent, 0-100
    required_passed: int
    required_total: int
    overdue: int
    completion: float | None  # percent, 0-100
    skills_gained: float | None  # mean of end minus start, trainer's ratings
    low_attendance: bool
    many_overdue: bool
    certificate_code: str | None = None
    skills: dict[str, float] = field(default_factory=dict)

    @property
    def at_risk(self) -> bool:
        return self.low_attendance or self.many_overdue


def training_settings_for(*, cohort: Cohort) -> TrainingSettings:
    """Return the cohort's training settings, created with the defaults when it has none yet."""
    settings, _created = TrainingSettings.objects.get_or_create(cohort=cohort)
    return settings


def _frame(queryset, columns: list[str]) -> pd.DataFrame:
    """Return the queryset's `columns` as a frame; an empty one keeps integer keys so that merges match."""
    frame = pd.DataFrame.from_records(list(queryset.values_list(*columns)), columns=columns)
    if frame.empty:
        keys = [c for c in columns if c == "pk" or c.endswith("_id")]
        frame = frame.astype(dict.fromkeys(keys, "int64"))
    return frame


def _attendance(participants: pd.DataFrame, *, cohort_id: int, ids, now: datetime) -> pd.DataFrame:
    """Return per participant the sessions counted and attended (see the module's rule)."""
    sessions = _frame(
        Session.objects.filter(cohort_id=cohort_id, starts_at__lte=now), ["pk", "peer_group_id"]
    )
    marks = _frame(
        Attendance.objects.filter(session__cohort_id=cohort_id, session__starts_at__lte=now,
                                  participant_id__in=ids),
        ["session_id", "participant_id", "status"],
    )
    pairs = participants[["participant_id", "group_id"]].merge(sessions, how="cross")
    due = pairs["peer_group_id"].isna() | (pairs["peer_group_id"] == pairs["group_id"])
    pairs = pairs.loc[due, ["pk", "participant_id"]].rename(columns={"pk": "session_id"})
    pairs = pd.concat([pairs, marks[["session_id", "participant_id"]]]).drop_duplicates()
    pairs = pairs.merge(marks, how="left", on=["session_id", "participant_id"])
    counted = pairs["status"] != AttendanceStatus.EXCUSED
    attended = pairs["status"].isin([AttendanceStatus.PRESENT, AttendanceStatus.LATE])
    return pd.DataFrame({
        "participant_id": pairs["participant_id"],
        "counted": counted.astype(int),
        "attended": attended.astype(int),
    }).groupby("participant_id")[["counted", "attended"]].sum()


def _assignments(participants: pd.DataFrame, *, cohort_id: int, ids, now: datetime
                 ) -> tuple[pd.DataFrame, int]:
    """Return per participant the required assignments passed and the overdue ones, and the required total."""
    assignments = _frame(Assignment.objects.filter(cohort_id=cohort_id), ["pk", "required", "due_at"])
    submissions = _frame(
        Submission.objects.filter(assignment__cohort_id=cohort_id, participant_id__in=ids),
        ["assignment_id", "participant_id", "attempt", "status"],
    )
    required = set(assignments.loc[assignments["required"].astype(bool), "pk"])
    latest = submissions.sort_values("attempt").groupby(["assignment_id", "participant_id"]).tail(1)
    passed = latest[(latest["status"] == SubmissionStatus.PASSED) & latest["assignment_id"].isin(required)]
    passed = passed.groupby("participant_id").size().rename("required_passed")
    handed_in = submissions.loc[
        submissions["status"].isin([SubmissionStatus.PASSED, SubmissionStatus.SUBMITTED]),
        ["assignment_id", "participant_id"],
    ].drop_duplicates()
    past_due = assignments.loc[[due < now for due in assignments["due_at"]], ["pk"]]
    past_due = past_due.rename(columns={"pk": "assignment_id"})
    pairs = participants[["participant_id"]].merge(past_due, how="cross")
    pairs = pairs.merge(handed_in, how="left", on=["assignment_id", "participant_id"], indicator=True)
    overdue = pairs[pairs["_merge"] == "left_only"].groupby("participant_id").size().rename("overdue")
    return pd.concat([passed, overdue], axis=1), len(required)


def _skills(*, ids) -> pd.DataFrame:
    """Return per participant and skill the trainer's end rating minus the start rating."""
    ratings = _frame(
        SkillRating.objects.filter(participant_id__in=ids, rater=Rater.TRAINER,
                                   point__in=[AssessmentPoint.START, AssessmentPoint.END]),
        ["participant_id", "skill", "point", "rating"],
    )
    wide = ratings.pivot_table(index=["participant_id", "skill"], columns="point", values="rating")
    if AssessmentPoint.START not in wide or AssessmentPoint.END not in wide:
        return pd.DataFrame(columns=["participant_id", "skill", "gain"])
    gain = (wide[AssessmentPoint.END] - wide[AssessmentPoint.START]).dropna().rename("gain")
    return gain.reset_index()


def progress_rows(*, cohort: Cohort, participant_ids: list[int] | None = None, now: datetime | None = None,
                  settings: TrainingSettings | None = None) -> list[ProgressRow]:
    """Return the progress of the cohort's participants (or of `participant_ids` among them) by name."""
    now = now or timezone.now()
    settings = settings or training_settings_for(cohort=cohort)
    people = Participant.objects.filter(cohort=cohort)
    if participant_ids is not None:
        people = people.filter(pk__in=participant_ids)
    columns = ["pk", "user__full_name", "user__email", "peer_membership__group_id"]
    participants = _frame(people, columns).rename(
        columns={"pk": "participant_id", "peer_membership__group_id": "group_id"}
    )
    if participants.empty:
        return []
    ids = people.values("pk")
    attendance = _attendance(participants, cohort_id=cohort.pk, ids=ids, now=now)
    assignments, required_total = _assignments(participants, cohort_id=cohort.pk, ids=ids, now=now)
    skills = _skills(ids=ids)
    certificates = dict(
        Certificate.objects.filter(participant_id__in=ids).values_list("participant_id", "code")
    )

    table = participants.set_index("participant_id").join(attendance).join(assignments)
    table[["counted", "attended", "required_passed", "overdue"]] = (
        table.reindex(columns=["counted", "attended", "required_passed", "overdue"]).fillna(0).astype(int)
    )
    by_participant = skills.groupby("participant_id")
    mean_gain = by_participant["gain"].mean() if not skills.empty else pd.Series(dtype=float)
    gains = {pid: dict(zip(g["skill"], g["gain"], strict=True)) for pid, g in by_participant}

    rows = []
    for pid, row in table.iterrows():
        counted, attended = int(row["counted"]), int(row["attended"])
        rate = attended * 100 / counted if counted else None
        overdue = int(row["overdue"])
        passed = int(row["required_passed"])
        rows.append(ProgressRow(
            participant_id=int(pid),
            name=row["user__full_name"] or row["user__email"],
            sessions_counted=counted,
            sessions_attended=attended,
            attendance_rate=rate,
            required_passed=passed,
            required_total=required_total,
            overdue=overdue,
            completion=passed * 100 / required_total if required_total else None,
            skills_gained=float(mean_gain[pid]) if pid in mean_gain.index else None,
            # Compared in integers so that exactly 70% is never under 70% by a rounding error.
            low_attendance=counted > 0 and attended * 100 < settings.at_risk_attendance * counted,
            many_overdue=overdue >= settings.at_risk_overdue,
            certificate_code=certificates.get(int(pid)),
            skills={skill: float(gain) for skill, gain in gains.get(pid, {}).items()},
        ))
    rows.sort(key=lambda r: (r.name.casefold(), r.participant_id))
    return rows


def cohort_progress(*, cohort: Cohort, at_risk_only: bool = False, now: datetime | None = None,
                    settings: TrainingSettings | None = None) -> list[ProgressRow]:
    """Return the cohort's progress rows, those at risk first, each group in name order."""
    rows = progress_rows(cohort=cohort, now=now, settings=settings)
    if at_risk_only:
        rows = [row for row in rows if row.at_risk]
    return sorted(rows, key=lambda r: not r.at_risk)  # stable: names stay in order


def participant_progress(*, participant: Participant, now: datetime | None = None) -> ProgressRow | None:
    """Return her progress row (None if she is not in her cohort any more)."""
    rows = progress_rows(cohort=participant.cohort, participant_ids=[participant.pk], now=now)
    return rows[0] if rows else None


def participant_sessions(*, participant: Participant) -> list[dict]:
    """Return the sessions for her, newest first, each with her mark (None while not marked)."""
    sessions = (
        Session.objects.filter(cohort_id=participant.cohort_id)
        .filter(Q(peer_group__isnull=True) | Q(peer_group__memberships__participant=participant)
                | Q(attendance__participant=participant))
        .select_related("module").distinct().order_by("-starts_at", "-pk")
    )
    sessions = list(sessions)
    marks = dict(
        Attendance.objects.filter(participant=participant, session__in=[s.pk for s in sessions])
        .values_list("session_id", "status")
    )
    labels = dict(AttendanceStatus.choices)
    return [
        {"session": s, "status": marks.get(s.pk), "status_label": labels.get(marks.get(s.pk), "")}
        for s in sessions
    ]


def skill_label(skill: str) -> str:
    return str(SKILL_LABELS.get(skill, skill))

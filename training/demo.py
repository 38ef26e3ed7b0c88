"""Demo training: the pilot cohort's curriculum delivered from 21 April to 25 July 2025.

Thirteen modules (the eight technical skills and five soft ones) of two lessons each, two sessions a
week on Tuesdays and Thursdays (most online, the first and the last in Dushanbe) and one meeting of each
peer group of 5-6 participants from one region, attendance for every session that has taken place,
eight assignments done at the participant's firm with submissions, feedback and grades, and self and
trainer ratings of every skill at the start, the middle and the end.

Most participants meet the certificate's criteria; four attend under 70%, two attend about 75%, two let
two required assignments go overdue and one lets one, so the coordinator's page flags some at risk.
Certificates are not issued here. Runs after matching (order 60); once the pilot cohort has modules it
does nothing, so running it again changes nothing.
"""

import random
import re
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from applicants.demo import PILOT_CALL
from applicants.models import Cohort, Participant
from matching.models import Match
from parwona.users.demo import DEMO_DOMAIN
from parwona.users.models import User

from .certificates import certificates_issue
from .demo_content import ASSIGNMENTS, GRADE_OPENERS, MAIN_PLACE, MODULES, PEER_PLACES, REGION_NAMES
from .enums import AssessmentPoint, AttendanceStatus, Rater, SubmissionStatus
from .groups import groups_propose
from .models import (
    Assignment,
    Attendance,
    Certificate,
    Lesson,
    Module,
    PeerGroup,
    PeerGroupMember,
    Resource,
    Session,
    SkillRating,
    Submission,
    TrainingSettings,
)

_TZ = ZoneInfo("Asia/Dushanbe")
TRAINER = f"trainer@{DEMO_DOMAIN}"
PARTICIPANT = f"participant@{DEMO_DOMAIN}"
DEMO_COORDINATOR = f"coordinator@{DEMO_DOMAIN}"
LOW_ATTENDANCE, BORDERLINE, OVERDUE_TWO, OVERDUE_ONE = 4, 2, 2, 1
PENDING = 3
RESUBMIT_ODDS = 0.12
# Regions in an order where neighbours are close, so a group that must mix two regions mixes neighbours.
# Public holidays of 2025 on which nobody is asked to come: Victory Day, Eid al-Adha, National Unity Day.
HOLIDAYS = {date(2025, 5, 9), date(2025, 6, 6), date(2025, 6, 27)}
_LATIN = dict(zip(
    "абвгғдеёжзиӣйклмнопқрстуӯфхҳчҷшъыьэюя",
    ["a", "b", "v", "g", "gh", "d", "e", "yo", "zh", "z", "i", "i", "y", "k", "l", "m", "n", "o", "p",
     "q", "r", "s", "t", "u", "u", "f", "kh", "h", "ch", "j", "sh", "", "y", "", "e", "yu", "ya"],
    strict=True,
))


def shop_slug(name: str) -> str:
    """Return the Latin address part of a shop named `name` (Tajik Cyrillic transliterated)."""
    latin = "".join(_LATIN.get(ch, ch) for ch in name.lower())
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-") or "shop"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=_TZ)


# The plan: what is taught when


def _slots(starts: date, ends: date) -> list[datetime]:
    """Return the cohort's session times: Tuesdays at 14:00 and Thursdays at 10:00 between the dates."""
    first = starts + timedelta(days=(1 - starts.weekday()) % 7)
    slots = []
    week = first
    while week <= ends:
        thursday = week + timedelta(days=2)
        slots.extend(_at(day, hour) for day, hour in ((week, 14), (thursday, 10))
                     if day <= ends and day not in HOLIDAYS)
        week += timedelta(days=7)
    return slots


def _plan() -> list[tuple[int, int | None, str]]:
    """Return the cohort sessions in order as (module index, lesson index or None, title): each lesson,
    a practice of opening a shop and the closing session."""
    plan = []
    for m, module in enumerate(MODULES):
        for n, lesson in enumerate(module["lessons"]):
            plan.append((m, n, lesson["title"]["tg"]))
        if module["skill"] == "marketplace_operations":
            plan.append((m, None, "Машқ: дӯкон дар LakLak ва Alif Shop қадам ба қадам"))
    plan[0] = (0, 0, f"Оғози барнома: {plan[0][2].lower()}")
    plan.append((len(MODULES) - 1, None, "Ҷамъбасти барнома: баҳодиҳии ниҳоӣ ва нақшаҳои оянда"))
    return plan


# Drawing the data


def _profiles(rng: random.Random, emails: list[str]) -> dict[str, str]:
    """Choose who attends little, who misses assignments; the demo participant does neither."""
    others = [e for e in emails if e != PARTICIPANT]
    counts = [("low", LOW_ATTENDANCE), ("borderline", BORDERLINE), ("overdue2", OVERDUE_TWO),
              ("overdue1", OVERDUE_ONE)]
    chosen = rng.sample(others, min(len(others), sum(c for _k, c in counts)))
    profiles = dict.fromkeys(emails, "normal")
    for kind, count in counts:
        for email in chosen[:count]:
            profiles[email] = kind
        chosen = chosen[count:]
    return profiles


def _attendance_draw(rng: random.Random, *, sessions: list, profile: str) -> dict:
    """Return a status for each session: with the profile's number of absences, some excused."""
    n = len(sessions)
    if profile == "low":
        missed = round(n * rng.uniform(0.36, 0.44))
    elif profile == "borderline":
        missed = round(n * rng.uniform(0.22, 0.26))
    else:
        missed = min(n // 10, rng.choices([0, 1, 2, 3], weights=[30, 35, 25, 10])[0])
    away = set(rng.sample(range(n), missed))
    statuses = {}
    for i, session in enumerate(sessions):
        if i in away:
            # Only a regular participant's absences are sometimes excused, so no definition of the
            # rate lifts the others over a threshold.
            excused = profile == "normal" and rng.random() < 0.4
            statuses[session] = AttendanceStatus.EXCUSED if excused else AttendanceStatus.ABSENT
        else:
            late = rng.random() < (0.15 if profile == "low" else 0.06)
            statuses[session] = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
    return statuses


def _feedback(spec: dict, language: str, grade: int) -> str:
    comment = spec["good"] if grade >= 2 else spec["again"]
    return f"{GRADE_OPENERS[grade][language]} {comment[language]}"


def _grade(rng: random.Random, profile: str) -> int:
    weights = [40, 45, 15] if profile == "low" else [15, 45, 40]
    return rng.choices([2, 3, 4], weights=weights)[0]


def _answer(rng: random.Random, spec: dict, language: str, firm: str) -> str:
    orders = rng.randint(25, 140)
    return spec["answer"][language].format(
        firm=firm, orders=orders, total=f"{orders * rng.randint(90, 260):,}".replace(",", " ")
    )


def _submissions_draw(rng, *, people, assignments, trainer) -> list[tuple[Submission, datetime]]:
    """Return each participant's attempts at each assignment, with when each was sent."""
    required = [a for a, _spec in assignments if a.required]
    missing: dict[str, set[int]] = {}
    for person in people:
        count = {"overdue2": 2, "overdue1": 1}.get(person["profile"], 0)
        choices = [a for a in required if not (person["email"] == PARTICIPANT and a.position == 0)]
        missing[person["email"]] = {a.position for a in rng.sample(choices, count)}
    optional = [a for a, _spec in assignments if not a.required]
    regular = [p["email"] for p in people if p["profile"] == "normal" and p["email"] != PARTICIPANT]
    pending = set(rng.sample(regular, min(PENDING, len(regular)))) if optional else set()
    rows = []
    for person in people:
        email, language, profile = person["email"], person["language"], person["profile"]
        for assignment, spec in assignments:
            if assignment.position in missing[email]:
                continue
            if not assignment.required and rng.random() > (0.45 if profile == "low" else 0.8):
                continue
            link = f"https://laklak.tj/shop/{shop_slug(person['firm'])}" if spec["link"] else ""
            sent = assignment.due_at - timedelta(hours=rng.randint(2, 96))
            common = {"assignment": assignment, "participant_id": person["pk"], "link": link}
            text = _answer(rng, spec, language, person["firm"])
            is_pending = email in pending and assignment == optional[-1]
            again = (spec["again"] is not None and rng.random() < RESUBMIT_ODDS
                     and not (email == PARTICIPANT and assignment.position == 0) and not is_pending)
            if again:
                reviewed = sent + timedelta(hours=rng.randint(12, 60))
                rows.append((Submission(
                    **common, attempt=1, text=text, status=SubmissionStatus.RESUBMIT, grade=1,
                    feedback=_feedback(spec, language, 1), reviewed_by=trainer, reviewed_at=reviewed,
                ), sent))
                sent = reviewed + timedelta(hours=rng.randint(6, 72))
            if is_pending:
                rows.append((Submission(**common, attempt=1, text=text), sent))
                continue
            grade = rng.choice([3, 4]) if email == PARTICIPANT else _grade(rng, profile)
            rows.append((Submission(
                **common, attempt=2 if again else 1, text=text, status=SubmissionStatus.PASSED, grade=grade,
                feedback=_feedback(spec, language, grade), reviewed_by=trainer,
                reviewed_at=sent + timedelta(hours=rng.randint(12, 72)),
            ), sent))
    return rows


def _ratings_draw(rng, *, people, skills, trainer) -> list[SkillRating]:
    """Return self and trainer ratings of each skill at each point: growth for all, less for those who
    attend little, and some noise."""
    points = [(AssessmentPoint.START, 0.0), (AssessmentPoint.MIDDLE, 0.5), (AssessmentPoint.END, 1.0)]
    rows = []
    for person in people:
        ability = rng.gauss(0, 0.5)
        growth = rng.gauss(0.8 if person["profile"] == "low" else 1.5, 0.35)
        modesty = rng.gauss(-0.15, 0.3)
        for skill in skills:
            base = 2.1 + ability + rng.gauss(0, 0.45)
            for point, share in points:
                level = base + growth * share
                trainer_rating = level + rng.gauss(0, 0.3)
                self_rating = level + modesty + rng.gauss(0, 0.45)
                for rater, value, by in ((Rater.SELF, self_rating, person["user_id"]),
                                         (Rater.TRAINER, trainer_rating, trainer.pk if trainer else None)):
                    rows.append(SkillRating(
                        participant_id=person["pk"], skill=skill, point=point, rater=rater,
                        rating=min(5, max(1, round(value))), rated_by_id=by,
                    ))
    return rows


# Writing it


def _people(cohort: Cohort, rng: random.Random) -> list[dict]:
    participants = list(
        Participant.objects.filter(cohort=cohort).select_related("user", "application")
        .order_by("user__email")
    )
    firms = dict(
        Match.objects.filter(participant__cohort=cohort, ended_at__isnull=True).values_list(
            "participant_id", "firm__name"
        )
    )
    profiles = _profiles(rng, [p.user.email for p in participants])
    return [
        {
            "pk": p.pk, "user_id": p.user_id, "email": p.user.email, "profile": profiles[p.user.email],
            "language": p.application.preferred_language if p.application.preferred_language in
            ("tg", "ru", "en") else "tg",
            "region": p.application.region or "dushanbe",
            "firm": firms.get(p.pk) or p.user.full_name or "PARWONA",
        }
        for p in participants
    ]


def _curriculum_create(cohort: Cohort) -> list[Module]:
    modules = Module.objects.bulk_create([
        Module(
            cohort=cohort, kind=spec["kind"], skill=spec["skill"], position=position,
            **{f"title_{k}": v for k, v in spec["title"].items()},
            **{f"summary_{k}": v for k, v in spec["summary"].items()},
        )
        for position, spec in enumerate(MODULES, start=1)
    ])
    pairs = [(module, spec) for module, spec in zip(modules, MODULES, strict=True)]
    lessons = Lesson.objects.bulk_create([
        Lesson(module=module, position=position, **{f"title_{k}": v for k, v in lesson["title"].items()},
               **{f"body_{k}": v for k, v in lesson["body"].items()})
        for module, spec in pairs for position, lesson in enumerate(spec["lessons"], start=1)
    ])
    specs = [lesson for _module, spec in pairs for lesson in spec["lessons"]]
    Resource.objects.bulk_create([
        Resource(lesson=lesson, title=title, url=url, position=position)
        for lesson, spec in zip(lessons, specs, strict=True)
        for position, (title, url) in enumerate(spec["resources"], start=1)
    ])
    return modules


def _groups_create(cohort: Cohort, people: list[dict]) -> dict[int, list[dict]]:
    """Create the peer groups by region with the coordinators' own rule; return their members by group pk."""
    by_pk = {p["pk"]: p for p in people}
    table = pd.DataFrame({"participant": list(by_pk), "region": [p["region"] for p in by_pk.values()]})
    proposed = groups_propose(table, by="region")
    numbers: Counter = Counter()
    groups, members = [], []
    for ids in proposed:
        people_in = [by_pk[pk] for pk in ids]
        region = Counter(p["region"] for p in people_in).most_common(1)[0][0]
        numbers[region] += 1
        groups.append(PeerGroup(cohort=cohort, name=f"{REGION_NAMES.get(region, region)} {numbers[region]}"))
        members.append(people_in)
    groups = PeerGroup.objects.bulk_create(groups)
    PeerGroupMember.objects.bulk_create([
        PeerGroupMember(group=group, participant_id=p["pk"])
        for group, people_in in zip(groups, members, strict=True) for p in people_in
    ])
    for group, people_in in zip(groups, members, strict=True):
        group.region = Counter(p["region"] for p in people_in).most_common(1)[0][0]
    return {group.pk: (group, people_in) for group, people_in in zip(groups, members, strict=True)}


def _sessions_create(cohort, modules, groups, trainer, rng) -> list[Session]:
    slots = _slots(cohort.starts_on, cohort.ends_on)
    plan = _plan()
    rows = []
    for (m, _lesson, title), starts in zip(plan, slots, strict=False):
        first_or_last = not rows or len(rows) == len(plan) - 1
        skill = modules[m].skill.replace("_", "-")
        rows.append(Session(
            cohort=cohort, module=modules[m], title=title, starts_at=starts,
            duration_minutes=120 if first_or_last else rng.choice([90, 90, 120]),
            online_url=f"https://meet.jit.si/parwona-pilot-{skill}-{len(rows) + 1:02d}",
            place=MAIN_PLACE if first_or_last else "", trainer=trainer,
        ))
    # Each peer group meets once from the middle of the programme on, in person where it can, on a
    # Monday, Wednesday or Friday of its own, so that the trainer can be at every meeting.
    middle = slots[len(slots) // 2].date()
    day, days = middle - timedelta(days=middle.weekday()), []
    while len(days) < len(groups):
        if day.weekday() in (0, 2, 4) and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    cohort_rows = list(rows)
    for i, ((group, _members), day) in enumerate(zip(groups.values(), days, strict=True)):
        place = PEER_PLACES.get(group.region, "")
        starts = _at(day, 16)
        current = max((r for r in cohort_rows if r.starts_at < starts), key=lambda r: r.starts_at)
        rows.append(Session(
            cohort=cohort, module=current.module, peer_group=group,
            title=f"Гурӯҳи ҳамтоён «{group.name}»: мубодилаи таҷриба", starts_at=starts,
            duration_minutes=90, place=place,
            online_url="" if place else f"https://meet.jit.si/parwona-pilot-peers-{i + 1:02d}",
            trainer=trainer,
        ))
    now = timezone.now()
    for row in rows:
        if row.starts_at < now:
            row.reminded_at = row.starts_at - timedelta(days=1)
    return Session.objects.bulk_create(rows)


def _assignments_create(cohort, modules, sessions) -> list[tuple[Assignment, dict]]:
    by_skill = {m.skill: m for m in modules}
    taught: dict[int, list[Session]] = defaultdict(list)
    for s in sessions:
        if s.peer_group_id is None:
            taught[s.module_id].append(s)
    rows = []
    for position, spec in enumerate(ASSIGNMENTS):
        module = by_skill[spec["skill"]]
        lesson = taught[module.pk][min(spec["lesson"], len(taught[module.pk]) - 1)]
        due = _at(lesson.starts_at.astimezone(_TZ).date() + timedelta(days=7), 23, 59)
        rows.append(Assignment(
            cohort=cohort, module=module, due_at=due, required=spec["required"], pass_grade=2,
            position=position, **{f"title_{k}": v for k, v in spec["title"].items()},
            **{f"instructions_{k}": v for k, v in spec["instructions"].items()},
        ))
    return list(zip(Assignment.objects.bulk_create(rows), ASSIGNMENTS, strict=True))


@transaction.atomic
def demo_training_create(*, rng: random.Random, cohort: Cohort) -> None:
    """Create the pilot's curriculum, groups, sessions, attendance, assignments and ratings in bulk."""
    trainer = User.objects.filter(email=TRAINER).first()
    people = _people(cohort, rng)
    TrainingSettings.objects.get_or_create(cohort=cohort)
    modules = _curriculum_create(cohort)
    groups = _groups_create(cohort, people)
    sessions = _sessions_create(cohort, modules, groups, trainer, rng)
    now = timezone.now()
    member_of = {p["pk"]: gpk for gpk, (_g, members) in groups.items() for p in members}
    attendance = []
    for person in people:
        concerned = [s for s in sessions if s.starts_at < now
                     and s.peer_group_id in (None, member_of.get(person["pk"]))]
        for session, status in _attendance_draw(rng, sessions=concerned, profile=person["profile"]).items():
            attendance.append(Attendance(session=session, participant_id=person["pk"], status=status,
                                         marked_by=trainer))
    Attendance.objects.bulk_create(attendance, batch_size=1000)
    # The trainer calls the roll when the session starts.
    Attendance.objects.filter(session__cohort=cohort).update(
        marked_at=Subquery(Session.objects.filter(pk=OuterRef("session_id")).values("starts_at")[:1])
    )
    assignments = _assignments_create(cohort, modules, sessions)
    drawn = [(s, sent) for s, sent in _submissions_draw(rng, people=people, assignments=assignments,
                                                        trainer=trainer) if sent < now]
    submissions = Submission.objects.bulk_create([s for s, _sent in drawn], batch_size=1000)
    for row, (_s, sent) in zip(submissions, drawn, strict=True):
        row.submitted_at = sent
    Submission.objects.bulk_update(submissions, ["submitted_at"], batch_size=1000)
    SkillRating.objects.bulk_create(
        _ratings_draw(rng, people=people, skills=[m.skill for m in modules], trainer=trainer),
        batch_size=2000,
    )
    # Her own rating first, the trainer's a few days later, in the first, middle and last weeks.
    days = {AssessmentPoint.START: cohort.starts_on, AssessmentPoint.END: cohort.ends_on - timedelta(days=2),
            AssessmentPoint.MIDDLE: cohort.starts_on + (cohort.ends_on - cohort.starts_on) / 2}
    for point, day in days.items():
        for rater, offset in ((Rater.SELF, 0), (Rater.TRAINER, 2)):
            SkillRating.objects.filter(participant__cohort=cohort, point=point, rater=rater).update(
                rated_at=_at(day + timedelta(days=offset), 18)
            )


def _summary(cohort: Cohort) -> list[str]:
    marks = Attendance.objects.filter(session__cohort=cohort).aggregate(
        all=Count("pk"),
        came=Count("pk", filter=Q(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE])),
    )
    rate = round(100 * marks["came"] / marks["all"]) if marks["all"] else 0
    submissions = Submission.objects.filter(assignment__cohort=cohort)
    return [
        f"Training of {cohort.name}: {Module.objects.filter(cohort=cohort).count()} modules, "
        f"{Lesson.objects.filter(module__cohort=cohort).count()} lessons, "
        f"{Session.objects.filter(cohort=cohort).count()} sessions (attendance {rate}% of "
        f"{marks['all']} marks), {Assignment.objects.filter(cohort=cohort).count()} assignments with "
        f"{submissions.count()} submissions ({submissions.filter(attempt__gt=1).count()} resubmitted), "
        f"{SkillRating.objects.filter(participant__cohort=cohort).count()} skill ratings, "
        f"{PeerGroup.objects.filter(cohort=cohort).count()} peer groups; {TRAINER} teaches; "
        f"{Certificate.objects.filter(participant__cohort=cohort).count()} certificates issued."
    ]


def demo_training_seed(*, rng: random.Random, seed: int, scale: int) -> list[str]:
    """Deliver the pilot cohort's training once it has participants; skip once it has modules."""
    cohort = Cohort.objects.filter(call__title_en=PILOT_CALL["title_en"]).first()
    if cohort is None or cohort.starts_on is None or not Participant.objects.filter(cohort=cohort).exists():
        return []
    if not Module.objects.filter(cohort=cohort).exists():
        demo_training_create(rng=rng, cohort=cohort)
        # The pilot has ended: those who met its criteria have their certificates.
        certificates_issue(cohort=cohort, actor=User.objects.filter(email=DEMO_COORDINATOR).first())
    return _summary(cohort)

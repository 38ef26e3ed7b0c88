"""The applicants the load bench drives, prepared before the run and checked after it.

`python -m bench.load_data prepare DIR N RESERVE` (Django configured on the bench database) removes
the applicants of an earlier run, creates N + RESERVE applicants with an empty draft each in the open
call (through `application_start`), signs each in with Django's test client and gives her a CSRF
token, and writes DIR/applicants.lua (the table bench/lua/submissions.lua reads) and DIR/meta.json.
`python -m bench.load_data floor-rows` prints how many rows the insert floor has written.
`python -m bench.load_data verify DIR COUNTS` compares the database with the responses the Lua script
counted (COUNTS, its JSON line) and prints what it found; it exits non-zero when rows did not change.
"""

import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import django

DOMAIN = "load.bench.parwona.tj"

# One valid answer for each step, as her phone posts it (the personal step adds her own email).
STEP_ANSWERS = {
    "personal": {
        "full_name": "Нилуфар Раҳимова",
        "date_of_birth": "1998-04-12",
        "phone": "+992 93 123 45 67",
        "preferred_language": "tg",
        "is_woman": "True",
        "lives_in_tajikistan": "True",
    },
    "location": {"region": "khatlon", "city": "Bokhtar", "settlement": "rural"},
    "education": {"education": "bachelor", "language_tg": "fluent", "language_ru": "good",
                  "language_en": "basic", "language_uz": "none"},
    "skills": {"computer_level": "intermediate", "has_smartphone": "True", "social_media": "selling",
               "marketplaces": ["laklak", "alif_shop"], "ai_use": "daily"},
    "work": {"employment": "informal", "hours_per_week": "20", "device": "both", "internet": "fair",
             "can_travel": "True"},
    "motivation": {
        "motivation": "Ман дар Instagram либос мефурӯшам ва мехоҳам мағозаи худро дар LakLak кушоям.",
        "goal": "Дар як сол ман менеҷери тиҷорати электронии як ширкати тоҷикӣ шудан мехоҳам.",
    },
    "documents": {"consent": "on"},
}


def _open_call():
    from applicants.enums import CallStatus
    from applicants.models import Call

    return next(c for c in Call.objects.filter(status=CallStatus.OPEN).order_by("pk") if c.is_accepting)


def _question_answers(call) -> dict:
    """Answer each question of the call: the first option of a choice, a short text otherwise."""
    from applicants.enums import QuestionKind

    answers = {}
    for question in call.questions.all():
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            answers[f"question_{question.pk}"] = question.options()[0][0]
        else:
            answers[f"question_{question.pk}"] = "Telegram"
    return answers


def _clear() -> None:
    """Remove the applicants of an earlier run, their applications and what their submits wrote."""
    from django.contrib.sessions.models import Session

    from applicants.models import Application
    from parwona.core.models import AuditEntry
    from parwona.users.models import User

    users = {str(pk) for pk in User.objects.filter(email__endswith=DOMAIN).values_list("pk", flat=True)}
    if not users:
        return
    pks = [str(pk) for pk in Application.objects.filter(email__endswith=DOMAIN).values_list("pk", flat=True)]
    AuditEntry.objects.filter(action="application.submitted", target_id__in=pks).delete()
    Application.objects.filter(email__endswith=DOMAIN).delete()
    Session.objects.filter(
        session_key__in=[
            s.session_key for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") in users
        ]
    ).delete()
    User.objects.filter(email__endswith=DOMAIN).delete()


def prepare(directory: Path, n: int, reserve: int) -> dict:
    """Create the applicants with their drafts and signed-in sessions; write the Lua table."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.middleware.csrf import get_token
    from django.test import Client, RequestFactory

    from applicants.services import application_start
    from parwona.users.enums import Role
    from parwona.users.models import User

    started = time.perf_counter()
    _clear()
    call = _open_call()
    unusable = make_password(None)  # they sign in through force_login only
    users = User.objects.bulk_create(
        [User(email=f"applicant{i:05d}@{DOMAIN}", full_name=f"Applicant {i}", language="tg",
              password=unusable) for i in range(n + reserve)]
    )
    group = Group.objects.get(name=Role.APPLICANT)
    User.groups.through.objects.bulk_create([User.groups.through(user=u, group=group) for u in users])
    factory = RequestFactory()
    rows = []
    for user in users:
        application = application_start(call=call, user=user)
        client = Client()
        client.force_login(user)
        request = factory.get("/")
        token = get_token(request)
        cookie = f"{_session(client)}; {settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}"
        rows.append({"pk": application.pk, "cookie": cookie, "token": token, "email": user.email})
    answers = dict(STEP_ANSWERS, motivation={**STEP_ANSWERS["motivation"], **_question_answers(call)})
    steps = [{"slug": slug, "body": urlencode(values, doseq=True)} for slug, values in answers.items()]
    (directory / "applicants.lua").write_text(
        "return {\n"
        f"  steps = {_lua(steps)},\n"
        '  submit = "confirm=1",\n'
        f"  pool = {_lua(rows[:n])},\n"
        f"  reserve = {_lua(rows[n:])},\n"
        "}\n"
    )
    coordinator = Client()
    coordinator.force_login(User.objects.get(email="coordinator@demo.parwona.tj"))
    meta = {
        "call": call.pk,
        "call_applications": call.applications.filter(submitted_at__isnull=False).count(),
        "coordinator_cookie": _session(coordinator),
        "reader": {"pk": rows[n]["pk"], "cookie": rows[n]["cookie"]},
        "pool": [row["pk"] for row in rows[:n]],
        "reserve": [row["pk"] for row in rows[n:]],
        "seconds": round(time.perf_counter() - started, 1),
        "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    }
    (directory / "meta.json").write_text(json.dumps(meta))
    return meta


def _session(client) -> str:
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _lua(rows: list[dict]) -> str:
    """Write a list of flat dicts of ints and strings as a Lua table."""
    def value(v):
        return str(v) if isinstance(v, int) else json.dumps(v, ensure_ascii=False)

    return "{\n" + "".join(
        "    {" + ", ".join(f"{k} = {value(v)}" for k, v in row.items()) + "},\n" for row in rows
    ) + "  }"


def verify(directory: Path, counts: dict) -> dict:
    """Compare the drafts and submissions in the database with the responses counted by wrk.

    A request still in flight when wrk stops may have been served without wrk counting its answer, so
    a count may exceed the answers by up to the number sent but unanswered, never fall short of them.
    """
    from applicants.enums import ApplicationStatus
    from applicants.models import Application

    meta = json.loads((directory / "meta.json").read_text())
    pool = Application.objects.filter(pk__in=meta["pool"])
    steps_saved = sum(len(done) for done in pool.values_list("steps_done", flat=True))
    submitted = pool.filter(status=ApplicationStatus.SUBMITTED, reference__isnull=False).count()
    reserve_touched = Application.objects.filter(pk__in=meta["reserve"]).exclude(steps_done=[]).count()
    found = {"steps_saved": steps_saved, "submitted": submitted, "reserve_touched": reserve_touched}
    problems = []
    if not counts["ok_step"] <= steps_saved <= counts["sent_step"]:
        problems.append(f"{steps_saved} steps saved for {counts['ok_step']} redirects "
                        f"of {counts['sent_step']} step POSTs")
    if not counts["ok_submit"] <= submitted <= counts["sent_submit"]:
        problems.append(f"{submitted} applications submitted for {counts['ok_submit']} redirects "
                        f"of {counts['sent_submit']} submits")
    if counts["ok_reserve"] and reserve_touched < min(len(meta["reserve"]), counts["ok_reserve"]):
        problems.append(f"{reserve_touched} reserve drafts saved for {counts['ok_reserve']} redirects")
    found["problems"] = problems
    return found


def floor_rows() -> int:
    from bench.models import FloorRow

    return FloorRow.objects.count()


if __name__ == "__main__":
    django.setup()
    command, *arguments = sys.argv[1:]
    if command == "prepare":
        print(json.dumps(prepare(Path(arguments[0]), int(arguments[1]), int(arguments[2]))))
    elif command == "verify":
        print(json.dumps(verify(Path(arguments[0]), json.loads(arguments[1]))))
    elif command == "floor-rows":
        print(floor_rows())

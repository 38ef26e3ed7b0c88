"""Automatic scoring of applications under their call's rubric.

The rubric turns answers into 0-10 points per criterion; `scores_compute` applies it to a whole
call at once in pandas and writes the scores back in one set-based statement. Every submitted
eligible application gets a pending score row at once; the status is the truth about work still
to do, so a lost message is made good by `scores_sweep`.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parwona.core.jobs import job_handler
from parwona.core.services import audit_record
from parwona.users.models import User

from .enums import (
    AIUse,
    ApplicationStatus,
    ComputerLevel,
    CriterionSource,
    Eligibility,
    Employment,
    Region,
    ScoreStatus,
    Settlement,
    SocialMediaUse,
)
from .models import Application, ApplicationScore, Call, Rubric, RubricCriterion

logger = logging.getLogger(__name__)

APPLICATIONS_SCORE = "applications.score"
MAX_POINTS = 10
SWEEP_LIMIT = 5000

# How an automatic criterion reads the answers:
# "choice" looks the answer up in the points map; "at_least" gives the points of the highest
# threshold the number reaches; "residence" takes the better of the settlement's and the region's.
CHOICE, AT_LEAST, RESIDENCE = "choice", "at_least", "residence"


@dataclass(frozen=True)
class AutoAnswer:
    kind: str
    fields: tuple[str, ...]
    values: tuple[str, ...] = ()
    hint: str = ""


AUTO_ANSWERS = {
    "computer_level": AutoAnswer(CHOICE, ("computer_level",), tuple(ComputerLevel.values)),
    "social_media": AutoAnswer(CHOICE, ("social_media",), tuple(SocialMediaUse.values)),
    "marketplaces": AutoAnswer(
        AT_LEAST, ("marketplaces",), hint=gettext_lazy("Number of marketplaces used: at least N = points")
    ),
    "ai_use": AutoAnswer(CHOICE, ("ai_use",), tuple(AIUse.values)),
    "employment": AutoAnswer(CHOICE, ("employment",), tuple(Employment.values)),
    "hours_per_week": AutoAnswer(
        AT_LEAST, ("hours_per_week",), hint=gettext_lazy("Hours a week: at least N = points")
    ),
    "residence": AutoAnswer(
        RESIDENCE, ("settlement", "region"), (*Settlement.values, *Region.values),
        hint=gettext_lazy("Village or region: the better of the two counts"),
    ),
}
ANSWER_FIELDS = sorted({field for answer in AUTO_ANSWERS.values() for field in answer.fields})

# The default rubric: (key, source, weight, points, labels in Tajik, Russian, English).
DEFAULT_CRITERIA = [
    ("computer_level", CriterionSource.AUTO, "2",
     {"none": 0, "basic": 4, "intermediate": 7, "advanced": 10},
     ("Малакаҳои компютерӣ", "Компьютерные навыки", "Computer skills")),
    ("social_media", CriterionSource.AUTO, "1.5", {"none": 0, "chatting": 5, "selling": 10},
     ("Фурӯш дар шабакаҳои иҷтимоӣ", "Продажи в социальных сетях", "Selling on social media")),
    ("marketplaces", CriterionSource.AUTO, "1.5", {"0": 0, "1": 5, "2": 8, "3": 10},
     ("Таҷрибаи кор бо маркетплейсҳо", "Опыт работы с маркетплейсами", "Marketplace experience")),
    ("ai_use", CriterionSource.AUTO, "1.5", {"never": 0, "monthly": 3, "weekly": 6, "daily": 10},
     ("Истифодаи абзорҳои зеҳни сунъӣ", "Использование инструментов ИИ", "Use of AI tools")),
    ("employment", CriterionSource.AUTO, "1",
     {"unemployed": 10, "informal": 10, "self_employed": 7, "student": 6, "formal_part": 4, "formal_full": 2},
     ("Шуғл: бартарӣ ба занони бе кори расмӣ", "Занятость: приоритет женщинам без официальной работы",
      "Employment: priority to women without formal work")),
    ("hours_per_week", CriterionSource.AUTO, "1", {"0": 0, "15": 4, "20": 7, "30": 10},
     ("Соатҳои дастрас дар як ҳафта", "Свободные часы в неделю", "Hours available a week")),
    ("residence", CriterionSource.AUTO, "1.5",
     {"rural": 10, "urban": 0, "gbao": 10, "khatlon": 8, "drs": 5, "sughd": 3, "dushanbe": 0},
     ("Зиндагӣ дар деҳот ё минтақаи дурдаст", "Проживание в сельской или отдалённой местности",
      "Rural or remote residence")),
    ("motivation", CriterionSource.REVIEW, "2", {},
     ("Ангеза", "Мотивация", "Motivation")),
    ("communication", CriterionSource.REVIEW, "2", {},
     ("Муошират", "Коммуникация", "Communication")),
]  # fmt: skip


# The rubric


def rubric_default(*, call: Call) -> Rubric:
    """Return the call's rubric, creating the default one the first time."""
    existing = Rubric.objects.filter(call=call).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        rubric, created = Rubric.objects.get_or_create(call=call)
        if created:
            RubricCriterion.objects.bulk_create(
                RubricCriterion(
                    rubric=rubric, key=key, source=source, weight=Decimal(weight), points=points,
                    label_tg=tg, label_ru=ru, label_en=en, position=position,
                )
                for position, (key, source, weight, points, (tg, ru, en)) in enumerate(DEFAULT_CRITERIA)
            )
    return rubric


def points_check(*, key: str, points: dict) -> dict:
    """Return the points map of automatic criterion `key` cleaned, or raise a ValidationError."""
    answer = AUTO_ANSWERS.get(key)
    if answer is None:
        raise ValidationError(_("This criterion cannot be computed from the answers."), code="key")
    cleaned = {}
    for value, given in points.items():
        value = str(value).strip()
        if answer.kind == AT_LEAST:
            if not value.isdigit():
                raise ValidationError(
                    _("“%(value)s” is not a whole number."), code="value", params={"value": value}
                )
            value = str(int(value))
        elif value not in answer.values:
            raise ValidationError(
                _("“%(value)s” is not one of the answers: %(answers)s."), code="value",
                params={"value": value, "answers": ", ".join(answer.values)},
            )
        if isinstance(given, bool) or not isinstance(given, int) or not 0 <= given <= MAX_POINTS:
            raise ValidationError(
                _("Points must be whole numbers from 0 to %(max)s."), code="points",
                params={"max": MAX_POINTS},
            )
        cleaned[value] = given
    return cleaned


_LABELS = ("label_tg", "label_ru", "label_en")


@transaction.atomic
def rubric_update(*, rubric: Rubric, actor: User, criteria: list[dict]) -> Rubric:
    """Change the labels, weights and points of a rubric's criteria, audited.

    `criteria` holds one dict per criterion to change: its `key`, and any of `label_tg`,
    `label_ru`, `label_en`, `weight` and (automatic criteria) `points`. A change of what the
    automatic score depends on raises the rubric's version and marks the call's scores stale.
    """
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    rows = {row.key: row for row in rubric.criteria.all()}
    changes: dict[str, dict] = {}
    scoring_changed = False
    for item in criteria:
        row = rows.get(item.get("key"))
        if row is None:
            raise ValidationError(_("This rubric has no criterion “%(key)s”."), code="key",
                                  params={"key": item.get("key")})
        new = {name: item[name] for name in (*_LABELS, "weight", "points") if name in item}
        if "weight" in new:
            new["weight"] = Decimal(str(new["weight"]))
            if not Decimal(0) <= new["weight"] <= Decimal(100):
                raise ValidationError(_("A weight must be between 0 and 100."), code="weight")
        if "points" in new:
            if not row.is_auto:
                raise ValidationError(
                    _("Reviewers score this criterion: it has no points map."), code="points"
                )
            new["points"] = points_check(key=row.key, points=new["points"])
        for name in _LABELS:
            if name in new and not str(new[name]).strip():
                raise ValidationError(_("Give the criterion a label in each language."), code="label")
        changed = {name: value for name, value in new.items() if getattr(row, name) != value}
        if not changed:
            continue
        changes[row.key] = {
            name: [str(getattr(row, name)) if name == "weight" else getattr(row, name),
                   str(value) if name == "weight" else value]
            for name, value in changed.items()
        }
        if row.is_auto and {"weight", "points"} & set(changed):
            scoring_changed = True
        for name, value in changed.items():
            setattr(row, name, value)
    if not changes:
        return rubric
    RubricCriterion.objects.bulk_update(
        [rows[key] for key in changes], [*_LABELS, "weight", "points"]
    )
    if scoring_changed:
        rubric.version += 1
        ApplicationScore.objects.filter(
            application_id__in=Application.objects.filter(call_id=rubric.call_id).values("pk"),
            status=ScoreStatus.DONE,
        ).update(status=ScoreStatus.STALE)
    rubric.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=actor, action="rubric.updated", target=rubric.call,
        details={"version": rubric.version, "changes": changes},
    )
    return rubric


# The scorer


def _choice_points(column: pd.Series, points: dict) -> np.ndarray:
    # A categorical column looks each distinct answer up once; code -1 (missing) reads the final 0.
    categories = pd.Categorical(column)
    table = np.array([float(points.get(str(v), 0)) for v in categories.categories] + [0.0])
    return table[categories.codes]


def _at_least_points(numbers: pd.Series, points: dict) -> np.ndarray:
    if not points:
        return np.zeros(len(numbers))
    thresholds = np.array(sorted(int(k) for k in points), dtype=float)
    table = np.array([float(points[str(int(t))]) for t in thresholds] + [0.0])
    values = pd.to_numeric(numbers, errors="coerce").fillna(-1).to_numpy(dtype=float)
    index = np.searchsorted(thresholds, values, side="right") - 1  # -1: below every threshold
    return table[index]


def _answer_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=["id", *ANSWER_FIELDS])
    # The number of marketplaces she used, however the list was stored.
    frame["marketplaces"] = frame["marketplaces"].map(lambda v: len(v) if isinstance(v, list) else 0)
    return frame


def rubric_points(frame: pd.DataFrame, criteria: list[RubricCriterion]) -> pd.DataFrame:
    """Return 0-10 points per automatic criterion (a column per key) for each row of `frame`.

    `frame` holds the answers named in ANSWER_FIELDS, with `marketplaces` as a count.
    """
    columns = {}
    for criterion in criteria:
        answer = AUTO_ANSWERS.get(criterion.key)
        if not criterion.is_auto or answer is None:
            continue
        if answer.kind == CHOICE:
            points = _choice_points(frame[answer.fields[0]], criterion.points)
        elif answer.kind == AT_LEAST:
            points = _at_least_points(frame[answer.fields[0]], criterion.points)
        else:
            points = np.maximum.reduce([_choice_points(frame[f], criterion.points) for f in answer.fields])
        columns[criterion.key] = np.clip(points, 0, MAX_POINTS)
    return pd.DataFrame(columns, index=frame.index)


def rubric_totals(points: pd.DataFrame, weights: dict[str, Decimal]) -> np.ndarray:
    """Return the weighted total 0-100 of each row of `points`, rounded to hundredths."""
    keys = list(points.columns)
    w = np.array([float(weights[k]) for k in keys])
    if not keys or w.sum() <= 0:
        return np.zeros(len(points))
    totals = points.to_numpy(dtype=float) @ w * (100 / (MAX_POINTS * w.sum()))
    return np.clip(np.round(totals, 2), 0, 100)


_OUT_OF_THE_RUNNING = [ApplicationStatus.WITHDRAWN, ApplicationStatus.ERASED, ApplicationStatus.DRAFT]


def _scorable() -> Q:
    in_the_running = ~Q(status__in=_OUT_OF_THE_RUNNING)
    return Q(submitted_at__isnull=False, eligibility=Eligibility.ELIGIBLE) & in_the_running


def applications_scorable(*, call: Call):
    """Return the call's submitted, eligible applications still in the running."""
    return Application.objects.filter(_scorable(), call=call)


def _noop(percent: int, message: str = "") -> None:
    return None


def scores_compute(
    *, call: Call, progress: Callable[..., None] = _noop, application_ids: list[int] | None = None
) -> dict:
    """Score the call's eligible applications (or those of `application_ids`) under its rubric.

    The whole table is scored at once in pandas and written back in one statement. Idempotent:
    a second run leaves every row as it was. Score rows of applications no longer eligible are
    removed. Return how many were scored and removed.
    """
    rubric = rubric_default(call=call)
    criteria = [c for c in rubric.criteria.all() if c.is_auto and c.key in AUTO_ANSWERS]
    version = rubric.version
    progress(5, _("Reading the applications"))
    scorable = applications_scorable(call=call)
    if application_ids is not None:
        scorable = scorable.filter(pk__in=application_ids)
    rows = list(scorable.order_by().values_list("pk", *ANSWER_FIELDS))
    progress(40, _("Scoring %(count)s applications") % {"count": len(rows)})
    frame = _answer_frame(rows)
    points = rubric_points(frame, criteria)
    totals = rubric_totals(points, {c.key: c.weight for c in criteria})
    progress(60, _("Saving the scores"))
    with transaction.atomic():
        # The rubric's lock orders this write after any change of the rubric: scores computed
        # under a rubric changed meanwhile are saved as stale.
        current = Rubric.objects.select_for_update().values_list("version", flat=True).get(pk=rubric.pk)
        status = ScoreStatus.DONE if current == version else ScoreStatus.STALE
        ids = frame["id"].to_numpy(dtype=np.int64)
        _scores_write(ids=ids, points=points, totals=totals, status=status, version=version)
        # Scores whose application left the running: `IN (the call's unscorable applications)`, a
        # semi-join that stays cheap even before the planner has statistics of a fresh score table
        # (NOT IN, or Django's self-join for a related filter, compared every row with every row).
        leftover = ApplicationScore.objects.filter(
            application_id__in=Application.objects.filter(call=call).exclude(_scorable()).values("pk")
        )
        if application_ids is not None:
            leftover = leftover.filter(application_id__in=application_ids)
        removed, _detail = leftover.delete()
    progress(100, _("%(count)s applications scored") % {"count": len(rows)})
    return {"scored": len(rows), "removed": removed}


_TABLE = ApplicationScore._meta.db_table
_WRITTEN = ("status", "rubric_version", "auto_points", "auto_total")


def _scores_write(*, ids: np.ndarray, points: pd.DataFrame, totals: np.ndarray, status: str, version: int
                  ) -> None:
    """Insert or update the score rows of `ids`; a row that would not change is left alone."""
    if not len(ids):
        return
    now = timezone.now()
    if connection.vendor == "postgresql":
        keys = list(points.columns)
        columns = ", ".join(f"c{i}" for i in range(len(keys)))
        arrays = "".join(", %s::smallint[]" for _key in keys)
        build = ", ".join(f"%s::text, u.c{i}" for i in range(len(keys)))
        changed = " OR ".join(f"s.{name} IS DISTINCT FROM EXCLUDED.{name}" for name in _WRITTEN)
        # Only the table's name and numbered column names are formatted in; every value is a parameter.
        sql = (
            f"INSERT INTO {_TABLE} AS s (application_id, status, rubric_version, auto_points, auto_total, "  # noqa: S608
            f"scored_at) SELECT u.id, %s, %s, jsonb_build_object({build}), u.total, %s "
            f"FROM unnest(%s::bigint[], %s::numeric[]{arrays}) "
            f"AS u(id, total{', ' if keys else ''}{columns}) "
            f"ON CONFLICT (application_id) DO UPDATE SET status = EXCLUDED.status, "
            f"rubric_version = EXCLUDED.rubric_version, auto_points = EXCLUDED.auto_points, "
            f"auto_total = EXCLUDED.auto_total, scored_at = EXCLUDED.scored_at WHERE {changed}"
        )
        params = [status, version, *keys, now, ids.tolist(), totals.tolist()]
        params += [points[key].to_numpy(dtype=np.int16).tolist() for key in keys]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    # SQLite: compare with the stored rows, then insert or update the changed ones in bulk.
    stored = {
        pk: (s, v, p, t)
        for pk, s, v, p, t in ApplicationScore.objects.filter(application_id__in=ids.tolist()).values_list(
            "application_id", *_WRITTEN
        )
    }
    records = points.astype(int).to_dict("records")
    changed_rows = []
    for pk, record, total in zip(ids.tolist(), records, totals.tolist(), strict=True):
        total = Decimal(str(total)).quantize(Decimal("0.01"))
        if stored.get(pk) != (status, version, record, total):
            changed_rows.append(ApplicationScore(
                application_id=pk, status=status, rubric_version=version, auto_points=record,
                auto_total=total, scored_at=now,
            ))
    ApplicationScore.objects.bulk_create(
        changed_rows, batch_size=1000, update_conflicts=True, unique_fields=["application"],
        update_fields=[*_WRITTEN, "scored_at"],
    )


# One application, the sweep, the job


def score_pending(*, application: Application) -> None:
    """Record that an eligible submitted application waits for its score, and enqueue it after commit."""
    if application.eligibility != Eligibility.ELIGIBLE:
        return
    ApplicationScore.objects.update_or_create(
        application=application, defaults={"status": ScoreStatus.PENDING}
    )
    transaction.on_commit(lambda: score_enqueue(application_id=application.pk))


def scores_pending_many(*, application_ids: list[int]) -> int:
    """Give eligible applications without a score a pending one and enqueue each after commit.

    Used when a coordinator makes applications eligible by hand; existing scores stay as they are
    (her answers did not change). Return how many now wait; the sweep scores any whose message is lost.
    """
    have = set(
        ApplicationScore.objects.filter(application_id__in=application_ids).values_list(
            "application_id", flat=True
        )
    )
    new = [pk for pk in application_ids if pk not in have]
    ApplicationScore.objects.bulk_create(
        [ApplicationScore(application_id=pk, status=ScoreStatus.PENDING) for pk in new],
        batch_size=1000, ignore_conflicts=True,
    )
    transaction.on_commit(lambda: [score_enqueue(application_id=pk) for pk in new])
    return len(new)


def score_enqueue(*, application_id: int) -> bool:
    """Send the application's scoring to the broker; return False, leaving it to the sweep, if it is down."""
    from kombu.exceptions import OperationalError as BrokerError

    from .tasks import application_score_task

    try:
        application_score_task.apply_async(kwargs={"application_id": application_id})
    except (BrokerError, OSError):
        logger.warning("Broker unreachable; the score of application %s stays pending", application_id)
        return False
    return True


def application_score(*, application_id: int) -> dict:
    """Score one application under its call's rubric (a no-op for one that is gone)."""
    call_id = Application.objects.filter(pk=application_id).values_list("call_id", flat=True).first()
    if call_id is None:
        return {"scored": 0, "removed": 0}
    return scores_compute(call=Call.objects.get(pk=call_id), application_ids=[application_id])


def scores_sweep(*, limit: int = SWEEP_LIMIT) -> int:
    """Score applications whose score is still pending, a call at a time; return how many were seen."""
    pending = (
        ApplicationScore.objects.filter(status=ScoreStatus.PENDING)
        .order_by("application_id")
        .values_list("application_id", "application__call_id")[:limit]
    )
    by_call: dict[int, list[int]] = defaultdict(list)
    for application_id, call_id in pending:
        by_call[call_id].append(application_id)
    for call in Call.objects.filter(pk__in=by_call):
        scores_compute(call=call, application_ids=by_call[call.pk])
    return sum(len(ids) for ids in by_call.values())


@job_handler(APPLICATIONS_SCORE)
def applications_score(*, job, progress) -> dict:
    """Score every eligible application of the job's call, audit the run, then rank the call again."""
    call = Call.objects.filter(pk=job.params.get("call")).first()
    if call is None:
        return {"scored": 0, "removed": 0}
    from .ranking import ranking_compute  # the ranking builds on the scores, not the other way

    result = scores_compute(call=call, progress=lambda percent, message="": progress(percent * 0.8, message))
    audit_record(actor=job.created_by, action="applications.scored", target=call,
                 details={**result, "job": job.pk})
    ranked = ranking_compute(
        call=call, progress=lambda percent, message="": progress(80 + percent * 0.2, message)
    )
    return result | {"ranked": ranked["ranked"]}


def points_text(points: dict) -> str:
    """Return a points map as the editor's lines, "value = points"."""
    return "\n".join(f"{value} = {given}" for value, given in points.items())


def points_parse(text: str) -> dict:
    """Return the points map written as "value = points" lines; raise a ValidationError if malformed."""
    points = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        value, sep, given = line.partition("=")
        given = given.strip()
        if not sep or not value.strip() or not given.lstrip("-").isdigit():
            raise ValidationError(
                _("Line %(number)s: write “answer = points”, for example “basic = 4”."),
                code="line", params={"number": number},
            )
        points[value.strip()] = int(given)
    return points

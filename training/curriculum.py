"""Writes of the curriculum and the sessions of a cohort: modules, lessons, resources, copying a previous
cohort's curriculum, and sessions. Each write is atomic and audited."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import Cohort
from parwona.core.services import audit_record

from .enums import ALL_SKILL_VALUES, ModuleKind, SoftSkill
from .models import Assignment, Lesson, Module, Resource, Session

MODULE_FIELDS = [
    "kind",
    "skill",
    "title_tg",
    "title_ru",
    "title_en",
    "summary_tg",
    "summary_ru",
    "summary_en",
]
LESSON_FIELDS = ["title_tg", "title_ru", "title_en", "body_tg", "body_ru", "body_en"]
SESSION_FIELDS = [
    "title",
    "starts_at",
    "duration_minutes",
    "online_url",
    "place",
    "trainer",
    "module",
    "peer_group",
]
MESSAGE_DIRECTION = _("Move up or down.")
MESSAGE_NO_TITLE = _("Give the title in at least one language.")
MESSAGE_SKILL_KIND = _("A technical module teaches a technical skill and a soft module a soft skill.")
MESSAGE_LINK = _("Give a link that starts with http:// or https://.")
MESSAGE_ONLINE_OR_PLACE = _("Give an online link or a place.")
MESSAGE_COPY_NOT_EMPTY = _(
    "This cohort has modules already: a curriculum is copied into an empty cohort only."
)
MESSAGE_COPY_SAME = _("Choose another cohort to copy from.")
MESSAGE_COPY_NO_DATES = _(
    "Both cohorts need a start date to shift the due dates; otherwise give the shift in days."
)
MESSAGE_FOREIGN = _("Choose a module and a peer group of this cohort.")

_http_url = URLValidator(schemes=["http", "https"], message=MESSAGE_LINK)


def link_check(url: str) -> None:
    """Refuse a link that is not an http or https address."""
    _http_url(url)


def _titles_check(values: dict) -> None:
    if not any((values.get(f"title_{code}") or "").strip() for code in ("tg", "ru", "en")):
        raise ValidationError(MESSAGE_NO_TITLE, code="title")


def module_values_check(values: dict) -> None:
    """Refuse a module without a title or whose skill is not of its kind."""
    _titles_check(values)
    soft = {value for value, _label in SoftSkill.choices}
    skill, kind = values.get("skill"), values.get("kind")
    if (
        skill not in ALL_SKILL_VALUES
        or kind not in ModuleKind.values
        or (kind == ModuleKind.SOFT) != (skill in soft)
    ):
        raise ValidationError(MESSAGE_SKILL_KIND, code="skill")


def _fields_set(row, fields, values: dict, default="") -> list[str]:
    """Set `fields` of `row` from `values` (missing ones to `default`); return the names that changed."""
    changed = []
    for name in fields:
        value = values.get(name, default)
        if getattr(row, name) != value:
            changed.append(name)
        setattr(row, name, value)
    return changed


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _move(*, rows: list, row, direction: str, model) -> bool:
    """Swap `row` with its neighbour among `rows` and rewrite positions as 0, 1, 2..."""
    if direction not in {"up", "down"}:
        raise ValidationError(MESSAGE_DIRECTION, code="direction")
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, item in enumerate(rows):
        item.position = position
    model.objects.bulk_update(rows, ["position"])
    return True


# Modules


@transaction.atomic
def module_create(*, cohort: Cohort, actor, values: dict) -> Module:
    """Add a module at the end of the cohort's curriculum."""
    module_values_check(values)
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    module = Module.objects.create(
        cohort=cohort,
        position=_next_position(Module.objects.filter(cohort=cohort)),
        **{name: values.get(name, "") for name in MODULE_FIELDS},
    )
    audit_record(
        actor=actor, action="curriculum.module_created", target=module, details={"cohort": cohort.pk}
    )
    return module


@transaction.atomic
def module_update(*, module: Module, actor, values: dict) -> Module:
    """Save the module's kind, skill, titles and summaries."""
    module_values_check(values)
    changed = _fields_set(module, MODULE_FIELDS, values)
    module.save(update_fields=MODULE_FIELDS)
    audit_record(actor=actor, action="curriculum.module_updated", target=module, details={"fields": changed})
    return module


@transaction.atomic
def module_delete(*, module: Module, actor) -> None:
    """Delete the module with its lessons and resources; its sessions and assignments stay, without it."""
    lessons = module.lessons.count()
    audit_record(
        actor=actor,
        action="curriculum.module_deleted",
        target=module,
        details={"cohort": module.cohort_id, "lessons": lessons},
    )
    module.delete()


@transaction.atomic
def module_move(*, module: Module, actor, direction: str) -> None:
    """Move a module one place "up" or "down" in its cohort's curriculum."""
    Cohort.objects.select_for_update().get(pk=module.cohort_id)
    rows = list(Module.objects.filter(cohort_id=module.cohort_id).order_by("position", "pk"))
    if _move(rows=rows, row=module, direction=direction, model=Module):
        audit_record(
            actor=actor, action="curriculum.module_moved", target=module, details={"direction": direction}
        )


# Lessons and resources


@transaction.atomic
def lesson_create(*, module: Module, actor, values: dict) -> Lesson:
    """Add a lesson at the end of the module."""
    _titles_check(values)
    Module.objects.select_for_update().get(pk=module.pk)
    lesson = Lesson.objects.create(
        module=module,
        position=_next_position(Lesson.objects.filter(module=module)),
        **{name: values.get(name, "") for name in LESSON_FIELDS},
    )
    audit_record(
        actor=actor, action="curriculum.lesson_created", target=lesson, details={"module": module.pk}
    )
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, actor, values: dict) -> Lesson:
    """Save the lesson's titles and bodies."""
    _titles_check(values)
    changed = _fields_set(lesson, LESSON_FIELDS, values)
    lesson.save(update_fields=LESSON_FIELDS)
    audit_record(actor=actor, action="curriculum.lesson_updated", target=lesson, details={"fields": changed})
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson, actor) -> None:
    """Delete the lesson and its resources."""
    audit_record(
        actor=actor, action="curriculum.lesson_deleted", target=lesson, details={"module": lesson.module_id}
    )
    lesson.delete()


@transaction.atomic
def lesson_move(*, lesson: Lesson, actor, direction: str) -> None:
    """Move a lesson one place "up" or "down" in its module."""
    Module.objects.select_for_update().get(pk=lesson.module_id)
    rows = list(Lesson.objects.filter(module_id=lesson.module_id).order_by("position", "pk"))
    if _move(rows=rows, row=lesson, direction=direction, model=Lesson):
        audit_record(
            actor=actor, action="curriculum.lesson_moved", target=lesson, details={"direction": direction}
        )


@transaction.atomic
def resource_add(*, lesson: Lesson, actor, title: str, url: str) -> Resource:
    """Add a link (http or https only) at the end of the lesson's resources."""
    link_check(url)
    title = title.strip()
    if not title:
        raise ValidationError(MESSAGE_NO_TITLE, code="title")
    Lesson.objects.select_for_update().get(pk=lesson.pk)
    resource = Resource.objects.create(
        lesson=lesson, title=title, url=url, position=_next_position(Resource.objects.filter(lesson=lesson))
    )
    audit_record(
        actor=actor, action="curriculum.resource_added", target=resource, details={"lesson": lesson.pk}
    )
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, actor) -> None:
    """Remove a link from its lesson."""
    audit_record(
        actor=actor,
        action="curriculum.resource_deleted",
        target=resource,
        details={"lesson": resource.lesson_id},
    )
    resource.delete()


# Copying a curriculum


def _copied(obj: models.Model, **changes) -> models.Model:
    """Return an unsaved copy of `obj` (its own fields, not its key) with `changes`."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    return type(obj)(**(values | changes))


@transaction.atomic
def curriculum_copy(
    *, source: Cohort, target: Cohort, actor, shift_days: int | None = None
) -> dict[str, int]:
    """Copy `source`'s modules, lessons, resources and assignments into `target`, which has no module yet.

    Due dates move by `shift_days` days when given, else by the difference of the cohorts' start dates.
    Return how many of each were copied.
    """
    if source.pk == target.pk:
        raise ValidationError(MESSAGE_COPY_SAME, code="same")
    target = Cohort.objects.select_for_update().get(pk=target.pk)
    if Module.objects.filter(cohort=target).exists():
        raise ValidationError(MESSAGE_COPY_NOT_EMPTY, code="not_empty")
    if shift_days is None:
        if source.starts_on is None or target.starts_on is None:
            raise ValidationError(MESSAGE_COPY_NO_DATES, code="no_dates")
        shift = target.starts_on - source.starts_on
    else:
        shift = timedelta(days=shift_days)

    modules = list(Module.objects.filter(cohort=source).order_by("position", "pk"))
    new_modules = Module.objects.bulk_create([_copied(m, cohort_id=target.pk) for m in modules])
    module_ids = {old.pk: new.pk for old, new in zip(modules, new_modules, strict=True)}

    lessons = list(Lesson.objects.filter(module__cohort=source).order_by("module", "position", "pk"))
    new_lessons = Lesson.objects.bulk_create(
        [_copied(lesson, module_id=module_ids[lesson.module_id]) for lesson in lessons]
    )
    lesson_ids = {old.pk: new.pk for old, new in zip(lessons, new_lessons, strict=True)}

    resources = Resource.objects.bulk_create(
        [
            _copied(r, lesson_id=lesson_ids[r.lesson_id])
            for r in Resource.objects.filter(lesson__module__cohort=source)
        ]
    )
    assignments = Assignment.objects.bulk_create(
        [
            _copied(a, cohort_id=target.pk, module_id=module_ids.get(a.module_id), due_at=a.due_at + shift)
            for a in Assignment.objects.filter(cohort=source)
        ]
    )
    counts = {
        "modules": len(new_modules),
        "lessons": len(new_lessons),
        "resources": len(resources),
        "assignments": len(assignments),
    }
    audit_record(
        actor=actor,
        action="curriculum.copied",
        target=target,
        details={"source": source.pk, "shift_days": shift.days, **counts},
    )
    return counts


# Sessions


def session_values_check(*, cohort: Cohort, values: dict) -> None:
    """Refuse a session without an online link or a place, with a link that is not http(s), or with a
    module or peer group of another cohort."""
    online_url = values.get("online_url") or ""
    if not online_url.strip() and not (values.get("place") or "").strip():
        raise ValidationError(MESSAGE_ONLINE_OR_PLACE, code="online_or_place")
    if online_url:
        link_check(online_url)
    for name in ("module", "peer_group"):
        related = values.get(name)
        if related is not None and related.cohort_id != cohort.pk:
            raise ValidationError(MESSAGE_FOREIGN, code="cohort")


@transaction.atomic
def session_create(*, cohort: Cohort, actor, values: dict) -> Session:
    """Schedule a session of the cohort (of one of its peer groups when `peer_group` is given)."""
    session_values_check(cohort=cohort, values=values)
    session = Session.objects.create(cohort=cohort, **{name: values.get(name) for name in SESSION_FIELDS})
    audit_record(
        actor=actor,
        action="session.created",
        target=session,
        details={"cohort": cohort.pk, "starts_at": timezone.localtime(session.starts_at).isoformat()},
    )
    return session


@transaction.atomic
def session_update(*, session: Session, actor, values: dict) -> Session:
    """Save the session; moving it to another time lets its reminder be sent again."""
    session_values_check(cohort=session.cohort, values=values)
    moved = values.get("starts_at") != session.starts_at
    changed = _fields_set(session, SESSION_FIELDS, values, default=None)
    fields = list(SESSION_FIELDS)
    if moved:
        session.reminded_at = None
        fields.append("reminded_at")
    session.save(update_fields=fields)
    audit_record(actor=actor, action="session.updated", target=session, details={"fields": changed})
    return session


@transaction.atomic
def session_delete(*, session: Session, actor) -> None:
    """Cancel the session (its attendance marks go with it)."""
    audit_record(
        actor=actor,
        action="session.deleted",
        target=session,
        details={"cohort": session.cohort_id, "starts_at": timezone.localtime(session.starts_at).isoformat()},
    )
    session.delete()

"""Pages of the curriculum and sessions: trainers and coordinators build a cohort's modules, lessons,
resources and sessions; a participant reads her cohort's lessons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import Cohort
from parwona.core.rules import permission_needed

from . import curriculum
from .curriculum_forms import CurriculumCopyForm, LessonForm, ModuleForm, ResourceForm, SessionForm
from .curriculum_selectors import (
    cohort_sessions,
    curriculum_modules,
    lesson_neighbours,
    lesson_page,
    participant_current,
    participant_of,
    training_cohorts,
)
from .models import Lesson, Module, Resource, Session

SESSIONS_PER_PAGE = 25


def _save(request, form, action, success: str):
    """Call `action()` once the form is valid; put a refusal on the form. Return the result or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, success)
    return result


# Trainers' and coordinators' pages


@permission_needed("training.view_module")
def staff_training_cohorts(request):
    return render(request, "training/curriculum/cohort_list.html", {"cohorts": list(training_cohorts())})


@permission_needed("training.view_module")
def staff_curriculum(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return render(
        request,
        "training/curriculum/curriculum.html",
        {"cohort": cohort, "modules": list(curriculum_modules(cohort=cohort))},
    )


@permission_needed("training.add_module")
def staff_curriculum_copy(request, pk: int):
    target = get_object_or_404(Cohort, pk=pk)
    form = CurriculumCopyForm(request.POST or None, target=target)

    def copy():
        return curriculum.curriculum_copy(
            source=form.cleaned_data["source"],
            target=target,
            actor=request.user,
            shift_days=form.cleaned_data["shift_days"],
        )

    counts = _save(request, form, copy, "")
    if counts is not None:
        messages.success(
            request,
            _(
                "Copied %(modules)s modules, %(lessons)s lessons, %(resources)s links and %(assignments)s "
                "assignments."
            )
            % counts,
        )
        return redirect("staff_curriculum", pk=target.pk)
    return render(request, "training/curriculum/copy.html", {"cohort": target, "form": form})


@permission_needed("training.add_module")
def staff_module_add(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    form = ModuleForm(request.POST or None)
    module = _save(
        request,
        form,
        lambda: curriculum.module_create(cohort=cohort, actor=request.user, values=form.values()),
        _("The module is added."),
    )
    if module is not None:
        return redirect("staff_curriculum", pk=cohort.pk)
    return render(
        request, "training/curriculum/module_form.html", {"cohort": cohort, "form": form, "module": None}
    )


@permission_needed("training.change_module")
def staff_module_edit(request, pk: int):
    module = get_object_or_404(Module.objects.select_related("cohort"), pk=pk)
    form = ModuleForm(request.POST or None, instance=Module.objects.get(pk=module.pk))
    saved = _save(
        request,
        form,
        lambda: curriculum.module_update(module=module, actor=request.user, values=form.values()),
        _("The module is saved."),
    )
    if saved is not None:
        return redirect("staff_curriculum", pk=module.cohort_id)
    return render(
        request,
        "training/curriculum/module_form.html",
        {"cohort": module.cohort, "form": form, "module": module},
    )


@permission_needed("training.delete_module")
def staff_module_delete(request, pk: int):
    module = get_object_or_404(Module.objects.select_related("cohort"), pk=pk)
    if request.method == "POST":
        curriculum.module_delete(module=module, actor=request.user)
        messages.success(request, _("The module is deleted."))
        return redirect("staff_curriculum", pk=module.cohort_id)
    return render(
        request,
        "training/curriculum/delete.html",
        {
            "cohort": module.cohort,
            "name": module.title,
            "lessons": module.lessons.count(),
            "back": "staff_curriculum",
            "back_pk": module.cohort_id,
            "what": "module",
        },
    )


@require_POST
@permission_needed("training.change_module")
def staff_module_move(request, pk: int):
    module = get_object_or_404(Module, pk=pk)
    try:
        curriculum.module_move(module=module, actor=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("staff_curriculum", pk=module.cohort_id)


@permission_needed("training.add_lesson")
def staff_lesson_add(request, pk: int):
    module = get_object_or_404(Module.objects.select_related("cohort"), pk=pk)
    form = LessonForm(request.POST or None)
    lesson = _save(
        request,
        form,
        lambda: curriculum.lesson_create(module=module, actor=request.user, values=form.values()),
        _("The lesson is added."),
    )
    if lesson is not None:
        return redirect("staff_lesson_edit", pk=lesson.pk)
    return render(
        request,
        "training/curriculum/lesson_form.html",
        {"cohort": module.cohort, "module": module, "form": form, "lesson": None},
    )


@permission_needed("training.change_lesson")
def staff_lesson_edit(request, pk: int):
    lesson = lesson_page(pk=pk)
    if lesson is None:
        raise Http404
    form = LessonForm(request.POST or None, instance=Lesson.objects.get(pk=lesson.pk))
    saved = _save(
        request,
        form,
        lambda: curriculum.lesson_update(lesson=lesson, actor=request.user, values=form.values()),
        _("The lesson is saved."),
    )
    if saved is not None:
        return redirect("staff_lesson_edit", pk=lesson.pk)
    return render(
        request,
        "training/curriculum/lesson_form.html",
        {
            "cohort": lesson.module.cohort,
            "module": lesson.module,
            "form": form,
            "lesson": lesson,
            "resource_form": ResourceForm(),
        },
    )


@permission_needed("training.delete_lesson")
def staff_lesson_delete(request, pk: int):
    lesson = get_object_or_404(Lesson.objects.select_related("module__cohort"), pk=pk)
    if request.method == "POST":
        curriculum.lesson_delete(lesson=lesson, actor=request.user)
        messages.success(request, _("The lesson is deleted."))
        return redirect("staff_curriculum", pk=lesson.module.cohort_id)
    return render(
        request,
        "training/curriculum/delete.html",
        {
            "cohort": lesson.module.cohort,
            "name": lesson.title,
            "lessons": None,
            "back": "staff_lesson_edit",
            "back_pk": lesson.pk,
            "what": "lesson",
        },
    )


@require_POST
@permission_needed("training.change_lesson")
def staff_lesson_move(request, pk: int):
    lesson = get_object_or_404(Lesson.objects.select_related("module"), pk=pk)
    try:
        curriculum.lesson_move(lesson=lesson, actor=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("staff_curriculum", pk=lesson.module.cohort_id)


@require_POST
@permission_needed("training.add_resource")
def staff_resource_add(request, pk: int):
    lesson = get_object_or_404(Lesson, pk=pk)
    form = ResourceForm(request.POST)
    if form.is_valid():
        try:
            curriculum.resource_add(lesson=lesson, actor=request.user, **form.values())
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The link is added."))
    else:
        messages.error(request, next(iter(form.errors.values()))[0])
    return redirect("staff_lesson_edit", pk=lesson.pk)


@require_POST
@permission_needed("training.delete_resource")
def staff_resource_delete(request, pk: int):
    resource = get_object_or_404(Resource, pk=pk)
    curriculum.resource_delete(resource=resource, actor=request.user)
    messages.success(request, _("The link is removed."))
    return redirect("staff_lesson_edit", pk=resource.lesson_id)


# Sessions


@permission_needed("training.view_session")
def staff_session_list(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    now = timezone.now()
    page = Paginator(cohort_sessions(cohort=cohort, now=now), SESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "training/curriculum/session_list.html", {"cohort": cohort, "page": page, "now": now}
    )


@permission_needed("training.add_session")
def staff_session_add(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    form = SessionForm(request.POST or None, cohort=cohort)
    session = _save(
        request,
        form,
        lambda: curriculum.session_create(cohort=cohort, actor=request.user, values=form.values()),
        _("The session is scheduled."),
    )
    if session is not None:
        return redirect("staff_session_list", pk=cohort.pk)
    return render(
        request, "training/curriculum/session_form.html", {"cohort": cohort, "form": form, "session": None}
    )


@permission_needed("training.change_session")
def staff_session_edit(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=pk)
    form = SessionForm(request.POST or None, cohort=session.cohort, instance=session)
    saved = _save(
        request,
        form,
        lambda: curriculum.session_update(session=session, actor=request.user, values=form.values()),
        _("The session is saved."),
    )
    if saved is not None:
        return redirect("staff_session_list", pk=session.cohort_id)
    return render(
        request,
        "training/curriculum/session_form.html",
        {"cohort": session.cohort, "form": form, "session": session},
    )


@permission_needed("training.delete_session")
def staff_session_delete(request, pk: int):
    session = get_object_or_404(Session.objects.select_related("cohort"), pk=pk)
    if request.method == "POST":
        curriculum.session_delete(session=session, actor=request.user)
        messages.success(request, _("The session is cancelled."))
        return redirect("staff_session_list", pk=session.cohort_id)
    return render(
        request,
        "training/curriculum/delete.html",
        {
            "cohort": session.cohort,
            "name": session.title,
            "lessons": None,
            "back": "staff_session_list",
            "back_pk": session.cohort_id,
            "what": "session",
        },
    )


# The participant's pages


def _reader_check(request, cohort_id: int) -> bool:
    """Let her cohort's participants read its lessons and staff preview them; to anyone else they do not
    exist. Return whether the reader previews as staff."""
    if request.user.has_perm("training.view_lesson"):
        return True
    if participant_of(user=request.user, cohort_id=cohort_id) is None:
        raise Http404
    return False


@login_required
def my_lessons(request):
    participant = participant_current(user=request.user)
    if participant is None:
        raise Http404
    return redirect("lesson_list", pk=participant.cohort_id)


@login_required
def lesson_list(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    preview = _reader_check(request, cohort.pk)
    return render(
        request,
        "training/curriculum/lessons.html",
        {"cohort": cohort, "modules": list(curriculum_modules(cohort=cohort)), "preview": preview},
    )


@login_required
def lesson_detail(request, pk: int):
    lesson = lesson_page(pk=pk)
    if lesson is None:
        raise Http404
    preview = _reader_check(request, lesson.module.cohort_id)
    before, after = lesson_neighbours(lesson=lesson)
    return render(
        request,
        "training/curriculum/lesson.html",
        {
            "lesson": lesson,
            "module": lesson.module,
            "cohort": lesson.module.cohort,
            "preview": preview,
            "before": before,
            "after": after,
        },
    )

import sys
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import health
from .forms import AuditFilterForm
from .jobs import job_create
from .jobs_audit import AUDIT_EXPORT
from .middleware import DATABASE_DOWN, database_unavailable
from .models import Job
from .panels import PUBLIC, panels_render
from .rules import job_visible_to, permission_needed
from .selectors import audit_actions, audit_entries, jobs_recent
from .services import audit_record


def landing(request):
    """The public front page; the open-call panels come from the applicants app."""
    return render(request, "core/landing.html", {"panels": panels_render(request, PUBLIC)})


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {"database": health.database_ready(), "broker": health.broker_ready()}
    body = {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A middleware that could not reach the database (the session's user) ends here too.
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return database_unavailable()
    # No context processors: the failure may lie in one of them.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def _audit_filter(request) -> tuple[AuditFilterForm, dict]:
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    filters = form.filters() if form.is_valid() else {}
    return form, filters


def _as_selector_args(filters: dict) -> dict:
    return {
        "action": filters.get("action", ""),
        "actor": filters.get("actor", ""),
        "since": date.fromisoformat(filters["since"]) if filters.get("since") else None,
        "until": date.fromisoformat(filters["until"]) if filters.get("until") else None,
    }


@permission_needed("core.view_auditentry")
def audit_log(request):
    form, filters = _audit_filter(request)
    page = Paginator(audit_entries(**_as_selector_args(filters)), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


@require_POST
@permission_needed("core.view_auditentry")
def audit_export(request):
    form, filters = _audit_filter(request)
    if request.GET and not form.is_valid():
        messages.error(request, _("Correct the filters before exporting."))
        return redirect("audit_log")
    job = job_create(kind=AUDIT_EXPORT, params=filters, created_by=request.user)
    audit_record(actor=request.user, action="audit.exported", target=job, details=filters)
    return redirect("job_detail", pk=job.pk)


def _visible_job(request, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    if not job_visible_to(job, request.user):
        raise Http404
    return job


@permission_needed("core.view_job")
def job_list(request):
    return render(request, "core/job_list.html", {"jobs": jobs_recent()})


@login_required
def job_detail(request, pk: int):
    return render(request, "core/job_detail.html", {"job": _visible_job(request, pk)})


@never_cache
@login_required
def job_progress(request, pk: int):
    """The progress component alone, polled by htmx until the job finishes."""
    return render(request, "core/_job_progress.html", {"job": _visible_job(request, pk)})


@login_required
def job_download(request, pk: int):
    job = _visible_job(request, pk)
    if not job.result_file:
        raise Http404
    audit_record(actor=request.user, action="job.downloaded", target=job)
    return FileResponse(job.result_file.open("rb"), as_attachment=True,
                        filename=job.result_file.name.rsplit("/", 1)[-1])

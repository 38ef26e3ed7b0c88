"""Staff pages of a call's applications: the list, one application, decisions, export, funnel, fairness."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parwona.core.forms import form_first_error
from parwona.core.jobs import job_create
from parwona.core.rules import permission_needed
from parwona.core.services import audit_record

from .charts import chart
from .eligibility import reason_labels
from .exports import APPLICATIONS_EXPORT
from .fairness import FAIRNESS_EXPORT, MIN_GROUP, fairness_report
from .models import Application, Call
from .review_selectors import application_reviews
from .reviews import reviewers_all
from .rules import application_for_staff, sees_identity
from .scoring_selectors import application_points
from .staff_forms import ApplicationFilterForm, BulkEligibilityForm, EligibilityOverrideForm, ExportForm
from .staff_selectors import (
    applications_for_staff,
    applications_labelled,
    applications_submitted,
    funnel_figures,
)

PER_PAGE = 50
SEE_PERMISSIONS = ("applicants.view_application", "applicants.view_application_blind")


def _views_applications(view):
    """Let in staff who may see applications, named (coordinators) or blind (reviewers)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not any(user.has_perm(perm) for perm in SEE_PERMISSIONS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _submitted(user, pk: int) -> Application:
    """Return the submitted application `pk`; a draft is hers alone and answers 404."""
    application = application_for_staff(user, pk)
    if application.submitted_at is None:
        raise Http404
    return application



def _list_url(call_pk: int, query: str = "") -> str:
    url = reverse("staff_application_list", kwargs={"pk": call_pk})
    # Re-encoded, so that only a query string, never another address, follows the path.
    query = QueryDict(query).urlencode()
    return f"{url}?{query}" if query else url


@_views_applications
def application_list(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    identity = sees_identity(request.user)
    form = ApplicationFilterForm(request.GET or None, identity=identity)
    filters = form.filters() if form.is_valid() else {}
    applications = applications_for_staff(call=call, filters=filters, identity=identity)
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = applications_labelled(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    # The score column's header sorts by score, highest first, then lowest first on a second click.
    score_sort = query.copy()
    score_sort["sort"] = "score" if filters.get("sort") == "-score" else "-score"
    return render(
        request,
        "applicants/staff/application_list.html",
        {
            "call": call,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "score_sort_query": score_sort.urlencode(),
            "identity": identity,
            "can_screen": request.user.has_perm("applicants.screen_application"),
            "can_export": request.user.has_perm("applicants.export_application"),
            "bulk_form": EligibilityOverrideForm(),
        },
    )


@_views_applications
def application_detail(request, pk: int):
    application = _submitted(request.user, pk)
    identity = sees_identity(request.user)
    if identity:
        audit_record(actor=request.user, action="application.viewed", target=application)
    can_screen = request.user.has_perm("applicants.screen_application")
    # Reviewers' scores and names are the coordinators'; a reviewer sees others' only on her own review.
    sees_reviews = request.user.has_perm("applicants.view_reviewassignment")
    can_assign = request.user.has_perm("applicants.assign_reviewers")
    points = application_points(application=application)
    return render(
        request,
        "applicants/staff/application_detail.html",
        {
            "application": application,
            "identity": identity,
            "reasons": reason_labels(application.eligibility_reasons),
            "override_form": EligibilityOverrideForm() if can_screen else None,
            "points": points,
            "reviews": application_reviews(
                application=application, score=points["score"],
                criteria=[row["criterion"] for row in points["rows"] if not row["criterion"].is_auto],
            ) if sees_reviews else None,
            "can_assign": can_assign,
            "reviewer_choices": list(reviewers_all()) if can_assign else [],
        },
    )


@require_POST
@permission_needed("applicants.screen_application")
def application_eligibility(request, pk: int):
    application = _submitted(request.user, pk)
    form = EligibilityOverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            form.save(application=application, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The eligibility decision is recorded."))
    return redirect("staff_application_detail", pk=application.pk)


@require_POST
@permission_needed("applicants.screen_application")
def application_bulk(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    form = BulkEligibilityForm(request.POST, applications=applications_submitted(call=call))
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            changed = form.save(actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                ngettext(
                    "The decision is recorded for %(count)s application.",
                    "The decision is recorded for %(count)s applications.",
                    changed,
                )
                % {"count": changed},
            )
    return redirect(_list_url(call.pk, request.POST.get("query", "")))


@require_POST
@permission_needed("applicants.export_application")
def application_export(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    filter_form = ApplicationFilterForm(request.GET)
    export_form = ExportForm(request.POST)
    if not (filter_form.is_valid() and export_form.is_valid()):
        messages.error(request, _("Correct the filters before exporting."))
        return redirect(_list_url(call.pk, request.GET.urlencode()))
    job = job_create(
        kind=APPLICATIONS_EXPORT,
        params={
            "call": call.pk,
            "filters": filter_form.filters(),
            "format": export_form.cleaned_data["format"],
            "language": translation.get_language(),
        },
        created_by=request.user,
    )
    return redirect("job_detail", pk=job.pk)


@_views_applications
def call_funnel(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    figures = funnel_figures(call=call)
    return render(
        request,
        "applicants/staff/call_funnel.html",
        {
            "call": call,
            "figures": figures,
            "cards": [
                (_("At least basic computer skills"), figures["computer"]),
                (_("Use social media, for chatting or selling"), figures["social"]),
                (_("Formally employed, full- or part-time"), figures["formal"]),
                (_("Use AI tools every day"), figures["ai_daily"]),
            ],
            "per_day": chart(figures["per_day"], width=600, height=200),
            "per_region": chart(
                figures["per_region"], width=600, height=36 * len(figures["per_region"]), horizontal=True
            ),
        },
    )


@permission_needed("applicants.view_application")
def call_fairness(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    return render(
        request,
        "applicants/staff/call_fairness.html",
        {
            "call": call,
            "report": fairness_report(call=call),
            "min_group": MIN_GROUP,
            "can_export": request.user.has_perm("applicants.export_application"),
        },
    )


@require_POST
@permission_needed("applicants.export_application")
def call_fairness_export(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose CSV or XLSX."))
        return redirect("staff_call_fairness", pk=call.pk)
    job = job_create(
        kind=FAIRNESS_EXPORT,
        params={
            "call": call.pk, "format": form.cleaned_data["format"], "language": translation.get_language(),
        },
        created_by=request.user,
    )
    return redirect("job_detail", pk=job.pk)

"""Pages of cohort selection: the coordinator's selection and cohort pages, and her answer to an offer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parwona.core.forms import form_first_error
from parwona.core.rules import permission_needed

from . import cohorts
from .cohort_forms import CohortSelectForm, OfferDeclineForm, ReasonForm, SelectionOverrideForm
from .cohort_selectors import (
    cohort_figures,
    cohort_free_seats,
    cohort_offers,
    cohort_waitlist,
    selection_overrides,
    selection_preview,
)
from .enums import CohortStatus
from .models import Call, Cohort, Offer, SelectionOverride

PER_PAGE = 50
WAITLIST_HEAD = 20



def _select_url(call_pk: int, query: str = "") -> str:
    url = reverse("staff_cohort_select", kwargs={"pk": call_pk})
    # Re-encoded, so that only a query string, never another address, follows the path.
    query = QueryDict(query).urlencode()
    return f"{url}?{query}" if query else url


@permission_needed("applicants.select_cohort")
def cohort_select(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    cohort = Cohort.objects.filter(call=call).first()
    confirmed = cohort is not None and cohort.status == CohortStatus.CONFIRMED
    bound = "size" in request.GET and not confirmed
    form = CohortSelectForm(
        request.GET if bound else None, call=call, initial=CohortSelectForm.initial_for(call)
    )
    overrides = list(selection_overrides(call=call)) if not confirmed else []
    preview = page = None
    if bound and form.is_valid():
        preview = selection_preview(call=call, size=form.cleaned_data["size"], minimums=form.minimums(),
                                    overrides=overrides)
        if not preview.problems:
            page = Paginator(preview.selected_rows(), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applicants/cohort/select.html",
        {
            "call": call,
            "cohort": cohort,
            "confirmed": confirmed,
            "form": form,
            "preview": preview,
            "page": page,
            "waitlist_head": preview.waitlist_rows(WAITLIST_HEAD) if page is not None else [],
            "confirm_values": form.query() if page is not None else {},
            "query": query.urlencode(),
            "overrides": overrides,
            "override_form": SelectionOverrideForm(call=call),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
@permission_needed("applicants.select_cohort")
def cohort_confirm(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    form = CohortSelectForm(request.POST, call=call)
    query = QueryDict(mutable=True)
    query.update({k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"})
    if not form.is_valid():
        messages.error(request, form_first_error(form))
        return redirect(_select_url(call.pk, query.urlencode()))
    try:
        job, new = form.enqueue(actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_select_url(call.pk, query.urlencode()))
    if not new:
        messages.info(request, _("A confirmation of this cohort is already under way."))
    return redirect("job_detail", pk=job.pk)


@require_POST
@permission_needed("applicants.select_cohort")
def selection_override_set(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    form = SelectionOverrideForm(request.POST, call=call)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            form.save(actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The decision is recorded and shown in the preview."))
    return redirect(_select_url(call.pk, request.POST.get("query", "")))


@require_POST
@permission_needed("applicants.select_cohort")
def selection_override_remove(request, pk: int):
    override = get_object_or_404(SelectionOverride.objects.select_related("application__call"), pk=pk)
    call_pk = override.application.call_id
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            cohorts.selection_override_remove(
                override=override, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The decision is removed."))
    return redirect(_select_url(call_pk, request.POST.get("query", "")))


@permission_needed("applicants.view_cohort")
def cohort_detail(request, pk: int):
    cohort = get_object_or_404(Cohort.objects.select_related("call", "confirmed_by"), pk=pk)
    offers = Paginator(cohort_offers(cohort=cohort), PER_PAGE).get_page(request.GET.get("page"))
    waitlist = Paginator(cohort_waitlist(cohort=cohort), PER_PAGE).get_page(request.GET.get("wpage"))
    wquery = request.GET.copy()
    wquery.pop("wpage", None)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applicants/cohort/detail.html",
        {
            "cohort": cohort,
            "call": cohort.call,
            "figures": cohort_figures(cohort=cohort),
            "free_seats": cohort_free_seats(cohort=cohort),
            "page": offers,
            "query": query.urlencode(),
            "waitlist": waitlist,
            "wquery": wquery.urlencode(),
            "can_withdraw": request.user.has_perm("applicants.select_cohort"),
        },
    )


@require_POST
@permission_needed("applicants.select_cohort")
def offer_withdraw(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            refill = cohorts.offer_withdraw(
                offer=offer, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _refill_message(refill))
    return redirect("staff_cohort_detail", pk=offer.cohort_id)


def _refill_message(refill: Offer | None) -> str:
    if refill is None:
        return _("The offer is withdrawn. Nobody on the waiting list can take the seat: it is left free.")
    return _("The offer is withdrawn and the seat offered to %(reference)s.") % {
        "reference": refill.application.reference
    }


# Her answer


def _her_offer(request, pk: int) -> Offer:
    """Return her own offer `pk`; anyone else's answers 404."""
    return get_object_or_404(
        Offer.objects.select_related("application"), pk=pk, application__applicant=request.user
    )


@require_POST
@login_required
def offer_accept(request, pk: int):
    offer = _her_offer(request, pk)
    try:
        cohorts.offer_accept(offer=offer, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Welcome to the programme! You have accepted your place."))
    return redirect("application_detail", pk=offer.application_id)


@require_POST
@login_required
def offer_decline(request, pk: int):
    offer = _her_offer(request, pk)
    form = OfferDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            form.save(offer=offer, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("You have declined the place. Thank you for telling us."))
    return redirect("application_detail", pk=offer.application_id)

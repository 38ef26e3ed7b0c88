"""Pages of firms: the public application, the firm's own page, the coordinators' firm pages."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parwona.core.forms import form_first_error
from parwona.core.rules import permission_needed

from . import services
from .forms import FirmApplicationForm, FirmBaselineForm, FirmDeclineForm, FirmEditForm, FirmFilterForm
from .manager_panels import manager_panels_render
from .match_selectors import firm_managers, manager_card
from .rules import firm_for_staff, is_firm_representative, may_apply_as_firm, own_firm
from .selectors import firm_of, firms_for_staff

PER_PAGE = 50
# Applications a single address may send in an hour: enough for an office sharing one connection.
APPLY_LIMIT = 10
APPLY_WINDOW = 3600


def _apply_allowed(request) -> bool:
    """Count this submission against its address; False once the hour's allowance is spent."""
    key = f"firm_apply:{get_adapter().get_client_ip(request)}"
    cache.add(key, 0, APPLY_WINDOW)
    try:
        return cache.incr(key) <= APPLY_LIMIT
    except ValueError:  # the counter expired in between
        return True


def firm_apply(request):
    """The public application of a firm, or, for a signed-in representative, from her account."""
    user = request.user
    if user.is_authenticated and is_firm_representative(user) and firm_of(user) is not None:
        return redirect("my_firm")
    if not may_apply_as_firm(user):
        return render(request, "matching/firm_apply_other_role.html")
    new_account = not user.is_authenticated
    initial = {"language": translation.get_language(), "capacity": 1}
    if not new_account:
        initial |= {
            "contact_name": user.full_name,
            "contact_phone": user.phone,
            "contact_email": user.email,
            "language": user.language,
        }
    form = FirmApplicationForm(request.POST or None, initial=initial, new_account=new_account)
    if request.method == "POST" and form.is_valid():
        if not _apply_allowed(request):
            form.add_error(
                None, _("Too many applications were sent from your connection. Try again in an hour.")
            )
        else:
            try:
                firm = services.firm_apply(
                    values=form.values(),
                    language=form.cleaned_data["language"],
                    representative=None if new_account else user,
                    email=form.cleaned_data["contact_email"],
                )
            except ValidationError as exc:
                form.add_error("contact_email" if exc.code == "exists" else None, exc)
            else:
                request.session["firm_applied"] = {"name": firm.name, "new_account": new_account}
                return redirect("firm_apply_done")
    return render(request, "matching/firm_apply.html", {"form": form, "new_account": new_account})


def firm_apply_done(request):
    """The confirmation after a firm's application, in the language she chose for our messages."""
    applied = request.session.get("firm_applied")
    return render(request, "matching/firm_apply_done.html", {"applied": applied})


@login_required
def my_firm(request):
    """The representative's page of her firm: status, details, baseline and her manager."""
    if is_firm_representative(request.user) and firm_of(request.user) is None:
        return redirect("firm_apply")
    firm = own_firm(request.user)
    cards = [manager_card(participant=p) for p in firm_managers(firm=firm)]
    return render(
        request,
        "matching/my_firm.html",
        {
            "firm": firm,
            "editable": bool(services.firm_editable_fields(firm=firm)),
            "managers": [
                {
                    "card": card,
                    "panels": manager_panels_render(request, participant=card.participant, firm=firm),
                }
                for card in cards
            ],
        },
    )


@login_required
def my_firm_edit(request):
    firm = own_firm(request.user)
    fields = services.firm_editable_fields(firm=firm)
    if not fields:
        messages.info(
            request, _("The firm's details can no longer be changed here. Write to the programme team.")
        )
        return redirect("my_firm")
    form = FirmEditForm(request.POST or None, firm=firm, field_names=fields)
    if request.method == "POST" and form.is_valid():
        try:
            services.firm_update(firm=firm, actor=request.user, values=form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The firm's details are saved."))
            return redirect("my_firm")
    return render(request, "matching/my_firm_edit.html", {"firm": firm, "form": form})


@permission_needed("matching.view_firm")
def firm_list(request):
    form = FirmFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    page = Paginator(firms_for_staff(**filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "matching/staff/firm_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def firm_detail(request, pk: int):
    """One firm for coordinators; to everyone else, their own firm included, it does not exist."""
    firm = firm_for_staff(request.user, pk)
    can_change = request.user.has_perm("matching.change_firm")
    return render(
        request,
        "matching/staff/firm_detail.html",
        {
            "firm": firm,
            "can_change": can_change,
            "decline_form": FirmDeclineForm() if can_change and firm.is_applied else None,
            "baseline_form": FirmBaselineForm(
                initial={"baseline_revenue": firm.baseline_revenue, "baseline_shops": firm.baseline_shops}
            )
            if can_change
            else None,
        },
    )



@require_POST
@permission_needed("matching.change_firm")
def firm_approve(request, pk: int):
    firm = firm_for_staff(request.user, pk)
    try:
        services.firm_approve(firm=firm, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The firm is approved and its representative is told."))
    return redirect("staff_firm_detail", pk=firm.pk)


@require_POST
@permission_needed("matching.change_firm")
def firm_decline(request, pk: int):
    firm = firm_for_staff(request.user, pk)
    form = FirmDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
        return redirect("staff_firm_detail", pk=firm.pk)
    try:
        services.firm_decline(firm=firm, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The firm is declined and its representative is told why."))
    return redirect("staff_firm_detail", pk=firm.pk)


@require_POST
@permission_needed("matching.change_firm")
def firm_baseline(request, pk: int):
    firm = firm_for_staff(request.user, pk)
    form = FirmBaselineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
        return redirect("staff_firm_detail", pk=firm.pk)
    services.firm_baseline_set(
        firm=firm,
        actor=request.user,
        revenue=form.cleaned_data["baseline_revenue"],
        shops=form.cleaned_data["baseline_shops"],
    )
    messages.success(request, _("The firm's baseline is saved."))
    return redirect("staff_firm_detail", pk=firm.pk)

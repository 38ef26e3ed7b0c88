"""Pages of the matching workflow: the coordinators' rounds, runs, comparison and review, and the
firm's page of its manager."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.enums import CohortStatus
from applicants.models import Cohort
from parwona.core.forms import form_first_error
from parwona.core.rules import permission_needed
from parwona.core.services import audit_record

from . import runs
from .compatibility import FACTORS
from .enums import MatchAlgorithm
from .manager_panels import manager_panels_render
from .match_forms import FACTOR_LABELS, MatchEndForm, PairRuleForm, RoundSettingsForm, RunStartForm, SwapForm
from .match_selectors import (
    cohorts_for_matching,
    firm_manager,
    latest_runs,
    manager_card,
    round_jobs_active,
    round_matches,
    round_rules,
    round_runs,
    run_pairs,
    run_unmatched,
    runs_compare,
)
from .models import Match, MatchingRound, MatchRun, PairRule
from .rules import own_firm

PER_PAGE = 50
UNMATCHED_SHOWN = 50



def _round(pk: int) -> MatchingRound:
    """Return the matching round of confirmed cohort `pk`, creating it on first use."""
    cohort = get_object_or_404(Cohort.objects.select_related("call"), pk=pk, status=CohortStatus.CONFIRMED)
    round_ = runs.round_for(cohort=cohort)
    round_.cohort = cohort
    return round_


def _run(pk: int) -> MatchRun:
    return get_object_or_404(MatchRun.objects.select_related("round__cohort", "job", "created_by"), pk=pk)


@permission_needed("matching.view_match")
def round_list(request):
    return render(request, "matching/matching/round_list.html", {"cohorts": cohorts_for_matching()})


@permission_needed("matching.view_match")
def round_detail(request, pk: int):
    round_ = _round(pk)
    matches = Paginator(round_matches(round=round_, active=True), PER_PAGE).get_page(request.GET.get("page"))
    ended = round_matches(round=round_, active=False)
    history = Paginator(ended, PER_PAGE).get_page(request.GET.get("hpage"))
    waiting, free = runs.rematch_candidates(round=round_) if round_.published_at else ([], [])
    query = request.GET.copy()
    query.pop("page", None)
    hquery = request.GET.copy()
    hquery.pop("hpage", None)
    return render(request, "matching/matching/round_detail.html", {
        "round": round_, "cohort": round_.cohort, "runs": round_runs(round=round_),
        "jobs": round_jobs_active(round=round_), "rules": round_rules(round=round_),
        "matches": matches, "history": history, "query": query.urlencode(), "hquery": hquery.urlencode(),
        "waiting": len(waiting), "free": len(free), "end_form": MatchEndForm(),
        "can_run": request.user.has_perm("matching.run_matching"),
        "latest": latest_runs(round=round_),
    })


@permission_needed("matching.run_matching")
def round_settings(request, pk: int):
    round_ = _round(pk)
    form = RoundSettingsForm(request.POST or None, round=round_)
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The matching settings are saved. Run the matching to apply them."))
            return redirect("staff_match_round", pk=pk)
    return render(request, "matching/matching/round_settings.html",
                  {"round": round_, "cohort": round_.cohort, "form": form})


@require_POST
@permission_needed("matching.run_matching")
def run_start(request, pk: int):
    round_ = _round(pk)
    form = RunStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an algorithm."))
        return redirect("staff_match_round", pk=pk)
    try:
        runs.match_run_enqueue(round=round_, algorithms=form.algorithms(), actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The matching is running. Its progress shows below."))
    return redirect("staff_match_round", pk=pk)


@require_POST
@permission_needed("matching.run_matching")
def rematch_start(request, pk: int):
    round_ = _round(pk)
    try:
        runs.match_run_enqueue(round=round_, algorithms=[MatchAlgorithm.OPTIMAL], actor=request.user,
                               rematch=True)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The re-match is running. Its progress shows below."))
    return redirect("staff_match_round", pk=pk)


@permission_needed("matching.view_match")
def runs_compare_view(request, pk: int):
    round_ = _round(pk)
    latest = latest_runs(round=round_)
    optimal, stable = latest[MatchAlgorithm.OPTIMAL], latest[MatchAlgorithm.STABLE]
    comparison = runs_compare(optimal=optimal, stable=stable) if optimal and stable else None
    return render(request, "matching/matching/compare.html",
                  {"round": round_, "cohort": round_.cohort, "comparison": comparison})


def _breakdown_rows(breakdown: list[dict]) -> list[dict]:
    labels = {f: FACTOR_LABELS[f] for f in FACTORS}
    return [row | {"label": labels.get(row["factor"], row["factor"])} for row in breakdown]


@permission_needed("matching.view_match")
def run_detail(request, pk: int):
    run = _run(pk)
    page = Paginator(run_pairs(run=run), PER_PAGE).get_page(request.GET.get("page"))
    pairs = list(page)
    for pair in pairs:
        pair.why = _breakdown_rows(pair.breakdown)
    unmatched = list(run_unmatched(run=run)[:UNMATCHED_SHOWN])
    published = Match.objects.filter(run=run).exists()
    can_run = request.user.has_perm("matching.run_matching")
    editable = can_run and not published and (not run.round.published_at or run.summary.get("rematch"))
    return render(request, "matching/matching/run_detail.html", {
        "run": run, "round": run.round, "cohort": run.round.cohort, "page": page, "pairs": pairs,
        "unmatched": unmatched, "published": published, "editable": editable,
        "summary": run.summary,
    })


@require_POST
@permission_needed("matching.run_matching")
def pair_swap(request, pk: int):
    run = _run(pk)
    form = SwapForm(request.POST, run=run)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            form.save(actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The two participants' firms are swapped."))
    return redirect("staff_match_run", pk=run.pk)


@require_POST
@permission_needed("matching.run_matching")
def pair_rule_add(request, pk: int):
    run = _run(pk)
    form = PairRuleForm(request.POST, round=run.round)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            form.save(actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The rule is recorded. Run the matching again to apply it."))
    return redirect("staff_match_run", pk=run.pk)


@require_POST
@permission_needed("matching.run_matching")
def pair_rule_remove(request, pk: int):
    rule = get_object_or_404(PairRule.objects.select_related("round"), pk=pk)
    runs.pair_rule_remove(rule=rule, actor=request.user)
    messages.success(request, _("The rule is removed."))
    return redirect("staff_match_round", pk=rule.round.cohort_id)


@require_POST
@permission_needed("matching.run_matching")
def run_publish(request, pk: int):
    run = _run(pk)
    try:
        runs.matches_publish(run=run, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("staff_match_run", pk=run.pk)
    messages.success(request, _("The matches are published; participants and firms are told by email."))
    return redirect("staff_match_round", pk=run.round.cohort_id)


@require_POST
@permission_needed("matching.run_matching")
def match_end(request, pk: int):
    match = get_object_or_404(Match.objects.select_related("round"), pk=pk)
    form = MatchEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
    else:
        try:
            runs.match_end(match=match, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
                           actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The match has ended. Re-match to propose a new firm and manager."))
    return redirect("staff_match_round", pk=match.round.cohort_id)


@login_required
def my_firm_manager(request, pk: int):
    """The firm's page of one of its managers; any other participant does not exist for it (404)."""
    firm = own_firm(request.user)
    participant = firm_manager(firm=firm, pk=pk)
    if participant is None:
        raise Http404
    # Her profile is personal data shown outside the programme's staff: each view is on record.
    audit_record(actor=request.user, action="matching.manager_viewed", target=participant)
    return render(request, "matching/manager.html", {
        "firm": firm, "card": manager_card(participant=participant),
        "panels": manager_panels_render(request, participant=participant, firm=firm),
    })

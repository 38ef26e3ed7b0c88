"""Pages of preferences: the coordinator's preference window of a cohort, a participant's matching profile
and her ranking of firms, a firm's ranking of the cohort's candidates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applicants.models import Cohort
from parwona.core.forms import form_first_error
from parwona.core.rules import permission_needed
from parwona.users.enums import Role

from . import preferences
from .enums import PreferenceSide
from .models import MatchingRound
from .preference_forms import ParticipantProfileForm, PreferenceWindowForm, RankingForm
from .preference_selectors import (
    PREFERENCES_MAX,
    candidate_cards,
    firm_cards,
    participant_in_cohort,
    preference_figures,
    preferences_of,
    preferences_window_open,
)
from .rules import is_firm_representative
from .selectors import firm_of

# The coordinator's page


@permission_needed("matching.run_matching")
def staff_preferences(request, pk: int):
    cohort = get_object_or_404(Cohort.objects.select_related("call"), pk=pk)
    round_ = MatchingRound.objects.filter(cohort=cohort).first()
    is_open = preferences_window_open(round_=round_, now=timezone.now())
    deadline = round_.preferences_deadline if round_ else None
    return render(
        request,
        "matching/preferences/staff.html",
        {
            "cohort": cohort,
            "round": round_,
            "is_open": is_open,
            "figures": preference_figures(cohort=cohort, round_=round_),
            "form": PreferenceWindowForm(initial={"action": "open", "deadline": deadline}),
        },
    )


@require_POST
@permission_needed("matching.run_matching")
def staff_preferences_window(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    form = PreferenceWindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_first_error(form))
        return redirect("staff_preferences", pk=cohort.pk)
    values = form.values()
    try:
        preferences.preferences_open_set(cohort=cohort, actor=request.user, **values)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("Preferences are open: participants and firms are told by email.")
            if values["open"]
            else _("Preferences are closed: rankings can no longer change."),
        )
    return redirect("staff_preferences", pk=cohort.pk)


@require_POST
@permission_needed("matching.run_matching")
def staff_preferences_remind(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    try:
        count = preferences.preferences_remind(cohort=cohort, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is being sent to %(count)s person.",
                "Reminders are being sent to %(count)s people.",
                count,
            )
            % {"count": count},
        )
    return redirect("staff_preferences", pk=cohort.pk)


# The participant's pages


def _her_place(request, pk: int):
    """Return her place in cohort `pk`; to anyone not in it, the cohort's pages do not exist."""
    if Role.PARTICIPANT not in request.user.roles:
        raise Http404
    participant = participant_in_cohort(user=request.user, cohort_id=pk)
    if participant is None:
        raise Http404
    return participant


def _round_of(cohort: Cohort) -> MatchingRound | None:
    try:
        return cohort.matching
    except MatchingRound.DoesNotExist:
        return None


@login_required
def matching_profile(request, pk: int):
    participant = _her_place(request, pk)
    profile = getattr(participant, "matching_profile", None)
    initial = (
        {"sectors": profile.sectors, "skills": profile.skills, "remote_ok": profile.remote_ok}
        if profile
        else {"remote_ok": True}
    )
    form = ParticipantProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            preferences.participant_profile_save(participant=participant, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your matching profile is saved."))
            return redirect("participant_preferences", pk=pk)
    return render(request, "matching/preferences/profile.html", {"form": form, "cohort": participant.cohort})


def _ranking_page(request, *, round_, cards_for, side: str, owner_id: int, save, context: dict):
    """Show the cards with their rank selects, and save the ranking while the window is open."""
    now = timezone.now()
    is_open = preferences_window_open(round_=round_, now=now)
    ranking = preferences_of(round_=round_, side=side, owner_id=owner_id) if round_ else {}
    cards = cards_for(round_=round_, ranking=ranking) if round_ and (is_open or ranking) else []
    form = RankingForm(request.POST if request.method == "POST" else None, cards=cards, disabled=not is_open)
    if request.method == "POST":
        if not is_open:
            messages.error(request, preferences.MESSAGE_CLOSED)
            return redirect(request.path)
        if form.is_valid():
            try:
                count = save(ranking=form.ranking(), now=now)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your ranking is saved: %(count)s ranked.") % {"count": count})
                return redirect(request.path)
    ranked = sorted((card for card in cards if card.rank), key=lambda card: card.rank)
    return render(
        request,
        "matching/preferences/rank.html",
        {
            **context,
            "round": round_,
            "is_open": is_open,
            "never_opened": round_ is None or round_.preferences_deadline is None,
            "form": form,
            "ranked": ranked,
            "limit": min(PREFERENCES_MAX, len(cards)),
        },
    )


@login_required
def participant_preferences(request, pk: int):
    participant = _her_place(request, pk)
    round_ = _round_of(participant.cohort)

    def save(*, ranking, now):
        return preferences.participant_preferences_replace(
            participant=participant, round_=round_, ranking=ranking, now=now
        )

    return _ranking_page(
        request,
        round_=round_,
        cards_for=firm_cards,
        side=PreferenceSide.PARTICIPANT,
        owner_id=participant.pk,
        save=save,
        context={
            "cohort": participant.cohort,
            "title": _("Rank the firms"),
            "intro": _(
                "Each card is a firm approved for the programme. Names are hidden so that you choose by "
                "what the firm does and needs. Give 1 to the firm you would most like to work with."
            ),
            "has_profile": hasattr(participant, "matching_profile"),
            "side": "participant",
        },
    )


@login_required
def firm_preferences(request, firm_pk: int, pk: int):
    firm = firm_of(request.user) if is_firm_representative(request.user) else None
    if firm is None or firm.pk != firm_pk:
        raise Http404
    cohort = get_object_or_404(Cohort, pk=pk)
    round_ = _round_of(cohort)
    if not firm.is_approved:
        return render(
            request,
            "matching/preferences/rank.html",
            {"cohort": cohort, "not_approved": True, "title": _("Rank the candidates")},
        )

    def save(*, ranking, now):
        return preferences.firm_preferences_replace(
            firm=firm, round_=round_, actor=request.user, ranking=ranking, now=now
        )

    return _ranking_page(
        request,
        round_=round_,
        cards_for=candidate_cards,
        side=PreferenceSide.FIRM,
        owner_id=firm.pk,
        save=save,
        context={
            "cohort": cohort,
            "title": _("Rank the candidates"),
            "intro": _(
                "Each card is a woman of the cohort: her skills, region and languages. Who she is stays "
                "hidden until matching is published. Give 1 to the candidate you would most like to host."
            ),
            "side": "firm",
        },
    )

"""Forms of the matching workflow: a round's settings, swaps, pins and forbids, ending a match."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applicants.models import Participant

from . import runs
from .compatibility import DEFAULT_WEIGHTS, FACTORS, weights_validate
from .enums import FirmStatus, MatchAlgorithm, MatchEndReason, PairRuleKind, Proposing
from .models import Firm, MatchingRound, MatchRun, ProposedPair

WEIGHT_PREFIX = "weight_"
FACTOR_LABELS = {
    "location": _("Same city or region, or remote work"),
    "languages": _("Languages the firm needs"),
    "skills": _("Skills the firm needs"),
    "marketplaces": _("Marketplace experience"),
    "sector": _("Interest in the firm's sector"),
    "participant_rank": _("Her ranking of the firm"),
    "firm_rank": _("The firm's ranking of her"),
    "travel": _("She can get to the firm"),
}


class RoundSettingsForm(forms.Form):
    """A weight for each compatibility factor, the minimum acceptable score and who proposes."""

    min_score = forms.DecimalField(label=_("Minimum acceptable compatibility (0–100)"), min_value=0,
                                   max_value=100, decimal_places=2, max_digits=5)
    proposing = forms.ChoiceField(label=_("Who proposes in stable matching"), choices=Proposing.choices)

    def __init__(self, *args, round: MatchingRound, **kwargs):
        weights = weights_validate(round.weights)
        kwargs.setdefault("initial", {"min_score": round.min_score, "proposing": round.proposing}
                          | {WEIGHT_PREFIX + f: weights[f] for f in FACTORS})
        super().__init__(*args, **kwargs)
        self.round = round
        for factor in FACTORS:
            self.fields[WEIGHT_PREFIX + factor] = forms.DecimalField(
                label=FACTOR_LABELS[factor], min_value=0, max_value=100, decimal_places=2, max_digits=5,
                help_text=_("Default %(weight)s") % {"weight": f"{DEFAULT_WEIGHTS[factor]:g}"},
            )
        self.order_fields([WEIGHT_PREFIX + f for f in FACTORS] + ["min_score", "proposing"])

    def weights(self) -> dict[str, float]:
        return {f: float(self.cleaned_data[WEIGHT_PREFIX + f]) for f in FACTORS}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                weights_validate(self.weights())
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
        return cleaned

    def save(self, *, actor) -> MatchingRound:
        return runs.round_settings_set(round=self.round, weights=self.weights(),
                                       min_score=Decimal(self.cleaned_data["min_score"]),
                                       proposing=self.cleaned_data["proposing"], actor=actor)


class RunStartForm(forms.Form):
    ALGORITHMS = [*MatchAlgorithm.choices, ("both", _("Both"))]
    algorithm = forms.ChoiceField(choices=ALGORITHMS)

    def algorithms(self) -> list[str]:
        value = self.cleaned_data["algorithm"]
        return list(MatchAlgorithm.values) if value == "both" else [value]


class SwapForm(forms.Form):
    first = forms.ModelChoiceField(label=_("Participant"), queryset=ProposedPair.objects.none())
    second = forms.ModelChoiceField(label=_("Swap her firm with"), queryset=ProposedPair.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, run: MatchRun, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = self.fields["second"].queryset = ProposedPair.objects.filter(run=run)

    def save(self, *, actor) -> None:
        runs.pairs_swap(first=self.cleaned_data["first"], second=self.cleaned_data["second"],
                        reason=self.cleaned_data["reason"], actor=actor)


class PairRuleForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=Participant.objects.none())
    firm = forms.ModelChoiceField(queryset=Firm.objects.none())
    kind = forms.ChoiceField(label=_("Rule"), choices=PairRuleKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, round: MatchingRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["participant"].queryset = Participant.objects.filter(cohort_id=round.cohort_id)
        self.fields["firm"].queryset = Firm.objects.filter(status=FirmStatus.APPROVED)

    def save(self, *, actor):
        return runs.pair_rule_set(round=self.round, participant=self.cleaned_data["participant"],
                                  firm=self.cleaned_data["firm"], kind=self.cleaned_data["kind"],
                                  reason=self.cleaned_data["reason"], actor=actor)


class MatchEndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why it ends"), choices=MatchEndReason.choices)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

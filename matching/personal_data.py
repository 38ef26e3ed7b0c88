"""Matching's part of her data export: her firm as a representative, her profile, rankings and matches."""

from parwona.core.personal_data import PersonalDataSection, json_value, model_row, personal_data_register

from .enums import PreferenceSide
from .models import FirmMember, Match, ParticipantProfile, Preference


def matching_collect(*, user) -> dict:
    """Return what matching holds about her, as a participant or as a firm's representative."""
    membership = FirmMember.objects.filter(user=user).select_related("firm").first()
    rankings = Preference.objects.filter(participant__user=user, side=PreferenceSide.PARTICIPANT)
    return {
        "firm_representative_of": (
            {"firm": membership.firm.name, "since": json_value(membership.created_at)}
            if membership else None
        ),
        "profiles": [
            model_row(profile)
            for profile in ParticipantProfile.objects.filter(participant__user=user).order_by("pk")
        ],
        "her_ranking_of_firms": [
            {"firm": firm, "rank": rank}
            for firm, rank in rankings.order_by("round", "rank").values_list("firm__name", "rank")
        ],
        "matches": [
            model_row(match, exclude=["run", "breakdown", "ended_by"]) | {"firm": match.firm.name}
            for match in Match.objects.filter(participant__user=user).select_related("firm").order_by("pk")
        ],
    }


personal_data_register(section=PersonalDataSection(name="matching", collect=matching_collect, order=20))

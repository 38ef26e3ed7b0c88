"""Reads of preferences: the anonymised cards each side ranks, saved rankings, the coordinator's counts.

Cards are built from `values()` of the fields a card shows, so that a firm's name and contacts, or a
participant's name, phone, email, birth date, address and application reference, are never even read.
Each card is known by a key derived from the round and the row (an HMAC of the site's secret): the cards
are shown in the order of their keys, a shuffle that is stable within a round and differs between rounds,
and forms post keys, never the rows' ids.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from applicants.enums import (
    SPOKEN_LANGUAGES,
    AIUse,
    ComputerLevel,
    LanguageLevel,
    Marketplace,
    Region,
    SocialMediaUse,
)
from applicants.models import Participant

from .enums import (
    FIRM_LANGUAGES,
    Channel,
    FirmSize,
    FirmStatus,
    Market,
    PreferenceSide,
    Sector,
    Skill,
    WorkMode,
)
from .models import Firm, MatchingRound, ParticipantProfile, Preference

# How many cards of the other side each participant or firm may rank.
PREFERENCES_MAX = 10

FIRM_CARD_FIELDS = [
    "pk",
    "name",
    "tax_number",
    "contact_name",
    "contact_phone",
    "contact_email",
    "sector",
    "region",
    "city",
    "size",
    "sells",
    "channels",
    "market",
    "skills_needed",
    "languages",
    "work_mode",
    "hours_per_week",
]
CANDIDATE_CARD_FIELDS = [
    "pk",
    "application__region",
    "application__languages",
    "application__marketplaces",
    "application__ai_use",
    "application__social_media",
    "application__computer_level",
    "matching_profile__skills",
    "matching_profile__sectors",
    "matching_profile__remote_ok",
]
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d\s()-]{6,}\d")
_LINK = re.compile(r"(https?://|www\.)\S+|@\w{3,}", re.IGNORECASE)
HIDDEN = "…"


@dataclass
class Card:
    """One anonymised card: its key (what forms post), its label and the lines it shows."""

    pk: int
    key: str
    label: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    rank: int | None = None


def card_key(*, round_id: int, side: str, pk: int) -> str:
    """Return the key of row `pk` of `side` on the cards of round `round_id`."""
    message = f"preferences:{round_id}:{side}:{pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def _letters(index: int) -> str:
    """Return A, B, … Z, AA, AB, … for 0, 1, …"""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _labels(values, choices) -> str:
    labels = dict(choices)
    return ", ".join(str(labels[v]) for v in values or [] if v in labels)


def _label(value, choices) -> str:
    return str(dict(choices).get(value, "")) if value else ""


def firm_text_redact(text: str, *, secrets: list[str]) -> str:
    """Return what a firm sells with its name, contacts, emails, phones and links taken out."""
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = re.sub(re.escape(secret), HIDDEN, text, flags=re.IGNORECASE)
    for pattern in (_EMAIL, _LINK, _PHONE):
        text = pattern.sub(HIDDEN, text)
    return text


def preferences_window_open(*, round_: MatchingRound | None, now: datetime) -> bool:
    """Return whether the round takes rankings at `now`: opened and before its deadline."""
    return (
        round_ is not None
        and round_.preferences_open
        and round_.preferences_deadline is not None
        and now < round_.preferences_deadline
        and round_.published_at is None
    )


def firms_rankable() -> QuerySet:
    """Return the firms participants may rank: the approved ones."""
    return Firm.objects.filter(status=FirmStatus.APPROVED)


def participants_rankable(*, round_: MatchingRound) -> QuerySet:
    """Return the participants firms may rank in the round: its cohort's."""
    return Participant.objects.filter(cohort_id=round_.cohort_id)


def preferences_of(*, round_: MatchingRound, side: str, owner_id: int) -> dict[int, int]:
    """Return {id of the ranked row: rank} of one participant's (or one firm's) ranking in the round."""
    if side == PreferenceSide.PARTICIPANT:
        rows = Preference.objects.filter(round=round_, side=side, participant_id=owner_id)
        return dict(rows.values_list("firm_id", "rank"))
    rows = Preference.objects.filter(round=round_, side=side, firm_id=owner_id)
    return dict(rows.values_list("participant_id", "rank"))


def firm_cards(*, round_: MatchingRound, ranking: dict[int, int] | None = None) -> list[Card]:
    """Return the anonymised cards of the approved firms, "Firm A", "Firm B"…, in the round's order."""
    ranking = ranking or {}
    cards = []
    for row in firms_rankable().values(*FIRM_CARD_FIELDS):
        secrets = [
            row["name"],
            row["tax_number"],
            row["contact_name"],
            row["contact_phone"],
            row["contact_email"],
        ]
        facts = [
            (_("Sector"), _label(row["sector"], Sector.choices)),
            (_("Region"), _label(row["region"], Region.choices)),
            (_("City or district"), firm_text_redact(row["city"], secrets=secrets)),
            (_("Size"), _label(row["size"], FirmSize.choices)),
            (_("Sells online now"), _labels(row["channels"], Channel.choices)),
            (_("Market"), _label(row["market"], Market.choices)),
            (_("Skills needed"), _labels(row["skills_needed"], Skill.choices)),
            (_("Languages"), _labels(row["languages"], FIRM_LANGUAGES)),
            (_("Way of working"), _label(row["work_mode"], WorkMode.choices)),
            (_("Hours a week"), str(row["hours_per_week"])),
        ]
        cards.append(
            Card(
                pk=row["pk"],
                key=card_key(round_id=round_.pk, side=PreferenceSide.PARTICIPANT, pk=row["pk"]),
                facts=[(name, value) for name, value in facts if value],
                text=firm_text_redact(row["sells"], secrets=secrets),
            )
        )
    cards.sort(key=lambda card: card.key)
    for index, card in enumerate(cards):
        card.label = _("Firm %(letter)s") % {"letter": _letters(index)}
        card.rank = ranking.get(card.pk)
    return cards


def _language_levels(languages: dict) -> str:
    levels = dict(LanguageLevel.choices)
    return ", ".join(
        f"{name} ({levels[languages[code]]})"
        for code, name in SPOKEN_LANGUAGES
        if languages.get(code, LanguageLevel.NONE) not in (LanguageLevel.NONE, None)
        and languages[code] in levels
    )


def candidate_cards(*, round_: MatchingRound, ranking: dict[int, int] | None = None) -> list[Card]:
    """Return the anonymised cards of the round's participants, "Candidate 1", "Candidate 2"…, in the
    round's order: skills, region and languages, never who she is or how to reach her."""
    ranking = ranking or {}
    cards = []
    for row in participants_rankable(round_=round_).values(*CANDIDATE_CARD_FIELDS):
        remote = row["matching_profile__remote_ok"]
        facts = [
            (_("Region"), _label(row["application__region"], Region.choices)),
            (_("Languages"), _language_levels(row["application__languages"] or {})),
            (_("Skills she brings"), _labels(row["matching_profile__skills"], Skill.choices)),
            (_("Marketplaces used"), _labels(row["application__marketplaces"], Marketplace.choices)),
            (_("Use of AI tools"), _label(row["application__ai_use"], AIUse.choices)),
            (_("Social media"), _label(row["application__social_media"], SocialMediaUse.choices)),
            (_("Computer skills"), _label(row["application__computer_level"], ComputerLevel.choices)),
            (_("Sectors of interest"), _labels(row["matching_profile__sectors"], Sector.choices)),
            (_("Remote work"), "" if remote is None else (_("Yes") if remote else _("No"))),
        ]
        cards.append(
            Card(
                pk=row["pk"],
                key=card_key(round_id=round_.pk, side=PreferenceSide.FIRM, pk=row["pk"]),
                facts=[(name, value) for name, value in facts if value],
            )
        )
    cards.sort(key=lambda card: card.key)
    for index, card in enumerate(cards):
        card.label = _("Candidate %(number)s") % {"number": index + 1}
        card.rank = ranking.get(card.pk)
    return cards


def unranked_participant_ids(*, round_: MatchingRound) -> list[int]:
    """Return the ids of the round's participants who have not ranked any firm."""
    ranked = Preference.objects.filter(round=round_, side=PreferenceSide.PARTICIPANT).values("participant_id")
    return list(
        participants_rankable(round_=round_)
        .exclude(pk__in=ranked)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def unranked_firm_ids(*, round_: MatchingRound) -> list[int]:
    """Return the ids of the approved firms that have not ranked any participant in the round."""
    ranked = Preference.objects.filter(round=round_, side=PreferenceSide.FIRM).values("firm_id")
    return list(firms_rankable().exclude(pk__in=ranked).order_by("pk").values_list("pk", flat=True))


def preference_figures(*, cohort, round_: MatchingRound | None) -> dict:
    """Return how many participants and approved firms there are, how many have ranked, how many
    participants filled in their matching profile."""
    participants = Participant.objects.filter(cohort=cohort).count()
    firms = firms_rankable().count()
    profiles = ParticipantProfile.objects.filter(participant__cohort=cohort).count()
    ranked = {"participants": 0, "firms": 0}
    if round_ is not None:
        ranked = Preference.objects.filter(round=round_).aggregate(
            participants=Count("participant_id", filter=Q(side=PreferenceSide.PARTICIPANT), distinct=True),
            firms=Count("firm_id", filter=Q(side=PreferenceSide.FIRM), distinct=True),
        )
    return {
        "participants": participants,
        "participants_ranked": ranked["participants"],
        "firms": firms,
        "firms_ranked": ranked["firms"],
        "profiles": profiles,
    }


def participant_in_cohort(*, user, cohort_id: int) -> Participant | None:
    """Return `user`'s place in cohort `cohort_id` with its round loaded, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Participant.objects.select_related("cohort", "cohort__matching")
        .filter(user=user, cohort_id=cohort_id)
        .first()
    )


def rounds_open_for_participant(*, user, now: datetime) -> list[MatchingRound]:
    """Return the rounds of her cohorts that take rankings now."""
    return list(
        MatchingRound.objects.filter(
            cohort__participants__user=user,
            preferences_open=True,
            preferences_deadline__gt=now,
            published_at__isnull=True,
        )
        .select_related("cohort")
        .order_by("preferences_deadline")
    )


def rounds_open(*, now: datetime) -> list[MatchingRound]:
    """Return the rounds that take rankings now."""
    return list(
        MatchingRound.objects.filter(
            preferences_open=True, preferences_deadline__gt=now, published_at__isnull=True
        )
        .select_related("cohort")
        .order_by("preferences_deadline")
    )

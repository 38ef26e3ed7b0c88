"""Preferences: the coordinator's window, anonymised cards, rankings on both sides, emails and panels."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from matching import preferences
from matching.models import MatchingRound, ParticipantProfile, Preference
from matching.preference_selectors import (
    PREFERENCES_MAX,
    candidate_cards,
    card_key,
    firm_cards,
    firm_text_redact,
)
from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import CohortFactory, FirmFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def approved_firm(**kwargs):
    return FirmFactory(status="approved", decided_at=timezone.now(), **kwargs)


def open_round(cohort, *, days: int = 3) -> MatchingRound:
    return MatchingRound.objects.create(
        cohort=cohort, preferences_open=True, preferences_deadline=timezone.now() + timedelta(days=days)
    )


@pytest.fixture
def cohort(roles):
    return CohortFactory()


@pytest.fixture
def round_(cohort):
    return open_round(cohort)


@pytest.fixture
def participant(cohort):
    """A participant who reads English."""
    return ParticipantFactory(cohort=cohort, user__language="en")


@pytest.fixture
def her(client, participant):
    """The test client signed in as the participant."""
    client.force_login(participant.user)
    return client


@pytest.fixture
def firm_rep(make_user):
    user = make_user(Role.FIRM, language="en")
    firm = approved_firm(representative=user, name="Атласи Хуҷанд", tax_number="123456789")
    return user, firm


def _rank_url(cohort):
    return reverse("participant_preferences", kwargs={"pk": cohort.pk})


def _firm_url(firm, cohort):
    return reverse("firm_preferences", kwargs={"firm_pk": firm.pk, "pk": cohort.pk})


def _post_ranks(cards, ranks: dict[int, int]) -> dict:
    """Return the form data giving each card of row id in `ranks` its rank."""
    return {f"rank_{card.key}": str(ranks.get(card.pk, "")) for card in cards}


# Cards never carry who is behind them


def test_firm_cards_never_show_a_firms_name_or_contacts(her, cohort, round_):
    firm = approved_firm(
        name="Атласи Хуҷанд",
        tax_number="123456789",
        contact_name="Фирӯз Раҳимов",
        sells="Атласи Хуҷанд: атлас ва адрас. Занг занед +992 92 555 1234 ё info@atlas.tj, www.atlas.tj",
    )
    html = her.get(_rank_url(cohort)).content.decode()
    for secret in (
        firm.name,
        firm.tax_number,
        firm.contact_name,
        firm.contact_phone,
        firm.contact_email,
        "info@atlas.tj",
        "555 1234",
        "www.atlas.tj",
    ):
        assert secret not in html
    assert "Firm A" in html
    assert "атлас ва адрас" in html


def test_firm_text_redact_takes_out_name_phones_emails_and_links():
    text = "Ширкати Сомон sells silk; call +992 93 123 45 67, write a@b.tj, see https://x.tj or @somon_shop"
    assert firm_text_redact(text, secrets=["Ширкати Сомон"]) == "… sells silk; call …, write …, see … or …"


def test_candidate_cards_never_show_a_participants_name_contacts_or_reference(
    client, firm_rep, cohort, round_
):
    user, firm = firm_rep
    participant = ParticipantFactory(cohort=cohort)
    ParticipantProfile.objects.create(participant=participant, skills=["data_analytics"], sectors=["food"])
    application = participant.application
    client.force_login(user)
    html = client.get(_firm_url(firm, cohort)).content.decode()
    for secret in (
        application.full_name,
        application.phone,
        application.email,
        application.reference,
        participant.user.email,
        participant.user.phone,
        application.city,
        "1998",
        "21.03",
    ):
        assert secret not in html
    assert "Candidate 1" in html
    assert "GBAO (Gorno-Badakhshan)" in html
    assert "Data analytics" in html
    assert "Russian (Good)" in html


def test_firm_cards_show_approved_firms_only(cohort, round_):
    shown = approved_firm()
    FirmFactory()  # applied
    FirmFactory(status="declined", decided_at=timezone.now(), decline_reason="No shop yet.")
    assert [card.pk for card in firm_cards(round_=round_)] == [shown.pk]


def test_firm_cards_order_is_a_stable_shuffle_per_round(cohort, round_):
    firms = [approved_firm() for _ in range(8)]
    first = [card.pk for card in firm_cards(round_=round_)]
    other_round = open_round(CohortFactory())
    assert [card.pk for card in firm_cards(round_=round_)] == first
    assert sorted(first) == [f.pk for f in firms]
    assert [card.pk for card in firm_cards(round_=other_round)] != first
    with translation.override("en"):
        assert [card.label for card in firm_cards(round_=round_)][:3] == ["Firm A", "Firm B", "Firm C"]


# Rankings


def test_participant_ranking_saves_from_the_page(her, cohort, round_, participant):
    firms = [approved_firm() for _ in range(3)]
    cards = firm_cards(round_=round_)
    response = her.post(_rank_url(cohort), _post_ranks(cards, {firms[2].pk: 1, firms[0].pk: 2}))
    assert response.status_code == 302
    saved = dict(
        Preference.objects.filter(round=round_, participant=participant).values_list("firm_id", "rank")
    )
    assert saved == {firms[2].pk: 1, firms[0].pk: 2}
    assert Preference.objects.get(firm=firms[2]).side == "participant"


@pytest.mark.parametrize(
    ("ranks", "code"),
    [
        ({0: 1, 1: 1}, "duplicate"),
        ({0: 1, 1: 3}, "gap"),
        ({0: 2}, "gap"),
        ({i: i + 1 for i in range(PREFERENCES_MAX + 1)}, "too_many"),
    ],
)
def test_participant_ranking_refuses_bad_ranks(cohort, round_, participant, ranks, code):
    firms = [approved_firm() for _ in range(PREFERENCES_MAX + 1)]
    with pytest.raises(ValidationError) as caught:
        preferences.participant_preferences_replace(
            participant=participant, round_=round_, ranking={firms[i].pk: r for i, r in ranks.items()}
        )
    assert caught.value.code == code


def test_participant_ranking_refuses_an_unknown_or_unapproved_firm(cohort, round_, participant):
    firm, applied = approved_firm(), FirmFactory()
    for ranking in ({firm.pk: 1, applied.pk: 2}, {firm.pk: 1, 999_999: 2}):
        with pytest.raises(ValidationError) as caught:
            preferences.participant_preferences_replace(
                participant=participant, round_=round_, ranking=ranking
            )
        assert caught.value.code == "unknown"


@given(ranks=st.lists(st.integers(min_value=1, max_value=PREFERENCES_MAX + 2), max_size=PREFERENCES_MAX + 2))
def test_ranking_check_accepts_exactly_ranks_one_to_k(ranks):
    ranking = dict(enumerate(ranks))
    valid = sorted(ranks) == list(range(1, len(ranks) + 1)) and len(ranks) <= PREFERENCES_MAX
    try:
        preferences._ranking_check(ranking=ranking, allowed=set(ranking))
    except ValidationError:
        assert not valid
    else:
        assert valid


def test_participant_ranking_page_shows_a_translated_message_for_a_duplicate(
    her, cohort, round_, participant
):
    participant.user.language = "ru"
    participant.user.save()
    firms = [approved_firm() for _ in range(2)]
    cards = firm_cards(round_=round_)
    response = her.post(
        _rank_url(cohort), _post_ranks(cards, {firms[0].pk: 1, firms[1].pk: 1}), HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Место 1 отдано дважды: каждое место можно дать только одной карточке."
    ]


def test_participant_ranking_is_replaced_whole_or_not_at_all(cohort, round_, participant):
    firms = [approved_firm() for _ in range(3)]
    preferences.participant_preferences_replace(
        participant=participant, round_=round_, ranking={firms[0].pk: 1, firms[1].pk: 2}
    )
    with pytest.raises(ValidationError):
        preferences.participant_preferences_replace(
            participant=participant, round_=round_, ranking={firms[2].pk: 1, firms[1].pk: 3}
        )
    rows = Preference.objects.filter(participant=participant).order_by("rank").values_list("firm_id", "rank")
    assert list(rows) == [(firms[0].pk, 1), (firms[1].pk, 2)]
    preferences.participant_preferences_replace(
        participant=participant, round_=round_, ranking={firms[2].pk: 1}
    )
    assert list(Preference.objects.filter(participant=participant).values_list("firm_id", "rank")) == [
        (firms[2].pk, 1)
    ]
    entry = AuditEntry.objects.filter(action="preferences.ranked").latest("pk")
    assert entry.details == {"side": "participant", "participant": participant.pk, "ranked": 1}


def test_ranking_is_refused_at_and_after_the_deadline(cohort, round_, participant):
    firm = approved_firm()
    for now in (round_.preferences_deadline, round_.preferences_deadline + timedelta(seconds=1)):
        with pytest.raises(ValidationError) as caught:
            preferences.participant_preferences_replace(
                participant=participant, round_=round_, ranking={firm.pk: 1}, now=now
            )
        assert caught.value.code == "closed"
    before = round_.preferences_deadline - timedelta(seconds=1)
    assert (
        preferences.participant_preferences_replace(
            participant=participant, round_=round_, ranking={firm.pk: 1}, now=before
        )
        == 1
    )


def test_ranking_page_is_read_only_once_closed(her, cohort, round_, participant):
    firm = approved_firm()
    preferences.participant_preferences_replace(participant=participant, round_=round_, ranking={firm.pk: 1})
    round_.preferences_open = False
    round_.save()
    response = her.get(_rank_url(cohort))
    html = response.content.decode()
    assert response.context["is_open"] is False
    assert "Ranking is closed. This is the ranking that was saved." in html
    assert "Save my ranking" not in html
    assert html.count(" disabled>") == 1
    cards = firm_cards(round_=round_)
    assert her.post(_rank_url(cohort), _post_ranks(cards, {})).status_code == 302
    assert Preference.objects.filter(participant=participant).count() == 1


def test_ranking_page_before_the_window_opens_says_so(her, cohort, participant):
    approved_firm()
    response = her.get(_rank_url(cohort))
    assert response.status_code == 200
    assert "Ranking has not opened yet." in response.content.decode()
    assert response.context["form"].cards == []


def test_participant_of_another_cohort_cannot_rank_this_cohort(client, cohort, round_):
    other = ParticipantFactory(cohort=CohortFactory())
    client.force_login(other.user)
    assert client.get(_rank_url(cohort)).status_code == 404
    assert client.get(reverse("matching_profile", kwargs={"pk": cohort.pk})).status_code == 404


def test_firm_ranking_saves_and_firm_b_cannot_reach_firm_as(client, firm_rep, cohort, round_, make_user):
    user, firm = firm_rep
    participants = [ParticipantFactory(cohort=cohort) for _ in range(2)]
    client.force_login(user)
    cards = candidate_cards(round_=round_)
    response = client.post(_firm_url(firm, cohort), _post_ranks(cards, {participants[1].pk: 1}))
    assert response.status_code == 302
    assert list(Preference.objects.filter(firm=firm).values_list("side", "participant_id", "rank")) == [
        ("firm", participants[1].pk, 1)
    ]
    other = make_user(Role.FIRM)
    approved_firm(representative=other)
    client.force_login(other)
    assert client.get(_firm_url(firm, cohort)).status_code == 404
    assert (
        client.post(_firm_url(firm, cohort), _post_ranks(cards, {participants[0].pk: 1})).status_code == 404
    )
    assert Preference.objects.filter(firm=firm).count() == 1


def test_firm_ranking_refuses_a_participant_of_another_cohort(firm_rep, cohort, round_):
    user, firm = firm_rep
    stranger = ParticipantFactory(cohort=CohortFactory())
    with pytest.raises(ValidationError) as caught:
        preferences.firm_preferences_replace(firm=firm, round_=round_, actor=user, ranking={stranger.pk: 1})
    assert caught.value.code == "unknown"


def test_firm_not_yet_approved_sees_no_cards(client, make_user, cohort, round_):
    user = make_user(Role.FIRM)
    firm = FirmFactory(representative=user)
    ParticipantFactory(cohort=cohort)
    client.force_login(user)
    response = client.get(_firm_url(firm, cohort))
    assert response.status_code == 200
    assert "Candidate 1" not in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_firm_cards_page_has_a_fixed_query_count(her, cohort, round_):
    approved_firm()
    one = _queries(her, _rank_url(cohort))
    for _ in range(12):
        approved_firm()
    assert _queries(her, _rank_url(cohort)) == one


def test_candidate_cards_page_has_a_fixed_query_count(client, firm_rep, cohort, round_):
    user, firm = firm_rep
    client.force_login(user)
    ParticipantProfile.objects.create(participant=ParticipantFactory(cohort=cohort), skills=["logistics"])
    one = _queries(client, _firm_url(firm, cohort))
    for _ in range(12):
        ParticipantFactory(cohort=cohort)
    assert _queries(client, _firm_url(firm, cohort)) == one


def test_card_keys_differ_by_round_and_side():
    assert card_key(round_id=1, side="participant", pk=5) != card_key(round_id=2, side="participant", pk=5)
    assert card_key(round_id=1, side="participant", pk=5) != card_key(round_id=1, side="firm", pk=5)


# Her matching profile


def test_matching_profile_saves_sectors_skills_and_remote(her, cohort, participant):
    response = her.post(
        reverse("matching_profile", kwargs={"pk": cohort.pk}),
        {"sectors": ["food", "textiles"], "skills": ["ai_usage"]},
    )
    assert response.status_code == 302
    profile = ParticipantProfile.objects.get(participant=participant)
    assert (profile.sectors, profile.skills, profile.remote_ok) == (["food", "textiles"], ["ai_usage"], False)


# The coordinator's window


@pytest.fixture
def coordinator(client, make_user):
    user = make_user(Role.COORDINATOR, language="en")
    client.force_login(user)
    client.user = user
    return client


def test_opening_creates_the_round_audits_and_emails_everyone_in_their_language(
    coordinator, cohort, django_capture_on_commit_callbacks, make_user
):
    tg = ParticipantFactory(cohort=cohort)
    ru = ParticipantFactory(cohort=cohort, application__preferred_language="ru")
    en_rep = make_user(Role.FIRM, language="en")
    approved_firm(representative=en_rep)
    FirmFactory(representative=make_user(Role.FIRM))  # not approved: not told
    deadline = timezone.now() + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        round_ = preferences.preferences_open_set(
            cohort=cohort, actor=coordinator.user, open=True, deadline=deadline
        )
    assert (round_.preferences_open, round_.preferences_deadline) == (True, deadline)
    entry = AuditEntry.objects.get(action="preferences.opened")
    assert entry.details == {"deadline": deadline.isoformat()}
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        tg.user.email: "PARWONA: ширкатҳоеро, ки мехоҳед бо онҳо кор кунед, баҳо диҳед",
        ru.user.email: "PARWONA: оцените фирмы, в которых вы хотели бы работать",
        en_rep.email: "PARWONA: rank the candidates for your firm",
    }
    local = timezone.localtime(deadline, timezone=timezone.get_fixed_timezone(300))
    body = next(m.body for m in mail.outbox if m.to == [en_rep.email])
    assert local.strftime("%H:%M") in body
    assert _firm_url(en_rep.firm_membership.firm, cohort) in body
    assert "cards of the cohort's women" in body


def test_opening_refuses_a_past_deadline_and_an_unconfirmed_cohort(coordinator, cohort):
    with pytest.raises(ValidationError) as caught:
        preferences.preferences_open_set(
            cohort=cohort, actor=coordinator.user, open=True, deadline=timezone.now() - timedelta(minutes=1)
        )
    assert caught.value.code == "deadline"
    draft = CohortFactory(status="draft")
    with pytest.raises(ValidationError) as caught:
        preferences.preferences_open_set(
            cohort=draft, actor=coordinator.user, open=True, deadline=timezone.now() + timedelta(days=1)
        )
    assert caught.value.code == "unconfirmed"
    assert MatchingRound.objects.count() == 0


def test_closing_from_the_page_stops_rankings(coordinator, cohort, round_, participant):
    response = coordinator.post(
        reverse("staff_preferences_window", kwargs={"pk": cohort.pk}), {"action": "close"}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.preferences_open is False
    assert AuditEntry.objects.filter(action="preferences.closed").count() == 1
    with pytest.raises(ValidationError):
        preferences.participant_preferences_replace(participant=participant, round_=round_, ranking={})


def test_staff_page_counts_who_has_ranked(coordinator, cohort, round_, participant):
    ParticipantFactory(cohort=cohort)
    firm = approved_firm()
    approved_firm()
    preferences.participant_preferences_replace(participant=participant, round_=round_, ranking={firm.pk: 1})
    preferences.firm_preferences_replace(firm=firm, round_=round_, actor=None, ranking={participant.pk: 1})
    response = coordinator.get(reverse("staff_preferences", kwargs={"pk": cohort.pk}))
    assert response.context["figures"] == {
        "participants": 2,
        "participants_ranked": 1,
        "firms": 2,
        "firms_ranked": 1,
        "profiles": 0,
    }
    assert participant.application.full_name not in response.content.decode()


def test_reminder_goes_only_to_those_who_have_not_ranked(
    coordinator, cohort, round_, participant, django_capture_on_commit_callbacks, make_user
):
    waiting = ParticipantFactory(cohort=cohort, application__preferred_language="ru")
    firm = approved_firm()
    preferences.participant_preferences_replace(participant=participant, round_=round_, ranking={firm.pk: 1})
    rep = make_user(Role.FIRM, language="tg")
    approved_firm(representative=rep)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("staff_preferences_remind", kwargs={"pk": cohort.pk}))
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted([waiting.user.email, rep.email])
    assert AuditEntry.objects.get(action="preferences.reminded").details == {"participants": 1, "firms": 2}


# Home panels


def test_participant_home_asks_her_to_rank_while_open(her, cohort, round_):
    html = her.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rank the firms you would like to work with: until" in html
    round_.preferences_open = False
    round_.save()
    assert "Rank the firms you would like to work with" not in her.get(reverse("home")).content.decode()


def test_firm_home_asks_to_rank_candidates_while_open(client, firm_rep, round_):
    user, _firm = firm_rep
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "Rank the candidates: until" in html


def test_firm_home_of_an_unapproved_firm_asks_nothing(client, make_user, round_):
    user = UserFactory(role=Role.FIRM, language="en")
    FirmFactory(representative=user)
    client.force_login(user)
    assert "Rank the candidates" not in client.get(reverse("home")).content.decode()

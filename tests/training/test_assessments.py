"""Skills assessment: her own and her trainer's ratings (upsert, validation, closing a point), the charts'
figures computed by hand, and the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from parwona.core.models import AuditEntry
from parwona.users.enums import Role
from tests.factories import CohortFactory, ParticipantFactory, SessionFactory
from training import assessments
from training.charts import LABEL, VALUE, rating_bars
from training.enums import ALL_SKILL_VALUES
from training.models import SkillRating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cohort(roles):
    return CohortFactory()


@pytest.fixture
def her(cohort):
    return ParticipantFactory(cohort=cohort, user__language="en")


@pytest.fixture
def trainer(make_user, cohort):
    user = make_user(Role.TRAINER, language="en")
    SessionFactory(cohort=cohort, trainer=user)
    return user


def _save(participant, point, rater, ratings, actor):
    return assessments.skill_ratings_save(
        participant=participant, point=point, rater=rater, ratings=ratings, actor=actor
    )


def _stored(participant):
    return {
        (skill, point, rater): rating
        for skill, point, rater, rating in SkillRating.objects.filter(participant=participant).values_list(
            "skill", "point", "rater", "rating"
        )
    }


def test_skill_ratings_save_upserts_her_ratings(her):
    _save(her, "start", "self", {"digital_marketing": 2, "presenting": 3}, her.user)
    _save(her, "start", "self", {"digital_marketing": 4, "time": 1}, her.user)
    assert _stored(her) == {
        ("digital_marketing", "start", "self"): 4, ("presenting", "start", "self"): 3,
        ("time", "start", "self"): 1,
    }
    assert [e.details for e in AuditEntry.objects.filter(action="skill_ratings.saved").order_by("pk")] == [
        {"point": "start", "rater": "self", "count": 2}, {"point": "start", "rater": "self", "count": 2},
    ]


def test_skill_ratings_save_writes_every_skill_in_one_statement(her):
    ratings = dict.fromkeys(ALL_SKILL_VALUES, 3)
    with CaptureQueriesContext(connection) as queries:
        _save(her, "middle", "self", ratings, her.user)
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "skillrating" in q["sql"]]
    assert len(inserts) == 1
    assert SkillRating.objects.count() == len(ALL_SKILL_VALUES)


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "3", True])
def test_skill_ratings_save_refuses_a_rating_outside_1_to_5(her, value):
    with pytest.raises(ValidationError) as error:
        _save(her, "start", "self", {"presenting": value, "time": 3}, her.user)
    assert error.value.message_dict == {"presenting": ["Give a rating from 1 to 5."]}
    assert SkillRating.objects.count() == 0


def test_skill_ratings_save_refuses_an_unknown_skill_or_point(her):
    with pytest.raises(ValidationError) as error:
        _save(her, "start", "self", {"juggling": 3}, her.user)
    assert error.value.messages == ["Rate only the skills of the curriculum."]
    with pytest.raises(ValidationError) as error:
        _save(her, "later", "self", {"time": 3}, her.user)
    assert error.value.messages == ["Choose the start, the middle or the end."]


def test_skill_ratings_save_refuses_her_own_rating_given_by_someone_else(her, trainer):
    with pytest.raises(ValidationError) as error:
        _save(her, "start", "self", {"time": 3}, trainer)
    assert error.value.messages == ["Only she can give her own rating."]


def test_skill_ratings_save_closes_a_point_once_the_next_is_rated_by_the_same_rater(her, trainer):
    _save(her, "start", "trainer", {"time": 2}, trainer)
    _save(her, "middle", "self", {"time": 4}, her.user)  # her own middle does not close the trainer's start
    _save(her, "start", "trainer", {"time": 3}, trainer)
    _save(her, "middle", "trainer", {"time": 4}, trainer)
    with pytest.raises(ValidationError) as error:
        _save(her, "start", "trainer", {"time": 5}, trainer)
    assert error.value.messages == ["These ratings can no longer change: the next point has been rated."]
    assert _stored(her)[("time", "start", "trainer")] == 3
    assert assessments.points_locked(participant=her, rater="trainer") == {"start"}
    assert assessments.points_locked(participant=her, rater="self") == {"start"}


# Charts


def test_cohort_skill_table_gives_the_mean_trainer_rating_and_the_number_rated(cohort, trainer):
    first, second, third = (ParticipantFactory(cohort=cohort) for _ in range(3))
    _save(first, "start", "trainer", {"digital_marketing": 2, "time": 5}, trainer)
    _save(second, "start", "trainer", {"digital_marketing": 3}, trainer)
    _save(third, "start", "trainer", {"digital_marketing": 3}, trainer)
    _save(first, "end", "trainer", {"digital_marketing": 5}, trainer)
    _save(first, "start", "self", {"digital_marketing": 1}, first.user)  # her own: not in the cohort's mean
    ParticipantFactory()  # another cohort
    rows = {row["skill"]: row["points"] for row in assessments.cohort_skill_table(cohort=cohort)}
    # (2 + 3 + 3) / 3 = 2.67 -> 2.7
    assert rows["digital_marketing"] == [
        {"point": "start", "mean": 2.7, "rated": 3}, {"point": "middle", "mean": None, "rated": 0},
        {"point": "end", "mean": 5.0, "rated": 1},
    ]
    assert rows["time"][0] == {"point": "start", "mean": 5.0, "rated": 1}
    assert rows["presenting"] == [
        {"point": p, "mean": None, "rated": 0} for p in ("start", "middle", "end")
    ]
    assert list(rows) == ALL_SKILL_VALUES


def test_participant_skill_table_pairs_her_own_and_the_trainers_ratings(her, trainer):
    _save(her, "start", "self", {"ai_usage": 4}, her.user)
    _save(her, "start", "trainer", {"ai_usage": 2}, trainer)
    _save(her, "end", "trainer", {"ai_usage": 4}, trainer)
    row = next(r for r in assessments.participant_skill_table(participant=her) if r["skill"] == "ai_usage")
    assert row["points"] == [
        {"point": "start", "self": 4, "trainer": 2}, {"point": "middle", "self": None, "trainer": None},
        {"point": "end", "self": None, "trainer": 4},
    ]


def test_rating_bars_scale_a_five_to_the_whole_plot_and_draw_nothing_for_no_rating():
    chart = rating_bars(
        [{"label": "Start", "self": 5, "trainer": None}, {"label": "End", "self": 2, "trainer": 4}],
        width=320, series=("self", "trainer"),
    )
    plot = 320 - LABEL - VALUE
    assert [(b["name"], b["value"], b["width"]) for b in chart["bars"]] == [
        ("self", 5, plot), ("trainer", None, 0), ("self", 2, round(2 / 5 * plot, 2)),
        ("trainer", 4, round(4 / 5 * plot, 2)),
    ]
    assert [b["y"] for b in chart["bars"]] == [0, 14, 36, 50]
    assert [b["text"] for b in chart["bars"]] == ["5", "—", "2", "4"]
    assert chart["height"] == 64


def test_rating_bars_show_how_many_were_rated_after_the_mean():
    groups = [{"label": "Start", "mean": 2.7, "count": 3}, {"label": "End", "mean": None, "count": 0}]
    chart = rating_bars(groups, series=("mean",))
    assert [b["text"] for b in chart["bars"]] == ["2.7 · n=3", "—"]


# Pages


def test_skills_rate_self_saves_every_skill_from_the_form(client, her):
    client.force_login(her.user)
    data = dict.fromkeys(ALL_SKILL_VALUES, "3") | {"presenting": "5"}
    response = client.post(reverse("skills_rate_self", kwargs={"point": "start"}), data)
    assert response["Location"] == reverse("skills_mine")
    assert _stored(her)[("presenting", "start", "self")] == 5
    assert len(_stored(her)) == len(ALL_SKILL_VALUES)


def test_skills_rate_self_asks_for_every_skill(client, her):
    client.force_login(her.user)
    response = client.post(reverse("skills_rate_self", kwargs={"point": "start"}), {"presenting": "9"})
    assert response.context["form"].errors["presenting"] == ["Rate this skill from 1 to 5."]
    assert response.context["form"].errors["time"] == ["Rate this skill from 1 to 5."]
    assert SkillRating.objects.count() == 0


def test_skills_rate_self_of_an_unknown_point_is_not_found(client, her):
    client.force_login(her.user)
    assert client.get(reverse("skills_rate_self", kwargs={"point": "later"})).status_code == 404


def test_staff_skills_rate_hides_a_participant_of_another_cohort(client, trainer, roles):
    client.force_login(trainer)
    other = ParticipantFactory()
    url = reverse("staff_skills_rate", kwargs={"pk": other.pk, "point": "start"})
    assert client.get(url).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_staff_cohort_skills_has_a_fixed_query_count(client, cohort, trainer):
    client.force_login(trainer)
    url = reverse("staff_cohort_skills", kwargs={"pk": cohort.pk})
    _save(ParticipantFactory(cohort=cohort), "start", "trainer", {"time": 3}, trainer)
    one = _queries(client, url)
    for _ in range(8):
        participant = ParticipantFactory(cohort=cohort)
        for point in ("start", "middle", "end"):
            _save(participant, point, "trainer", dict.fromkeys(ALL_SKILL_VALUES, 4), trainer)
    assert _queries(client, url) == one
    skill = client.get(url).context["skills"][0]
    assert skill["points"][1] == {"point": "middle", "mean": 4.0, "rated": 8}
    assert [bar["text"] for bar in skill["chart"]["bars"]] == ["4.0 · n=8", "4.0 · n=8", "4.0 · n=8"]


def test_skills_mine_has_a_fixed_query_count(client, her, trainer):
    client.force_login(her.user)
    url = reverse("skills_mine")
    _save(her, "start", "self", {"time": 3}, her.user)
    one = _queries(client, url)
    for point in ("start", "middle", "end"):
        _save(her, point, "trainer", dict.fromkeys(ALL_SKILL_VALUES, 4), trainer)
    assert _queries(client, url) == one

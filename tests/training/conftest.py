import pytest

from parwona.users.enums import Role
from tests.factories import CohortFactory, ParticipantFactory


@pytest.fixture
def trainer(client, make_user):
    """The test client signed in as a trainer who reads English; `client.user` is she."""
    user = make_user(Role.TRAINER, language="en", full_name="Malika Trainer")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def participant(cohort, make_user):
    """A participant of `cohort` who reads Tajik."""
    return ParticipantFactory(cohort=cohort, user=make_user(Role.PARTICIPANT, language="tg"))


@pytest.fixture(autouse=True)
def _english():
    """Read messages in English unless a test or a signed-in user's language says otherwise."""
    from django.utils import translation

    with translation.override("en"):
        yield

import pytest

from parwona.users.enums import Role
from tests.factories import CallFactory


@pytest.fixture
def call():
    """An open call."""
    return CallFactory()


@pytest.fixture
def coordinator(client, make_user):
    """The test client signed in as a coordinator who reads English; `client.user` is she."""
    user = make_user(Role.COORDINATOR, language="en")
    client.force_login(user)
    client.user = user
    return client

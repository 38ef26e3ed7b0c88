import pytest

from parwona.users.enums import Role
from tests.factories import FirmFactory


@pytest.fixture
def coordinator(client, make_user):
    """The test client signed in as a coordinator who reads English; `client.user` is she."""
    user = make_user(Role.COORDINATOR, language="en")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def representative(make_user):
    """A firm representative who reads Russian, with her firm waiting for a decision."""
    user = make_user(Role.FIRM, language="ru", email="firuz@example.tj")
    FirmFactory(representative=user, name="Атласи Хуҷанд", region="sughd", city="Хуҷанд")
    return user

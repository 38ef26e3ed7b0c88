import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from parwona.core.demo import demo_seed
from parwona.users.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_totp_code
from parwona.users.enums import Role
from parwona.users.models import User
from tests.demo_data import demo_applications_delete

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(User.objects.values_list("email", "full_name", "phone", "language"))


def test_seed_demo_creates_a_login_for_every_role(roles):
    lines = demo_seed(seed=7, scale=1)
    # The applicants seeders add the calls' applicants (pilot001@..., second001@...) and the firms seeder
    # the firms' representatives (firm002@...), counted in their own tests.
    others = (
        User.objects.exclude(email__startswith="pilot").exclude(email__startswith="second")
        .exclude(email__regex=r"^firm[0-9]{3}@")
    )
    assert others.count() == len(DEMO_ACCOUNTS) + 12
    seeded_roles = {User.objects.get(email=a.email).primary_role for a in DEMO_ACCOUNTS}
    assert seeded_roles == set(Role.values)
    assert all(User.objects.get(email=a.email).check_password(DEMO_PASSWORD) for a in DEMO_ACCOUNTS)
    assert any("coordinator@demo.parwona.tj" in line for line in lines)


def test_seed_demo_is_idempotent_and_deterministic(roles):
    demo_seed(seed=7, scale=1)
    first = _snapshot()
    demo_seed(seed=7, scale=1)
    assert _snapshot() == first
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 6  # the admin and five staff
    # The pilot's matches, participants and reviews keep their accounts: they go first.
    demo_applications_delete(users=User.objects.all())
    demo_seed(seed=7, scale=1)
    assert _snapshot() == first


def test_seed_demo_gives_staff_a_working_totp_code(client, roles):
    call_command("seed_demo", "--seed", "7")
    email = "coordinator@demo.parwona.tj"
    client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": demo_totp_code(email=email)})
    assert response["Location"] == "/home/"
    assert client.get("/staff/audit/").status_code == 200

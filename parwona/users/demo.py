"""Demo accounts for a laptop: one per role, with known passwords and TOTP secrets."""

import base64
import hashlib
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from .enums import Role
from .models import User
from .phones import phone_normalize

DEMO_PASSWORD = "parwona-demo-2025"  # noqa: S105  (printed for people trying the portal)
DEMO_DOMAIN = "demo.parwona.tj"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role | None
    language: str
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(f"admin@{DEMO_DOMAIN}", "Admin PARWONA", None, "en", superuser=True),
    DemoAccount(f"coordinator@{DEMO_DOMAIN}", "Мадина Раҳимова", Role.COORDINATOR, "tg"),
    DemoAccount(f"reviewer@{DEMO_DOMAIN}", "Фарзона Қодирова", Role.REVIEWER, "ru"),
    # The pilot call is reviewed by a panel of three.
    DemoAccount(f"reviewer2@{DEMO_DOMAIN}", "Сарвиноз Умарова", Role.REVIEWER, "tg"),
    DemoAccount(f"reviewer3@{DEMO_DOMAIN}", "Elena Petrova", Role.REVIEWER, "ru"),
    DemoAccount(f"trainer@{DEMO_DOMAIN}", "Нилуфар Ҳасанова", Role.TRAINER, "tg"),
    DemoAccount(f"firm@{DEMO_DOMAIN}", "Фирдавс Назаров", Role.FIRM, "ru"),
    DemoAccount(f"donor@{DEMO_DOMAIN}", "Anna Lindqvist", Role.DONOR, "en"),
    DemoAccount(f"participant@{DEMO_DOMAIN}", "Гулнора Шарипова", Role.PARTICIPANT, "tg"),
    DemoAccount(f"applicant@{DEMO_DOMAIN}", "Зарина Саидова", Role.APPLICANT, "tg"),
]

_GIVEN = ["Мадина", "Зарина", "Шаҳло", "Нигора", "Фотима", "Мунира", "Дилноза", "Ситора", "Гулчеҳра",
          "Парвина", "Малика", "Сабина", "Ҷамила", "Ҳилола", "Ӯғилой"]
_FAMILY = ["Раҳимова", "Қодирова", "Ҳасанова", "Назарова", "Шарипова", "Саидова", "Ғафурова", "Юсупова",
           "Каримова", "Давлатова", "Ҷумъаева", "Ӯролова"]
_PREFIXES = ["90", "91", "92", "93", "98", "50", "55", "88", "00", "11"]


def demo_totp_secret(*, seed: int, email: str) -> str:
    digest = hashlib.sha256(f"{seed}:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def demo_totp_code(*, email: str) -> str:
    """Return the current TOTP code of a demo account, so people trying the portal can sign in."""
    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    secret = authenticator.wrap().instance.data["secret"]
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@transaction.atomic
def demo_accounts_seed(*, rng: random.Random, seed: int, scale: int) -> list[str]:
    """Create or refresh the demo accounts; running it again changes nothing.

    Staff demo accounts get a TOTP secret derived from the seed, as two-factor authentication
    is required of staff; `demo_totp` prints their current code.
    """
    accounts = list(DEMO_ACCOUNTS)
    for i in range(12 * scale):
        name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
        accounts.append(DemoAccount(f"applicant{i + 1:02d}@{DEMO_DOMAIN}", name, Role.APPLICANT,
                                    rng.choice(["tg", "tg", "ru", "en"])))
    phones = [phone_normalize(rng.choice(_PREFIXES) + f"{rng.randrange(10**7):07d}") for _ in accounts]
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    for account, phone in zip(accounts, phones, strict=True):
        user, _created = User.objects.update_or_create(
            email=account.email,
            defaults={"full_name": account.full_name, "phone": phone, "language": account.language,
                      "is_superuser": account.superuser, "is_staff": account.superuser},
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        user.groups.set([groups[account.role]] if account.role else [])
        user.__dict__.pop("roles", None)
        if user.is_programme_staff:
            secret = demo_totp_secret(seed=seed, email=account.email)
            Authenticator.objects.filter(user=user).delete()
            TOTP.activate(user, secret)
            RecoveryCodes.activate(user)
    lines = [f"Sign in at {settings.PORTAL_BASE_URL}/accounts/login/ with password {DEMO_PASSWORD}:"]
    lines += [f"  {(a.role.label if a.role else 'Admin')!s:<22} {a.email}" for a in DEMO_ACCOUNTS]
    extra = len(accounts) - len(DEMO_ACCOUNTS)
    lines.append(f"  and {extra} more applicants (applicant01@{DEMO_DOMAIN}, ...)")
    lines.append("Staff and the admin use two-factor authentication; print the current code with")
    lines.append(f"  .venv/bin/python manage.py demo_totp coordinator@{DEMO_DOMAIN}")
    return lines

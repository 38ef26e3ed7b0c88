"""Her account's part of her data export."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from parwona.core.personal_data import PersonalDataSection, json_value, personal_data_register


def account_collect(*, user) -> dict:
    """Return her account: name, contacts, language, dates, roles, addresses and two-factor methods."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "language": user.language,
        "date_joined": json_value(user.date_joined),
        "last_login": json_value(user.last_login),
        "roles": sorted(user.roles),
        "email_addresses": [
            {"email": email, "verified": verified, "primary": primary}
            for email, verified, primary in EmailAddress.objects.filter(user=user)
            .order_by("pk").values_list("email", "verified", "primary")
        ],
        # Which methods she enrolled, never their secrets.
        "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
    }


personal_data_register(section=PersonalDataSection(name="account", collect=account_collect, order=0))

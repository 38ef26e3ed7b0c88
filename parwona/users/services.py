"""Writes about accounts: roles, invitations, language."""

import logging

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parwona.core.services import audit_record

from .enums import INVITABLE_ROLES, Role
from .models import User
from .roles import role_permissions

logger = logging.getLogger(__name__)

# The domain of scrubbed accounts' addresses: `.invalid` never receives mail (RFC 2606).
SCRUBBED_EMAIL_DOMAIN = "@erased.invalid"


@transaction.atomic
def roles_sync() -> None:
    """Create a group for every role and give it exactly its registered permissions."""
    for role, names in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for name in sorted(names):
            app_label, codename = name.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                logger.warning("Role %s: permission %s does not exist", role, name)
                continue
            wanted.append(permission)
        group.permissions.set(wanted)


def user_role_add(*, user: User, role: Role) -> None:
    """Put `user` in the group of `role`."""
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("roles", None)


@transaction.atomic
def user_invite(*, actor: User, email: str, full_name: str, role: Role, language: str) -> User:
    """Create an account for a staff member or donor and email her a link to set her password.

    The email address counts as verified: the link reaches only its owner.
    """
    if role not in INVITABLE_ROLES:
        raise ValidationError(_("This role cannot be invited."), code="role")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this email address already exists."), code="exists")
    user = User.objects.create_user(email=email, full_name=full_name.strip(), language=language)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user_role_add(user=user, role=role)
    audit_record(actor=actor, action="user.invited", target=user, details={"role": str(role)})
    transaction.on_commit(lambda: invitation_send(user=user, role=role))
    return user


def invitation_send(*, user: User, role: Role) -> None:
    """Email `user`, in her language, the link that sets her password."""
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
    )
    with translation.override(user.language):
        context = {
            "user": user,
            "role": Role(role).label,
            "link": settings.PORTAL_BASE_URL.rstrip("/") + path,
        }
        subject = render_to_string("users/email/invitation_subject.txt", context).strip()
        body = render_to_string("users/email/invitation_message.txt", context)
    send_mail(subject, body, None, [user.email])


def user_language_set(*, user: User, language: str) -> None:
    """Remember `language` as the user's preferred language."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the portal's languages."), code="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# Accounts are scrubbed in chunks of this many ids.
SCRUB_CHUNK = 2000


@transaction.atomic
def users_scrub(*, user_ids: list[int]) -> int:
    """Remove the personal data of applicants' accounts nothing needs any more and deactivate them;
    return how many.

    An account stays as it is when it belongs to staff or an admin or holds any role but applicant
    (a participant, a firm's representative, a donor): those records need it. A scrubbed account
    keeps its row, so the audit log's entries still point at an actor, but loses its name, phone and
    email address (replaced by an address that cannot receive mail), its password, its verified
    addresses and its two-factor keys; it can no longer sign in. Already scrubbed accounts are skipped.
    """
    scrubbed = 0
    for start in range(0, len(user_ids), SCRUB_CHUNK):
        chunk = list(user_ids[start:start + SCRUB_CHUNK])
        other_roles = Group.objects.filter(user=OuterRef("pk")).exclude(name=Role.APPLICANT)
        rows = (
            User.objects.filter(pk__in=chunk, is_staff=False, is_superuser=False)
            .exclude(Exists(other_roles))
            .exclude(email__endswith=SCRUBBED_EMAIL_DOMAIN)
        )
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            continue
        EmailAddress.objects.filter(user_id__in=ids).delete()
        Authenticator.objects.filter(user_id__in=ids).delete()
        scrubbed += User.objects.filter(pk__in=ids).update(
            email=Concat(Value("erased-"), Cast("pk", CharField()), Value(SCRUBBED_EMAIL_DOMAIN)),
            full_name="", phone="", password=UNUSABLE_PASSWORD_PREFIX, is_active=False,
        )
    return scrubbed

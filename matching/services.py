"""Writes about firms: intake, a representative's edits, the coordinators' decisions."""

import logging
from decimal import Decimal

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from parwona.core.services import audit_record
from parwona.users.enums import Role
from parwona.users.models import User
from parwona.users.services import user_role_add

from .enums import FirmStatus
from .models import Firm, FirmMember

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ["name", "tax_number", "sector", "size", "region", "city"]
NEEDS_FIELDS = [
    "sells",
    "channels",
    "market",
    "skills_needed",
    "languages",
    "work_mode",
    "hours_per_week",
    "capacity",
]
CONTACT_FIELDS = ["contact_name", "contact_phone", "contact_email"]
BASELINE_FIELDS = ["baseline_revenue", "baseline_shops"]
INTAKE_FIELDS = PROFILE_FIELDS + NEEDS_FIELDS + BASELINE_FIELDS + CONTACT_FIELDS

ACCOUNT_EXISTS = _(
    "An account with this email address already exists. Sign in to it first and apply from your "
    "account, or give another email address."
)
ALREADY_APPLIED = _("Your account already represents a firm.")
ALREADY_DECIDED = _("This firm's application has already been decided.")


def firm_editable_fields(*, firm: Firm) -> list[str]:
    """Return the fields the firm's representative may still change.

    While the application waits she may correct everything but the firm's identity; once the
    firm is approved its needs and baseline are what matching and outcomes rely on, so only the
    contact stays hers to keep current. A declined firm changes nothing.
    """
    if firm.status == FirmStatus.APPLIED:
        return NEEDS_FIELDS + BASELINE_FIELDS + CONTACT_FIELDS
    if firm.status == FirmStatus.APPROVED:
        return list(CONTACT_FIELDS)
    return []


def _account_create(*, email: str, full_name: str, phone: str, language: str) -> User:
    """Create a firm representative's account without a password (she sets it from the email)."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, full_name=full_name, phone=phone, language=language)
    except IntegrityError:
        # Another submission with the same address got there first (a double click).
        raise ValidationError(ACCOUNT_EXISTS, code="exists") from None
    user.set_unusable_password()
    user.save(update_fields=["password"])
    # Verified: she can sign in only through the link sent to this address.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user_role_add(user=user, role=Role.FIRM)
    return user


@transaction.atomic
def firm_apply(*, values: dict, language: str, representative: User | None = None, email: str = "") -> Firm:
    """Record a firm's application and, for a new visitor, her firm representative's account.

    Without `representative`, an account for `email` is created in `language`, and the
    confirmation email carries the link that sets its password.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the portal's languages."), code="language")
    new_account = representative is None
    if new_account:
        email = email.strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(ACCOUNT_EXISTS, code="exists")
        representative = _account_create(
            email=email, full_name=values["contact_name"], phone=values["contact_phone"], language=language
        )
    elif FirmMember.objects.filter(user=representative).exists():
        raise ValidationError(ALREADY_APPLIED, code="has_firm")
    firm = Firm(**{name: values[name] for name in INTAKE_FIELDS}, status=FirmStatus.APPLIED)
    firm.full_clean()
    firm.save()
    try:
        with transaction.atomic():
            FirmMember.objects.create(firm=firm, user=representative)
    except IntegrityError:
        raise ValidationError(ALREADY_APPLIED, code="has_firm") from None
    audit_record(
        actor=representative, action="firm.applied", target=firm, details={"new_account": new_account}
    )
    user_id, firm_id = representative.pk, firm.pk
    transaction.on_commit(
        lambda: firm_application_confirm(firm_id=firm_id, user_id=user_id, with_password_link=new_account)
    )
    return firm


def _password_link(user: User) -> str:
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _send(*, user: User, template: str, context: dict) -> None:
    with translation.override(user.language):
        context = {
            "user": user,
            "firm_link": settings.PORTAL_BASE_URL.rstrip("/") + reverse("my_firm"),
            **context,
        }
        subject = render_to_string(f"matching/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"matching/email/{template}_message.txt", context)
    send_mail(subject, body, None, [user.email])


def firm_application_confirm(*, firm_id: int, user_id: int, with_password_link: bool) -> None:
    """Email the representative, in her language, that the firm's application arrived."""
    firm = Firm.objects.filter(pk=firm_id).first()
    user = User.objects.filter(pk=user_id).first()
    if firm is None or user is None:
        return
    link = _password_link(user) if with_password_link else ""
    _send(user=user, template="firm_applied", context={"firm": firm, "password_link": link})
    logger.info("Firm %s: application confirmed to its representative", firm_id)


def firm_decision_notify(*, firm_id: int) -> None:
    """Email every representative of the firm, each in her language, the coordinators' decision."""
    firm = Firm.objects.filter(pk=firm_id).prefetch_related("representatives").first()
    if firm is None or firm.status == FirmStatus.APPLIED:
        return
    template = "firm_approved" if firm.status == FirmStatus.APPROVED else "firm_declined"
    for user in firm.representatives.all():
        _send(user=user, template=template, context={"firm": firm})
    logger.info("Firm %s: decision %s sent", firm_id, firm.status)


def _decide(*, firm: Firm, actor: User, status: str, reason: str) -> Firm:
    locked = Firm.objects.select_for_update().get(pk=firm.pk)
    if locked.status != FirmStatus.APPLIED:
        raise ValidationError(ALREADY_DECIDED, code="decided")
    locked.status = status
    locked.decline_reason = reason
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
    details = {"reason": reason} if reason else {}
    audit_record(actor=actor, action=f"firm.{status}", target=locked, details=details)
    transaction.on_commit(lambda: firm_decision_notify(firm_id=locked.pk))
    return locked


@transaction.atomic
def firm_approve(*, firm: Firm, actor: User) -> Firm:
    """Approve a firm's application: it can now be matched with participants."""
    return _decide(firm=firm, actor=actor, status=FirmStatus.APPROVED, reason="")


@transaction.atomic
def firm_decline(*, firm: Firm, actor: User, reason: str) -> Firm:
    """Decline a firm's application with the reason its representative is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for declining: the firm is told it."), code="reason")
    return _decide(firm=firm, actor=actor, status=FirmStatus.DECLINED, reason=reason[:1000])


@transaction.atomic
def firm_update(*, firm: Firm, actor: User, values: dict) -> Firm:
    """Save a representative's changes to the fields her firm's status still lets her change."""
    allowed = firm_editable_fields(firm=firm)
    refused = set(values) - set(allowed)
    if refused:
        raise ValidationError(_("These details can no longer be changed."), code="locked")
    changed = [name for name in allowed if name in values and getattr(firm, name) != values[name]]
    if not changed:
        return firm
    for name in changed:
        setattr(firm, name, values[name])
    firm.full_clean()
    firm.save(update_fields=[*changed, "updated_at"])
    # The names of what changed, never the contact details themselves.
    audit_record(actor=actor, action="firm.updated", target=firm, details={"fields": changed})
    return firm


@transaction.atomic
def firm_baseline_set(*, firm: Firm, actor: User, revenue: Decimal, shops: int) -> Firm:
    """Correct a firm's baseline (a coordinator's decision, recorded with the old and new figures)."""
    locked = Firm.objects.select_for_update().get(pk=firm.pk)
    before = {"revenue": f"{Decimal(locked.baseline_revenue):.2f}", "shops": locked.baseline_shops}
    after = {"revenue": f"{Decimal(revenue):.2f}", "shops": shops}
    if before == after:
        return locked
    locked.baseline_revenue, locked.baseline_shops = revenue, shops
    locked.full_clean()
    locked.save(update_fields=["baseline_revenue", "baseline_shops", "updated_at"])
    audit_record(
        actor=actor, action="firm.baseline_changed", target=locked, details={"before": before, "after": after}
    )
    return locked

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from parwona.core.services import audit_record


@receiver(user_logged_in)
def language_restore(sender, request, user, **kwargs):
    """Switch the session to her remembered language when she signs in."""
    if user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


@receiver(authenticator_added)
def mfa_added_audit(sender, request, user, authenticator, **kwargs):
    audit_record(actor=user, action="mfa.enrolled", target=user, details={"type": authenticator.type})


@receiver(authenticator_removed)
def mfa_removed_audit(sender, request, user, authenticator, **kwargs):
    audit_record(actor=user, action="mfa.removed", target=user, details={"type": authenticator.type})

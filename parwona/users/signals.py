import time

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from parwona.core.services import audit_record

from .middleware import LAST_SEEN_KEY


@receiver(user_logged_in)
def language_restore(sender, request, user, **kwargs):
    """Switch the session to her remembered language when she signs in."""
    if user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


@receiver(user_logged_in)
def last_seen_start(sender, request, user, **kwargs):
    """Start the staff idle clock at sign-in (the login writes the session anyway)."""
    request.session[LAST_SEEN_KEY] = time.time()


@receiver(authenticator_added)
def mfa_added_audit(sender, request, user, authenticator, **kwargs):
    audit_record(actor=user, action="mfa.enrolled", target=user, details={"type": authenticator.type})


@receiver(authenticator_removed)
def mfa_removed_audit(sender, request, user, authenticator, **kwargs):
    audit_record(actor=user, action="mfa.removed", target=user, details={"type": authenticator.type})

"""Eligibility screening: a call's rules applied to a submitted application."""

from django.utils.translation import gettext_lazy as _

from .enums import Eligibility
from .models import Application

# Reason codes stored on the application, with the text staff read.
REASONS = {
    "age_unknown": _("Date of birth missing"),
    "too_young": _("Younger than the call's minimum age"),
    "too_old": _("Older than the call's maximum age"),
    "not_resident": _("Does not live in Tajikistan"),
    "not_woman": _("Did not declare herself a woman"),
    "too_few_hours": _("Fewer hours a week than the call asks"),
    "hours_unknown": _("Hours a week missing"),
    "region_not_targeted": _("Lives outside the regions the call targets"),
}
_HARD = {"too_young", "too_old", "not_resident", "not_woman", "too_few_hours"}


def eligibility_check(*, application: Application) -> tuple[str, list[str]]:
    """Return the eligibility the call's rules give `application` and the reason codes.

    A rule that clearly fails makes her ineligible; missing data or a region outside the call's
    targets sends the application to a person instead (needs review).
    """
    call = application.call
    reasons: list[str] = []
    age = application.age_on(call.opens_at.date())
    if age is None:
        reasons.append("age_unknown")
    elif age < call.min_age:
        reasons.append("too_young")
    elif age > call.max_age:
        reasons.append("too_old")
    if call.requires_residence and application.lives_in_tajikistan is not True:
        reasons.append("not_resident")
    if call.requires_woman and application.is_woman is not True:
        reasons.append("not_woman")
    if application.hours_per_week is None:
        reasons.append("hours_unknown")
    elif application.hours_per_week < call.min_hours_per_week:
        reasons.append("too_few_hours")
    if call.regions and application.region not in call.regions:
        reasons.append("region_not_targeted")
    if any(code in _HARD for code in reasons):
        return Eligibility.INELIGIBLE, reasons
    if reasons:
        return Eligibility.NEEDS_REVIEW, reasons
    return Eligibility.ELIGIBLE, []


def eligibility_screen(*, application: Application) -> None:
    """Store the rules' verdict on `application`, unless a coordinator has overridden it."""
    if application.eligibility_overridden:
        return
    application.eligibility, application.eligibility_reasons = eligibility_check(application=application)
    application.save(update_fields=["eligibility", "eligibility_reasons", "updated_at"])


def reason_labels(codes: list[str]) -> list[str]:
    return [str(REASONS.get(code, code)) for code in codes]

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """A firm's monthly report: drafted and submitted by the firm, then verified or queried by a
    coordinator. A queried report goes back to the firm; a verified one is locked."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for verification")
    QUERIED = "queried", _("Queried by the programme")
    VERIFIED = "verified", _("Verified")


class ReviewAction(models.TextChoices):
    VERIFY = "verify", _("Verified")
    QUERY = "query", _("Queried")


class ContractType(models.TextChoices):
    """How the firm employs its e-commerce manager, as the firm reports it."""

    NONE = "none", _("Not employed by the firm")
    INFORMAL = "informal", _("Paid, without a written contract")
    FIXED_TERM = "fixed_term", _("Formal fixed-term contract")
    PERMANENT = "permanent", _("Formal permanent contract")


# Contract types that count as a paid role with the host firm, and those that count as formalised.
PAID_CONTRACTS = frozenset({ContractType.INFORMAL, ContractType.FIXED_TERM, ContractType.PERMANENT})
FORMAL_CONTRACTS = frozenset({ContractType.FIXED_TERM, ContractType.PERMANENT})


class EvidenceKind(models.TextChoices):
    SCREENSHOT = "screenshot", _("Screenshot")
    RECEIPT = "receipt", _("Receipt or invoice")
    OTHER = "other", _("Other document")


class EmploymentStatus(models.TextChoices):
    """A participant's work at a point in time, from a follow-up or a staff phone call."""

    HOST_PAID = "host_paid", _("Paid role with the host firm")
    HOST_FORMAL = "host_formal", _("Formal contract with the host firm")
    OTHER_ECOMMERCE = "other_ecommerce", _("Another e-commerce job")
    OWN_BUSINESS = "own_business", _("Her own online business")
    NOT_WORKING = "not_working", _("Not working")


# Statuses that count as still working in e-commerce (retention).
IN_ECOMMERCE = frozenset({
    EmploymentStatus.HOST_PAID, EmploymentStatus.HOST_FORMAL,
    EmploymentStatus.OTHER_ECOMMERCE, EmploymentStatus.OWN_BUSINESS,
})


class IncomeBand(models.TextChoices):
    """Monthly income in TJS, in bands so that no one is asked for an exact figure."""

    NONE = "none", _("No income")
    UNDER_1000 = "under_1000", _("Under 1,000 TJS")
    FROM_1000 = "1000_2000", _("1,000 to 2,000 TJS")
    FROM_2000 = "2000_4000", _("2,000 to 4,000 TJS")
    OVER_4000 = "over_4000", _("Over 4,000 TJS")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class RecordSource(models.TextChoices):
    SURVEY = "survey", _("Her answer to a follow-up")
    PHONE = "phone", _("Entered by staff after a phone call")


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Sent, waiting for her answer")
    ANSWERED = "answered", _("Answered")
    BY_PHONE = "by_phone", _("Entered by staff by phone")
    UNREACHABLE = "unreachable", _("Could not be reached")


# Follow-ups are due this many months after the cohort's training ends.
FOLLOW_UP_MONTHS = (3, 6, 12)


class Breakdown(models.TextChoices):
    """The dimensions every indicator is broken down by."""

    REGION = "region", _("Region")
    SETTLEMENT = "settlement", _("Rural or urban")
    AGE_BAND = "age_band", _("Age band")
    PRIOR_EMPLOYMENT = "prior_employment", _("Employment before the programme")


class AgeBand(models.TextChoices):
    UNDER_25 = "18_24", _("18 to 24")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_plus", _("35 and over")
    UNKNOWN = "unknown", _("Unknown")


class PriorEmployment(models.TextChoices):
    """The application's employment answer, grouped as donors report it."""

    FORMAL = "formal", _("Formally employed")
    INFORMAL = "informal", _("Informal or self-employed")
    NOT_WORKING = "not_working", _("Not working or studying")
    UNKNOWN = "unknown", _("Unknown")


# Groups with fewer people than this are never shown to a donor.
SUPPRESS_BELOW = 5

from django.db import models
from django.utils.translation import gettext_lazy as _

from applicants.enums import SPOKEN_LANGUAGES, Marketplace


class FirmStatus(models.TextChoices):
    APPLIED = "applied", _("Applied, waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class Sector(models.TextChoices):
    RETAIL = "retail", _("Retail")
    FOOD = "food", _("Food and drinks")
    TEXTILES = "textiles", _("Textiles and crafts")
    AGRICULTURE = "agriculture", _("Agriculture")
    BEAUTY = "beauty", _("Beauty and cosmetics")
    ELECTRONICS = "electronics", _("Electronics")
    SERVICES = "services", _("Services")
    TOURISM = "tourism", _("Tourism")
    OTHER = "other", _("Other")


class FirmSize(models.TextChoices):
    MICRO = "micro", _("Micro: 1 to 9 people")
    SMALL = "small", _("Small: 10 to 49 people")
    MEDIUM = "medium", _("Medium: 50 to 249 people")
    LARGE = "large", _("Large: 250 people or more")


class Channel(models.TextChoices):
    """Where a firm sells online; the marketplaces keep the values applications use."""

    LAKLAK = Marketplace.LAKLAK.value, "LakLak"
    ALIF_SHOP = Marketplace.ALIF_SHOP.value, "Alif Shop"
    AVVAL = Marketplace.AVVAL.value, "Avval"
    ALIBABA = Marketplace.ALIBABA.value, "Alibaba.com"
    INSTAGRAM = "instagram", "Instagram"
    TELEGRAM = "telegram", "Telegram"
    OWN_SITE = "own_site", _("Own website")
    NONE = "none", _("None yet")


class Market(models.TextChoices):
    DOMESTIC = "domestic", _("Tajikistan")
    EXPORT = "export", _("Export")
    BOTH = "both", _("Tajikistan and export")


class Skill(models.TextChoices):
    """The programme's technical skills, which firms ask for and the curriculum teaches."""

    DIGITAL_MARKETING = "digital_marketing", _("Digital marketing")
    CUSTOMER_COMMUNICATION = "customer_communication", _("Customer communication")
    MARKETPLACE_OPERATIONS = "marketplace_operations", _("Marketplace operations")
    DATA_ANALYTICS = "data_analytics", _("Data analytics")
    AI_USAGE = "ai_usage", _("Using AI tools")
    SOCIAL_MEDIA = "social_media", _("Social media")
    LOGISTICS = "logistics", _("Logistics")
    PAYMENT_SYSTEMS = "payment_systems", _("Payment systems")


class WorkMode(models.TextChoices):
    ON_SITE = "on_site", _("On site, at the firm")
    REMOTE = "remote", _("Remote")
    HYBRID = "hybrid", _("Hybrid")


# The languages a firm may need its manager to speak: those applications ask about.
FIRM_LANGUAGES = SPOKEN_LANGUAGES
FIRM_LANGUAGE_CODES = [code for code, _name in SPOKEN_LANGUAGES]

CAPACITY_MIN, CAPACITY_MAX = 1, 10
HOURS_MIN, HOURS_MAX = 1, 60


class PreferenceSide(models.TextChoices):
    PARTICIPANT = "participant", _("Participant's ranking of firms")
    FIRM = "firm", _("Firm's ranking of participants")


class Proposing(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants propose")
    FIRMS = "firms", _("Firms propose")


class MatchAlgorithm(models.TextChoices):
    OPTIMAL = "optimal", _("Best total compatibility")
    STABLE = "stable", _("Stable (deferred acceptance)")


class PairRuleKind(models.TextChoices):
    PIN = "pin", _("Always pair")
    FORBID = "forbid", _("Never pair")


class MatchEndReason(models.TextChoices):
    FIRM_CLOSED = "firm_closed", _("The firm closed")
    PARTICIPANT_WITHDREW = "participant_withdrew", _("The participant withdrew")
    MISMATCH = "mismatch", _("The match did not work")
    OTHER = "other", _("Other reason")

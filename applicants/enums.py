from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    DUSHANBE = "dushanbe", _("Dushanbe")
    SUGHD = "sughd", _("Sughd")
    KHATLON = "khatlon", _("Khatlon")
    GBAO = "gbao", _("GBAO (Gorno-Badakhshan)")
    DRS = "drs", _("Districts of Republican Subordination")


class Settlement(models.TextChoices):
    URBAN = "urban", _("City or town")
    RURAL = "rural", _("Village or rural area")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ERASED = "erased", _("Erased on request")


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Not screened")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class Education(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school")
    VOCATIONAL = "vocational", _("Vocational college")
    INCOMPLETE_HIGHER = "incomplete_higher", _("Incomplete higher education")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree or higher")


class LanguageLevel(models.TextChoices):
    NONE = "none", _("None")
    BASIC = "basic", _("Basic")
    GOOD = "good", _("Good")
    FLUENT = "fluent", _("Fluent or native")


# The languages an application asks about, with their names.
SPOKEN_LANGUAGES = [("tg", _("Tajik")), ("ru", _("Russian")), ("en", _("English")), ("uz", _("Uzbek"))]


class ComputerLevel(models.TextChoices):
    NONE = "none", _("I do not use a computer")
    BASIC = "basic", _("Basic: documents, email, browsing")
    INTERMEDIATE = "intermediate", _("Intermediate: spreadsheets, online tools")
    ADVANCED = "advanced", _("Advanced: I build or manage online shops or sites")


class SocialMediaUse(models.TextChoices):
    NONE = "none", _("I do not use social media")
    CHATTING = "chatting", _("For chatting and following")
    SELLING = "selling", _("Also for selling")


class Marketplace(models.TextChoices):
    LAKLAK = "laklak", "LakLak"
    ALIF_SHOP = "alif_shop", "Alif Shop"
    AVVAL = "avval", "Avval"
    ALIBABA = "alibaba", "Alibaba.com"
    WILDBERRIES = "wildberries", "Wildberries"
    OZON = "ozon", "Ozon"
    OTHER = "other", _("Another marketplace")


class AIUse(models.TextChoices):
    NEVER = "never", _("Never")
    MONTHLY = "monthly", _("A few times a month")
    WEEKLY = "weekly", _("Every week")
    DAILY = "daily", _("Every day")


class Employment(models.TextChoices):
    FORMAL_FULL = "formal_full", _("Formally employed, full-time")
    FORMAL_PART = "formal_part", _("Formally employed, part-time")
    INFORMAL = "informal", _("Informal work")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Not working")
    STUDENT = "student", _("Student")


class Device(models.TextChoices):
    SMARTPHONE = "smartphone", _("Smartphone only")
    COMPUTER = "computer", _("Computer only")
    BOTH = "both", _("Smartphone and computer")


class InternetQuality(models.TextChoices):
    NONE = "none", _("No regular internet")
    POOR = "poor", _("Slow or unreliable")
    FAIR = "fair", _("Usable most of the time")
    GOOD = "good", _("Fast and reliable")


class QuestionKind(models.TextChoices):
    SHORT = "short", _("Short text")
    LONG = "long", _("Long text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class CriterionSource(models.TextChoices):
    AUTO = "auto", _("Computed from her answers")
    REVIEW = "review", _("Scored by reviewers, 1 to 5")


class ScoreStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be scored")
    DONE = "done", _("Scored")
    STALE = "stale", _("Scored under an older rubric")


class ReviewAggregation(models.TextChoices):
    MEAN = "mean", _("Mean of the reviewers' scores")
    MEDIAN = "median", _("Median of the reviewers' scores")


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("To review")
    SCORED = "scored", _("Scored")
    ABSTAINED = "abstained", _("Abstained")
    CONFLICT = "conflict", _("Conflict of interest")


class CohortStatus(models.TextChoices):
    DRAFT = "draft", _("Being selected")
    CONFIRMED = "confirmed", _("Selection confirmed")


class OverrideAction(models.TextChoices):
    INCLUDE = "include", _("Always include")
    EXCLUDE = "exclude", _("Always exclude")


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered, waiting for her answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Deadline passed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the programme")

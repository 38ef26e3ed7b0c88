"""factory_boy factories shared by the tests."""

from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.utils import timezone

from applicants.enums import ApplicationStatus, CallStatus, Eligibility, ReviewStatus, ScoreStatus
from applicants.models import (
    Application,
    ApplicationScore,
    Call,
    Cohort,
    Offer,
    ReviewAssignment,
    ReviewScore,
    RubricCriterion,
    WaitlistEntry,
)
from parwona.core.models import AuditEntry, Job
from parwona.users.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified email; `role` puts her in that role's group, `totp` enrols TOTP."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.tj")
    full_name = factory.Sequence(lambda n: f"Шаҳло Ҳасанова {n}")
    phone = factory.Sequence(lambda n: f"+99293{n:07d}")
    language = "tg"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.__dict__.pop("roles", None)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(self, generate_totp_secret())

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    action = "user.invited"
    target_repr = factory.Sequence(lambda n: f"target {n}")
    details = factory.LazyFunction(lambda: {"role": "reviewer"})


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "audit.export"


class CallFactory(factory.django.DjangoModelFactory):
    """An open call whose window includes now."""

    class Meta:
        model = Call

    title_tg = factory.Sequence(lambda n: f"Даъвати {n}")
    title_ru = factory.Sequence(lambda n: f"Набор {n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    description_tg = "Барномаи тиҷорати электронӣ барои занон."
    description_ru = "Программа электронной коммерции для женщин."
    description_en = "An e-commerce programme for women."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=11))
    status = CallStatus.OPEN


# Answers of every step of a complete application, as the service stores them.
COMPLETE_ANSWERS = {
    "full_name": "Шаҳло Ғафурова", "date_of_birth": date(1998, 3, 21), "phone": "+992931234567",
    "email": "shahlo@example.tj", "preferred_language": "tg", "is_woman": True, "lives_in_tajikistan": True,
    "region": "gbao", "city": "Хоруғ", "settlement": "urban", "education": "bachelor",
    "languages": {"tg": "fluent", "ru": "good", "en": "basic", "uz": "none"},
    "computer_level": "basic", "has_smartphone": True, "social_media": "selling", "marketplaces": ["laklak"],
    "ai_use": "daily", "employment": "informal", "hours_per_week": 20, "device": "both", "internet": "fair",
    "can_travel": True, "motivation": "Мехоҳам тиҷорати онлайнро ёд гирам ва ба оилаам кӯмак расонам." * 2,
    "goal": "Дар як сол мағозаи онлайнии ширкатро дар LakLak ва Alif Shop идора мекунам." * 2,
}
ALL_STEPS = ["personal", "location", "education", "skills", "work", "motivation", "documents"]


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft; `complete=True` fills every step, ready to submit."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory, role="applicant")

    class Params:
        complete = factory.Trait(
            steps_done=ALL_STEPS, consent_at=factory.LazyFunction(timezone.now), **COMPLETE_ANSWERS
        )


class ApplicationScoreFactory(factory.django.DjangoModelFactory):
    """The score row of an application: set the reviewers' part and the rank as a test needs."""

    class Meta:
        model = ApplicationScore

    application = factory.SubFactory(ApplicationFactory)


def ranked_application(*, call, rank: int, combined, region: str = "dushanbe", **kwargs) -> Application:
    """Return a submitted, eligible application of `call` whose score row holds `combined` and `rank`,
    set directly as `applicants.ranking.ranking_compute` would."""
    kwargs.setdefault("reference", f"PAR-2026-{call.pk:03d}{rank:05d}")
    kwargs.setdefault("submitted_at", timezone.now() - timedelta(days=1, seconds=rank))
    application = ApplicationFactory(
        call=call, complete=True, status=ApplicationStatus.SUBMITTED, eligibility=Eligibility.ELIGIBLE,
        region=region, **kwargs,
    )
    ApplicationScore.objects.create(
        application=application, status=ScoreStatus.DONE, auto_total=combined, combined_total=combined,
        rank=rank, ranked_at=timezone.now(),
    )
    return application


class CohortFactory(factory.django.DjangoModelFactory):
    """A confirmed cohort of an open call."""

    class Meta:
        model = Cohort

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    size = 3
    status = "confirmed"
    confirmed_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    """An offer waiting for her answer, due in a week."""

    class Meta:
        model = Offer

    cohort = factory.SubFactory(CohortFactory)
    application = factory.SubFactory(ApplicationFactory, call=factory.SelfAttribute("..cohort.call"))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitlistEntry

    cohort = factory.SubFactory(CohortFactory)
    application = factory.SubFactory(ApplicationFactory, call=factory.SelfAttribute("..cohort.call"))
    position = factory.Sequence(lambda n: n + 1)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A reviewer's review of an application; `scores` ({criterion key: 1-5}) makes it a scored one."""

    class Meta:
        model = ReviewAssignment
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, complete=True)
    reviewer = factory.SubFactory(UserFactory, role="reviewer")
    status = ReviewStatus.ASSIGNED

    @classmethod
    def _create(cls, model_class, *args, scores=None, **kwargs):
        from applicants.scoring import rubric_default

        if scores is not None and kwargs["status"] == ReviewStatus.ASSIGNED:
            kwargs["status"] = ReviewStatus.SCORED
        if kwargs["status"] != ReviewStatus.ASSIGNED:
            kwargs.setdefault("submitted_at", timezone.now())
        assignment = super()._create(model_class, *args, **kwargs)
        if scores:
            rubric = rubric_default(call=assignment.application.call)
            criteria = {c.key: c for c in RubricCriterion.objects.filter(rubric=rubric)}
            ReviewScore.objects.bulk_create(
                ReviewScore(assignment=assignment, criterion=criteria[key], score=value)
                for key, value in scores.items()
            )
        return assignment


class FirmFactory(factory.django.DjangoModelFactory):
    """A firm that applied; `representative=user` makes `user` its representative."""

    class Meta:
        model = "matching.Firm"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ширкати Сомон {n}")
    sector = "textiles"
    region = "dushanbe"
    city = "Душанбе"
    size = "micro"
    sells = "Либосҳои миллӣ аз атлас"
    channels = factory.LazyFunction(lambda: ["laklak", "instagram"])
    market = "domestic"
    skills_needed = factory.LazyFunction(lambda: ["digital_marketing", "marketplace_operations"])
    languages = factory.LazyFunction(lambda: ["tg", "ru"])
    work_mode = "hybrid"
    hours_per_week = 20
    capacity = 1
    contact_name = "Фирӯз Раҳимов"
    contact_phone = factory.Sequence(lambda n: f"+99292{n:07d}")
    contact_email = factory.Sequence(lambda n: f"firm{n}@example.tj")
    baseline_revenue = 2500
    baseline_shops = 2

    @factory.post_generation
    def representative(self, create, extracted, **kwargs):
        if create and extracted:
            from matching.models import FirmMember

            FirmMember.objects.create(firm=self, user=extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant of a confirmed cohort: her complete application to its call, her account in that role."""

    class Meta:
        model = "applicants.Participant"

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory, role="participant")
    application = factory.SubFactory(
        ApplicationFactory,
        call=factory.SelfAttribute("..cohort.call"),
        applicant=factory.SelfAttribute("..user"),
        complete=True,
        status=ApplicationStatus.SELECTED,
        full_name=factory.SelfAttribute("..user.full_name"),
        email=factory.SelfAttribute("..user.email"),
        phone=factory.SelfAttribute("..user.phone"),
        reference=factory.Sequence(lambda n: f"PAR-2026-{70000 + n:05d}"),
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """A whole-cohort online session that took place yesterday."""

    class Meta:
        model = "training.Session"

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Дарси {n}: LakLak")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    online_url = "https://meet.example.tj/parwona"


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A required assignment of a cohort, due in a week."""

    class Meta:
        model = "training.Assignment"

    cohort = factory.SubFactory(CohortFactory)
    title_tg = factory.Sequence(lambda n: f"Супориш {n}")
    title_ru = factory.Sequence(lambda n: f"Задание {n}")
    title_en = factory.Sequence(lambda n: f"Assignment {n}")
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class SubmissionFactory(factory.django.DjangoModelFactory):
    """Her first attempt at an assignment: a link to her shop, waiting for feedback."""

    class Meta:
        model = "training.Submission"

    assignment = factory.SubFactory(AssignmentFactory)
    participant = factory.SubFactory(ParticipantFactory, cohort=factory.SelfAttribute("..assignment.cohort"))
    link = "https://laklak.tj/shop/somon"

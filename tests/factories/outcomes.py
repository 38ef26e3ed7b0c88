"""Factories of the outcomes stage: a matched firm and manager, firm reports, follow-ups and records."""

from datetime import date

import factory
from django.utils import timezone

from outcomes.enums import ContractType, EmploymentStatus, IncomeBand, RecordSource, ReportStatus
from tests.factories import FirmFactory, ParticipantFactory


class MatchingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matching.MatchingRound"
        django_get_or_create = ("cohort",)

    cohort = factory.SubFactory("tests.factories.CohortFactory")


class MatchFactory(factory.django.DjangoModelFactory):
    """A published match of a participant with a firm, in her cohort's matching round."""

    class Meta:
        model = "matching.Match"

    participant = factory.SubFactory(ParticipantFactory)
    firm = factory.SubFactory(FirmFactory)
    round = factory.LazyAttribute(lambda o: MatchingRoundFactory(cohort=o.participant.cohort))
    score = 75
    started_at = factory.LazyFunction(timezone.now)


class FirmReportFactory(factory.django.DjangoModelFactory):
    """A firm's report for a month; verified by default, as most reports the indicators read are."""

    class Meta:
        model = "outcomes.FirmReport"

    match = factory.SubFactory(MatchFactory)
    firm = factory.SelfAttribute("match.firm")
    month = date(2026, 6, 1)
    online_revenue = 4000
    online_orders = 20
    new_jobs = 0
    manager_contract = ContractType.FIXED_TERM
    status = ReportStatus.VERIFIED
    submitted_at = factory.LazyFunction(timezone.now)
    verified_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == ReportStatus.VERIFIED else None
    )


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.FollowUp"

    participant = factory.SubFactory(ParticipantFactory)
    months_after = 3
    due_on = date(2026, 9, 1)


class EmploymentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.EmploymentRecord"

    participant = factory.SubFactory(ParticipantFactory)
    as_of = date(2026, 9, 1)
    status = EmploymentStatus.HOST_FORMAL
    income_band = IncomeBand.FROM_1000
    source = RecordSource.SURVEY

"""Outcomes' part of her data export: her follow-ups and the employment records made of them."""

from parwona.core.personal_data import PersonalDataSection, model_row, personal_data_register

from .models import EmploymentRecord, FollowUp


def outcomes_collect(*, user) -> dict:
    """Return her follow-ups (without their secret links) and her employment records."""
    return {
        "follow_ups": [
            model_row(follow_up, exclude=["token", "token_used_at"])
            for follow_up in FollowUp.objects.filter(participant__user=user).order_by("pk")
        ],
        "employment_records": [
            model_row(record, exclude=["recorded_by"])
            for record in EmploymentRecord.objects.filter(participant__user=user).order_by("pk")
        ],
    }


personal_data_register(section=PersonalDataSection(name="outcomes", collect=outcomes_collect, order=40))

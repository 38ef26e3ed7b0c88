"""Helpers of the demo-data tests: undo the later stages' demo before deleting what they build on."""

from django.apps import apps


def demo_matches_delete() -> None:
    """Delete the demo's matching rounds and matches, which protect participants and firms."""
    demo_outcomes_delete()
    apps.get_model("matching", "Match").objects.all().delete()
    apps.get_model("matching", "MatchingRound").objects.all().delete()


def demo_applications_delete(*, users=None) -> None:
    """Delete every application, the later stages' rows that point at them first, then `users`."""
    demo_outcomes_delete()
    demo_training_delete()
    demo_matches_delete()
    apps.get_model("applicants", "Participant").objects.all().delete()
    apps.get_model("applicants", "Cohort").objects.all().delete()
    apps.get_model("applicants", "Application").objects.all().delete()
    if users is not None:
        users.delete()


def demo_training_delete() -> None:
    """Delete the demo's training: certificates, curriculum, groups, sessions, assignments, ratings."""
    for model in ("Certificate", "SkillRating", "Session", "Assignment", "PeerGroup", "Module",
                  "TrainingSettings"):
        apps.get_model("training", model).objects.all().delete()


def demo_outcomes_delete() -> None:
    """Delete the demo's outcomes: firm reports (which protect firms), follow-ups, targets, snapshots."""
    for model in ("MonthlyReport", "AggregateSnapshot", "IndicatorTarget", "EmploymentRecord", "FollowUp",
                  "FirmReport"):
        apps.get_model("outcomes", model).objects.all().delete()

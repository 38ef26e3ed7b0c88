"""Refresh the aggregates when the data they count changes. Applications are left to the nightly run:
they change too often during a call."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save

WATCHED = [
    "outcomes.FirmReport", "outcomes.ShopOpening", "outcomes.EmploymentRecord", "outcomes.IndicatorTarget",
    "training.Certificate", "training.Session", "applicants.Participant", "matching.Match",
]


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw") or not getattr(settings, "AGGREGATES_REFRESH_ON_CHANGE", True):
        return
    from .refresh import aggregates_refresh_soon

    aggregates_refresh_soon()


def signals_connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"aggregates-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"aggregates-delete-{label}")

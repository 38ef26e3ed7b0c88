"""Reads behind the coordinator's pages about calls."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Application, Call, CallQuestion


def _count_of(queryset: QuerySet) -> Coalesce:
    """Return the number of rows of `queryset` (filtered on the outer call) as a subquery."""
    counted = (
        queryset.filter(call=OuterRef("pk")).order_by().values("call").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def calls_with_counts(queryset: QuerySet[Call] | None = None) -> QuerySet[Call]:
    """Annotate calls with `submitted_count` (applications ever submitted) and `question_count`.

    Subqueries rather than joins: a national call has 100,000 applications, and joining them with
    the questions would multiply the rows.
    """
    queryset = Call.objects.all() if queryset is None else queryset
    return queryset.annotate(
        submitted_count=_count_of(Application.objects.filter(submitted_at__isnull=False)),
        question_count=_count_of(CallQuestion.objects.all()),
    )


def call_has_submissions(call: Call) -> bool:
    """Whether any application to `call` has been submitted, so its answers refer to the questions."""
    return Application.objects.filter(call=call, submitted_at__isnull=False).exists()

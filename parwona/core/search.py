"""Case-insensitive search that works for Tajik and Russian Cyrillic on every database.

SQLite's LIKE folds only ASCII letters, so "зарина" would not find "Зарина" there. `Folded`
lowers text with the database's Unicode-aware LOWER on PostgreSQL and with Python's casefold
on SQLite (registered on each new connection).
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, Q, QuerySet
from django.dispatch import receiver


class Folded(Func):
    function = "LOWER"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="PARWONA_CASEFOLD", **extra_context)


@receiver(connection_created)
def _register_sqlite_casefold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "PARWONA_CASEFOLD", 1, lambda value: value.casefold() if isinstance(value, str) else value,
            deterministic=True,
        )


def search(queryset: QuerySet, fields: list[str], text: str) -> QuerySet:
    """Return the rows of `queryset` where any of `fields` contains `text`, ignoring case."""
    text = text.strip().casefold()
    if not text:
        return queryset
    names = {field: f"_folded_{field.replace('__', '_')}" for field in fields}
    queryset = queryset.alias(**{alias: Folded(field) for field, alias in names.items()})
    condition = Q()
    for alias in names.values():
        condition |= Q(**{f"{alias}__contains": text})
    return queryset.filter(condition)

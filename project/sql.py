"""Query pieces the ORM lacks."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, Model
from django.db.models.expressions import RawSQL


def any_of(model: type[Model], field_name: str, values: Iterable[int]) -> RawSQL:
    """`"<table>"."<column>" = ANY(values)` for `.filter()`, the values as ONE array parameter.

    `field__in=[…]` writes a placeholder per value: for the thousand claims of an article, Django
    and psycopg spent longer building, and psycopg parsing, that query (too long for psycopg's
    cache of parsed queries) than PostgreSQL spent running it."""
    column = model._meta.get_field(field_name).column
    return RawSQL(
        f'"{model._meta.db_table}"."{column}" = ANY(%s)',
        (list(values),),
        output_field=BooleanField(),
    )

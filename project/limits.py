"""How long free text may be, field by field: one place for the models (and their database
CHECK constraints), the forms, the API serializers, the services and the README."""

from __future__ import annotations

from typing import Final

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from project.errors import InvalidInput

CLAIM_TEXT_MAX_LENGTH: Final = 2_000
"""A claim restated as a checkable sentence."""

NOTE_MAX_LENGTH: Final = 5_000
"""Notes, comments, quoted passages and reasons: a few paragraphs."""


def text_length_constraints(prefix: str, **limits: int) -> list[models.CheckConstraint]:
    """One CHECK per free-text field: at most its limit in code points (char_length)."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), limit), name=f"{prefix}_{field}_max_length"
        )
        for field, limit in limits.items()
    ]


def refuse_too_long(model: type[models.Model], **fields: str | None) -> None:
    """Raise InvalidInput naming every value longer than its model field's max_length."""
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        limit = model._meta.get_field(name).max_length
        if value is not None and limit is not None and len(value) > limit:
            errors[name] = [f"At most {limit:,} characters, please (this has {len(value):,})."]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{field}: {messages[0]}", errors=errors)

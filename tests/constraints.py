"""Helpers for the tests that each named database constraint refuses a bad row."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, models, transaction


def named_constraints(*model_classes: type[models.Model]) -> set[str]:
    return {constraint.name for model in model_classes for constraint in model._meta.constraints}


@contextmanager
def refused_by(constraint: str):
    """The write inside fails with an IntegrityError raised by exactly `constraint`, and is
    rolled back on its own (a savepoint), so the test can check that nothing changed."""
    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        yield
    assert refusal.value.__cause__.diag.constraint_name == constraint


def assert_update_refused(instance: models.Model, constraint: str, **values) -> None:
    """Writing `values` onto the stored row of `instance` is refused by `constraint`, and the
    row stays exactly as it was."""
    rows = type(instance).objects.filter(pk=instance.pk)
    before = rows.values().get()
    with refused_by(constraint):
        rows.update(**values)
    assert rows.values().get() == before


def assert_insert_refused(model: type[models.Model], constraint: str, **fields) -> None:
    """Inserting a row with `fields` is refused by `constraint`, and no row is added."""
    count = model.objects.count()
    with refused_by(constraint):
        model.objects.create(**fields)
    assert model.objects.count() == count

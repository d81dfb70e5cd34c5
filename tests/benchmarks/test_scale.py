"""`--scale N`'s comparison (benchmarks/scale.py): the order the sides are measured in, that the
database is settled after every run of either side, and how the ratio is made of the runs."""

from __future__ import annotations

from contextlib import nullcontext
from types import SimpleNamespace

import pytest
from django.db import connection

from benchmarks import scale
from benchmarks.measure import Metric, ScenarioResult


@pytest.fixture
def measured(monkeypatch):
    """A part whose figure is read from a list per side, and a record of what ran in which
    order: the scenario, the restore and the settling, each with the side it ran on."""
    events: list[tuple[str, int]] = []
    figures = {1: [100.0, 120.0, 110.0, 130.0], 10: [150.0, 130.0, 140.0, 120.0]}
    current: list[int] = []

    def using(side: int):
        current[:] = [side]
        return nullcontext()

    def scenario(bench) -> ScenarioResult:
        events.append(("measure", bench.scale))
        result = ScenarioResult("Fake")
        result.add(Metric("fake.p95", "Fake p95", figures[bench.scale].pop(0), "ms"))
        return result

    monkeypatch.setattr(
        scale,
        "PARTS",
        {"fake": scale.Part("scale.fake", "Fake", scenario, "fake.p95", "ms", cycles=2)},
    )
    monkeypatch.setattr(
        scale, "restore_dataset", lambda dataset: events.append(("restore", dataset.scale))
    )

    def settle() -> float:
        events.append(("settle", current[0]))
        return 0.5

    monkeypatch.setattr(scale, "settle", settle)
    benches = {
        side: SimpleNamespace(scale=side, dataset=SimpleNamespace(scale=side, counts={}))
        for side in (1, 10)
    }
    return SimpleNamespace(events=events, benches=benches, using=using)


def test_each_run_of_either_side_is_restored_and_settled_before_the_next_one(measured):
    scale.compare(measured.benches, using=measured.using, parts=["fake"], quick=False)
    order = [1, 10, 10, 1, 1, 10, 10, 1]
    expected = [("settle", 1), ("settle", 10)]  # both sides, before anything is measured
    for side in order:
        expected += [("measure", side), ("restore", side), ("settle", side)]
    assert measured.events == expected


def test_a_side_is_the_mean_of_its_runs_and_the_ratio_is_ten_times_over_once(measured):
    result, latest = scale.compare(
        measured.benches, using=measured.using, parts=["fake"], quick=False
    )
    figures = {metric.key: metric.value for metric in result.metrics}
    # Runs in the order 1, 10, 10, 1, 1, 10, 10, 1 take the lists' values in turn.
    assert figures["scale.fake.x1"] == 115.0
    assert figures["scale.fake.x10"] == 135.0
    assert figures["scale.fake.ratio"] == round(135 / 115, 2)
    assert result.details["values"]["fake"] == {
        "x1": [100.0, 120.0, 110.0, 130.0],
        "x10": [150.0, 130.0, 140.0, 120.0],
    }
    assert result.details["settle_seconds"]["fake"] == {"x1": [0.5] * 4, "x10": [0.5] * 4}
    assert latest.name == "Fake (10×)"


def test_quick_measures_each_side_once(measured):
    result, _ = scale.compare(measured.benches, using=measured.using, parts=["fake"], quick=True)
    assert [event for event in measured.events if event[0] == "measure"] == [
        ("measure", 1),
        ("measure", 10),
    ]
    assert result.details["order"] == {"fake": [1, 10]}


@pytest.mark.django_db(transaction=True)
def test_settling_vacuums_and_analyses_the_database_outside_a_transaction():
    assert scale.settle() >= 0  # VACUUM and CHECKPOINT refuse to run in a transaction block
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL"
            " FROM pg_stat_user_tables WHERE relname = 'annotations_claim'"
        )
        assert cursor.fetchone() == (True,)

"""What a scenario reports: metrics with their targets, and the statistics they are made of."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    value: float
    unit: str
    target: str = ""
    passed: bool | None = None
    """None: reported, without a target."""


@dataclass
class ScenarioResult:
    name: str
    metrics: list[Metric] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)

    def add(self, metric: Metric) -> None:
        self.metrics.append(metric)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value at least `fraction` of the values reach."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 1)


def megabytes(size: int) -> float:
    return round(size / 2**20, 1)


def at_most(value: float, limit: float, unit: str = "") -> tuple[str, bool]:
    return f"≤ {limit:g}{unit}", value <= limit


def at_least(value: float, limit: float, unit: str = "") -> tuple[str, bool]:
    return f"≥ {limit:,g}{unit}", value >= limit


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    return {
        "count": len(seconds),
        "p50_ms": milliseconds(percentile(seconds, 0.5)),
        "p95_ms": milliseconds(percentile(seconds, 0.95)),
        "max_ms": milliseconds(max(seconds)),
    }

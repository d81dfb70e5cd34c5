"""`make bench BENCH_ARGS="--scale 10"`: the figures that must hold at ten times the data (issue
18), measured on the 1× and the 10× data set in the same run. Each part runs in the order 1×, 10×,
10×, 1× (1×, 10× with --quick), each on its own gunicorn server and database, so that the shared
machine's drift over the run moves both sides alike; a side's figure is the mean of its runs.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from annotations.models import Claim
from annotations.workflow import ClaimStatus
from benchmarks import scenarios
from benchmarks.dataset import restore_dataset
from benchmarks.measure import Metric, ScenarioResult, at_most, megabytes

RATIO_LIMIT = 1.25


def export_stream(bench: scenarios.Bench) -> ScenarioResult:
    """The streamed ndjson export alone, every verified claim once (the export scenario's other
    formats and references take minutes at ten times the data and are not compared)."""
    result = ScenarioResult("Streamed export (ndjson)")
    client = bench.token_client(bench.dataset.reader_id)
    expected = Claim.objects.filter(status=ClaimStatus.VERIFIED.value).count()
    article = bench.dataset.main_article_ids[0]
    for _ in range(2):
        path = f"{scenarios.EXPORT_PATH}?format=ndjson&article={article}"
        scenarios._check(client.get(path), "warm-up")
    run = scenarios._ndjson(bench, client)
    if run["claims"] != expected:
        raise RuntimeError(f"ndjson export gave {run['claims']} claims, not {expected}")
    result.add(
        Metric(
            "export.ndjson.rate",
            f"ndjson, {expected:,} claims",
            run["claims_per_second"],
            "claims/s",
        )
    )
    growth = megabytes(run["memory_growth_bytes"])
    result.add(
        Metric(
            "export.ndjson.memory",
            "ndjson, worker memory growth",
            growth,
            "MB",
            *at_most(growth, 50, " MB"),
        )
    )
    result.details = {"run": run}
    return result


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    scenario: Callable[[scenarios.Bench], ScenarioResult]
    metric: str
    """The scenario's metric that is compared."""
    unit: str
    is_rate: bool = False
    """A rate's ratio is the 1× figure over the 10× one, so that every ratio is ≤ 1.25 when met."""


PARTS = {
    "article": Part(
        "scale.article",
        "Article page, 1,000 claims, median",
        scenarios.article_page,
        "article.median_ms.heavy",
        "ms",
    ),
    "review": Part(
        "scale.review.p50", "Taking the next claim, p50", scenarios.review_queue, "review.p50", "ms"
    ),
    "search": Part("scale.search.p95", "Search, p95", scenarios.search, "search.p95", "ms"),
    "export": Part(
        "scale.export.rate",
        "Streamed export (ndjson)",
        export_stream,
        "export.ndjson.rate",
        "claims/s",
        is_rate=True,
    ),
}


def compare(
    benches: dict[int, scenarios.Bench],
    *,
    using: Callable[[int], AbstractContextManager],
    parts: list[str],
    quick: bool,
) -> list[ScenarioResult]:
    """Run each part on both data sets (`using(scale)` points this process's database connection
    at that data set); the comparison first, then each part's last result at the larger scale."""
    large = max(benches)
    order = [1, large] if quick else [1, large, large, 1]
    values: dict[str, dict[int, list[float]]] = {}
    latest: dict[str, ScenarioResult] = {}
    for name in parts:
        part = PARTS[name]
        values[name] = {scale: [] for scale in benches}
        for scale in order:
            print(f"Measuring: {name} at {scale}×…", flush=True)
            with using(scale):
                measured = part.scenario(benches[scale])
                restore_dataset(benches[scale].dataset)
            values[name][scale].append(_value(measured, part.metric))
            print(f"  {values[name][scale][-1]:,} {part.unit}", flush=True)
            if scale == large:
                latest[name] = measured

    result = ScenarioResult(f"{large}× the data, beside 1×")
    for name in parts:
        part = PARTS[name]
        one = round(statistics.mean(values[name][1]), 1)
        many = round(statistics.mean(values[name][large]), 1)
        ratio = round(one / many if part.is_rate else many / one, 2)
        result.add(Metric(f"{part.key}.x1", f"{part.label}, 1×", one, part.unit))
        result.add(Metric(f"{part.key}.x{large}", f"{part.label}, {large}×", many, part.unit))
        sides = f"1× : {large}×" if part.is_rate else f"{large}× : 1×"
        result.add(
            Metric(
                f"{part.key}.ratio",
                f"{part.label}, {sides}",
                ratio,
                "×",
                *at_most(ratio, RATIO_LIMIT, "×"),
            )
        )
    result.details = {
        "order": order,
        "values": {
            name: {f"x{scale}": runs for scale, runs in v.items()} for name, v in values.items()
        },
        "datasets": {f"x{scale}": bench.dataset.counts for scale, bench in benches.items()},
    }
    for name in parts:
        latest[name].name = f"{latest[name].name} ({large}×)"
    return [result, *(latest[name] for name in parts)]


def _value(result: ScenarioResult, key: str) -> float:
    for metric in result.metrics:
        if metric.key == key:
            return metric.value
    raise KeyError(f"{result.name} has no metric {key}")

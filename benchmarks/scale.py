"""`make bench BENCH_ARGS="--scale 10"`: the figures that must hold at ten times the data (issue
18), measured on the 1× and the 10× data set in the same run. Each part runs in the order 1×, 10×,
10×, 1× (search and the export run it twice; 1×, 10× with --quick), each on its own gunicorn
server and database, so that the shared machine's drift over the run moves both sides alike; a
side's figure is the mean of its runs.

Every measured run starts from a settled database (`settle`): what the benchmark's own writes
call for (the export's kept lines, the review queue's takes and their reset) is vacuumed,
analysed and checkpointed between runs, on whichever side wrote, instead of by autovacuum and
WAL-triggered checkpoints in the middle of the next run, which may be the other side's
(docs/performance.md, "Ten times the data").
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.db import connection

from annotations.models import Claim
from annotations.workflow import ClaimStatus
from benchmarks import scenarios
from benchmarks.dataset import restore_dataset
from benchmarks.measure import Metric, ScenarioResult, at_most, megabytes

RATIO_LIMIT = 1.25


def settle() -> float:
    """Do now, outside any measurement, the maintenance the database's recent writes call for:
    `VACUUM (ANALYZE)` (hint bits, the visibility map, dead rows and statistics, which
    autovacuum would otherwise see to a minute or so later) and a `CHECKPOINT` (the dirty pages
    and the WAL those writes and the vacuum made). The seconds it took."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
    return time.perf_counter() - started


EXPORT_CLAIMS_PER_RUN = 1_000_000
"""A run streams the whole export as many times as it takes to send at least this many claims
(1× ten times, 10× once): both sides are measured over the same work and about as long, so that
a moment of load on the shared machine weighs alike on either."""


def export_stream(bench: scenarios.Bench) -> ScenarioResult:
    """The streamed ndjson export alone, every verified claim (the export scenario's other
    formats and references take minutes at ten times the data and are not compared), from kept
    lines: an export first, not measured, renders and keeps the line of any claim that has none
    (every claim after a rebuild, a change to the rendering code or a new server address), and
    the database is settled after it, so that each measured run on either side serves the same
    kind of export. Its rate is kept in the details (`first`)."""
    result = ScenarioResult("Streamed export (ndjson)")
    client = bench.token_client(bench.dataset.reader_id)
    expected = Claim.objects.filter(status=ClaimStatus.VERIFIED.value).count()
    article = bench.dataset.main_article_ids[0]
    for _ in range(2):
        path = f"{scenarios.EXPORT_PATH}?format=ndjson&article={article}"
        scenarios._check(client.get(path), "warm-up")
    first = scenarios._ndjson(bench, client)
    settled = settle()
    repeats = 1 if bench.quick else math.ceil(EXPORT_CLAIMS_PER_RUN / max(expected, 1))
    runs = [scenarios._ndjson(bench, client) for _ in range(repeats)]
    for one in (first, *runs):
        if one["claims"] != expected:
            raise RuntimeError(f"ndjson export gave {one['claims']} claims, not {expected}")
    run = scenarios._combined(runs)
    result.add(
        Metric(
            "export.ndjson.rate",
            f"ndjson, {expected:,} claims" + (f" × {repeats}" if repeats > 1 else ""),
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
    result.details = {"run": run, "first": first, "settled_seconds": round(settled, 1)}
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
    cycles: int = 1
    """How many times the order 1×, 10×, 10×, 1× is run (once with --quick)."""


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
    # A p95 of 100 searches is about the fifth slowest: two cycles, eight runs of 100.
    "search": Part(
        "scale.search.p95", "Search, p95", scenarios.search, "search.p95", "ms", cycles=2
    ),
    "export": Part(
        "scale.export.rate",
        "Streamed export (ndjson)",
        export_stream,
        "export.ndjson.rate",
        "claims/s",
        is_rate=True,
        cycles=2,
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
    values: dict[str, dict[int, list[float]]] = {}
    settling: dict[str, dict[int, list[float]]] = {}
    orders: dict[str, list[int]] = {}
    latest: dict[str, ScenarioResult] = {}
    for scale in benches:  # neither side starts with the other's maintenance, nor its own
        with using(scale):
            settle()
    for name in parts:
        part = PARTS[name]
        orders[name] = order = [1, large] if quick else [1, large, large, 1] * part.cycles
        values[name] = {scale: [] for scale in benches}
        settling[name] = {scale: [] for scale in benches}
        for scale in order:
            print(f"Measuring: {name} at {scale}×…", flush=True)
            with using(scale):
                measured = part.scenario(benches[scale])
                restore_dataset(benches[scale].dataset)
                settling[name][scale].append(round(settle(), 1))
            values[name][scale].append(_value(measured, part.metric))
            print(
                f"  {values[name][scale][-1]:,} {part.unit}"
                f" (settled in {settling[name][scale][-1]} s)",
                flush=True,
            )
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
        "order": orders,
        "values": {
            name: {f"x{scale}": runs for scale, runs in v.items()} for name, v in values.items()
        },
        "settle_seconds": {
            name: {f"x{scale}": runs for scale, runs in v.items()} for name, v in settling.items()
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

"""The run's record: the machine, the data set, every metric against its target; printed as a
table and written to benchmarks/results.json."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import orjson
import psutil
from django.db import connection

from benchmarks.measure import ScenarioResult

RESULTS_PATH = Path(__file__).resolve().parent / "results.json"


def machine_info() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "postgresql": postgres,
        "django": version("django"),
        "gunicorn": version("gunicorn"),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def record(
    results: list[ScenarioResult],
    *,
    machine: dict[str, object],
    dataset: dict[str, object],
    quick: bool,
) -> dict[str, object]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "machine": machine,
        "dataset": dataset,
        "scenarios": [
            {
                "name": result.name,
                "metrics": [metric.__dict__ for metric in result.metrics],
                "details": result.details,
            }
            for result in results
        ],
        "passed": all(
            metric.passed is not False for result in results for metric in result.metrics
        ),
    }


def write(data: dict[str, object], path: Path = RESULTS_PATH) -> None:
    path.write_bytes(
        orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n"
    )


def _value(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if isinstance(value, int) or value >= 1000 else f"{value:,g}"
    if unit in ("", "×"):
        return f"{number}{unit}"
    return f"{number} {unit}"


def table(results: list[ScenarioResult]) -> str:
    """A Markdown table: it reads in a terminal and pastes into the README as it is."""
    rows = [("Metric", "Value", "Target", "")]
    for result in results:
        rows.append((f"**{result.name}**", "", "", ""))
        for metric in result.metrics:
            verdict = {True: "pass", False: "FAIL", None: ""}[metric.passed]
            rows.append((metric.label, _value(metric.value, metric.unit), metric.target, verdict))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for number, row in enumerate(rows):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if number == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def summary(machine: dict[str, object], dataset: dict[str, object], date: str) -> str:
    return (
        f"{date[:10]} · {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM · "
        f"Python {machine['python']}, PostgreSQL {machine['postgresql']}, "
        f"Django {machine['django']}, gunicorn {machine['gunicorn']} (2 sync workers)\n"
        f"Data set: {dataset.get('articles', 0):,} articles "
        f"({dataset.get('text_chars', 0) / 1e6:.1f} M characters), "
        f"{dataset.get('claims', 0):,} claims ({dataset.get('claims_verified', 0):,} verified), "
        f"{dataset.get('citations', 0):,} citations"
    )

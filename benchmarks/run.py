"""`make bench`: build (or reuse) the data set in its own database, serve the app with gunicorn,
measure, print the table and write benchmarks/results.json.

    python -m benchmarks.run [--rebuild] [--quick] [--scale N]
                             [--only article,export,review,create,search,similar]

With --scale N the data set is N times the articles, claims and citations, in a database of its
own; the article page, the review queue, search and the streamed export are then measured on
both data sets side by side and compared (benchmarks/scale.py), the other scenarios on the N×
one.

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.dataset import Dataset
    from benchmarks.spec import DatasetSpec

BASE_DIR = Path(__file__).resolve().parent.parent


def _environment(database_url: str) -> dict[str, str]:
    """What both this process and gunicorn run with: production settings on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        # Shared by both processes: sessions this process creates must be valid in gunicorn.
        "SECRET_KEY": secrets.token_urlsafe(50),
        # `testserver` for Django's test client, which counts the queries in this process.
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        # The search scenario sends 120 searches a run from one user, and --scale runs it
        # several times a minute: the throttle is not what is measured.
        "SEARCH_THROTTLE_USER": "100000/minute",
        "SEARCH_THROTTLE_ADDRESS": "100000/minute",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="build the data set afresh")
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions, for trying the benchmark out"
    )
    parser.add_argument("--only", default="", help="comma-separated scenarios to run")
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="N times the articles, claims and citations, in a database of its own",
    )
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be 1 or more")

    from benchmarks import database

    # Before DATABASE_URL is pointed at the bench database: the others are named after it too.
    urls = {factor: database.bench_database_url(factor) for factor in sorted({1, args.scale})}
    os.environ.update(_environment(urls[args.scale]))

    import django

    django.setup()

    from django.core.management import call_command

    from benchmarks import report, scale, scenarios
    from benchmarks.dataset import restore_dataset
    from benchmarks.server import AppServer, free_port
    from benchmarks.spec import FULL

    chosen = [name for name in args.only.split(",") if name] or list(scenarios.SCENARIOS)
    unknown = set(chosen) - set(scenarios.SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    # With --scale N, these are measured on the 1× data set too, beside the N× one
    # (benchmarks/scale.py); the other scenarios run on the N× data set alone.
    compared = [name for name in chosen if name in scale.PARTS] if args.scale > 1 else []
    scales = sorted(urls) if compared else [args.scale]
    specs = {factor: FULL.scaled(factor) for factor in scales}
    needs_build = {
        factor: database.prepare(urls[factor], stamp=specs[factor].stamp, rebuild=args.rebuild)
        for factor in scales
    }

    call_command("collectstatic", verbosity=0, interactive=False)
    datasets = {}
    for factor in scales:
        with database.connected_to(urls[factor]):
            datasets[factor] = _ready_dataset(urls[factor], specs[factor], needs_build[factor])

    results = []
    try:
        with ExitStack() as servers:
            benches = {}
            for factor in scales:
                port = free_port()
                suffix = "" if factor == 1 else f"-x{factor}"
                log_path = BASE_DIR / "var" / "bench" / f"gunicorn{suffix}.log"
                print(
                    f"Serving the {factor}× data set on 127.0.0.1:{port} "
                    f"(gunicorn, 2 workers; log in {log_path})",
                    flush=True,
                )
                server = servers.enter_context(
                    AppServer(
                        port=port,
                        env={**os.environ, "DATABASE_URL": urls[factor]},
                        log_path=log_path,
                    )
                )
                benches[factor] = scenarios.Bench(
                    server, datasets[factor], urls[factor], args.quick
                )
            for name in chosen:
                if name not in compared:
                    print(f"Measuring: {name}…", flush=True)
                    results.append(scenarios.SCENARIOS[name](benches[args.scale]))
            if compared:
                results.extend(
                    scale.compare(
                        benches,
                        using=lambda factor: database.connected_to(urls[factor]),
                        parts=compared,
                        quick=args.quick,
                    )
                )
    finally:
        for factor in scales:
            with database.connected_to(urls[factor]):
                restore_dataset(datasets[factor])

    machine = report.machine_info()
    counts = datasets[args.scale].counts
    data = report.record(results, machine=machine, dataset=counts, quick=args.quick)
    report.write(data)
    print()
    print(report.summary(machine, counts, data["date"]))
    print()
    print(report.table(results))
    print(f"\nWritten to {report.RESULTS_PATH.relative_to(BASE_DIR)}")
    return 0 if data["passed"] else 1


def _ready_dataset(url: str, spec: DatasetSpec, needs_build: bool) -> Dataset:
    """Migrate the database Django is connected to, build its data set or read the stored one,
    and put it back in its starting state."""
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import database
    from benchmarks.dataset import Dataset, build_dataset, restore_dataset

    print(f"Database: {database.database_name(url)}")
    call_command("migrate", verbosity=0, interactive=False)
    if needs_build:
        print("Building the data set…", flush=True)
        started = time.perf_counter()
        dataset = build_dataset(spec, progress=lambda step: print(f"  {step}", flush=True))
        database.save_stamp(connection, stamp=spec.stamp, dataset_json=_json(dataset.to_json()))
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        dataset = Dataset.from_json(database.stored_dataset(url)[1])
        print("Reusing the data set (--rebuild to build it afresh).")
    restore_dataset(dataset)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return dataset


def _json(value: object) -> str:
    import orjson

    return orjson.dumps(value).decode()


if __name__ == "__main__":
    sys.exit(main())

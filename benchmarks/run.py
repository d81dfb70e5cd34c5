"""`make bench`: build (or reuse) the data set in its own database, serve the app with gunicorn,
measure, print the table and write benchmarks/results.json.

    python -m benchmarks.run [--rebuild] [--quick] [--scale N]
                             [--only article,export,review,create,search,similar]

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

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

    database_url = database.bench_database_url(args.scale)
    os.environ.update(_environment(database_url))

    from benchmarks.spec import FULL

    spec = FULL.scaled(args.scale)
    needs_build = database.prepare(database_url, stamp=spec.stamp, rebuild=args.rebuild)

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    from benchmarks import report, scenarios
    from benchmarks.dataset import Dataset, build_dataset, restore_dataset
    from benchmarks.server import AppServer, free_port

    print(f"Database: {database.database_name(database_url)}")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if needs_build:
        print("Building the data set…", flush=True)
        started = time.perf_counter()
        dataset = build_dataset(spec)
        database.save_stamp(connection, stamp=spec.stamp, dataset_json=_json(dataset.to_json()))
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        dataset = Dataset.from_json(database.stored_dataset(database_url)[1])
        print("Reusing the data set (--rebuild to build it afresh).")
    restore_dataset(dataset)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    chosen = [name for name in args.only.split(",") if name] or list(scenarios.SCENARIOS)
    unknown = set(chosen) - set(scenarios.SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")

    results = []
    port = free_port()
    log_path = BASE_DIR / "var" / "bench" / "gunicorn.log"
    print(f"Serving on 127.0.0.1:{port} (gunicorn, 2 workers; log in {log_path})", flush=True)
    try:
        with AppServer(port=port, env=dict(os.environ), log_path=log_path) as server:
            bench = scenarios.Bench(server, dataset, database_url, args.quick)
            for name in chosen:
                print(f"Measuring: {name}…", flush=True)
                results.append(scenarios.SCENARIOS[name](bench))
    finally:
        restore_dataset(dataset)

    machine = report.machine_info()
    data = report.record(results, machine=machine, dataset=dataset.counts, quick=args.quick)
    report.write(data)
    print()
    print(report.summary(machine, dataset.counts, data["date"]))
    print()
    print(report.table(results))
    print(f"\nWritten to {report.RESULTS_PATH.relative_to(BASE_DIR)}")
    return 0 if data["passed"] else 1


def _json(value: object) -> str:
    import orjson

    return orjson.dumps(value).decode()


if __name__ == "__main__":
    sys.exit(main())

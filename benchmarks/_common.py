"""What the benchmarks share: configuring Django against a benchmark database of their own,
percentiles, and comparing two saved runs."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def sqlite_path(name: str) -> Path:
    return ROOT / "var" / f"{name}.sqlite3"


def pg_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def configure(db: str, name: str) -> None:
    """Production-like settings (DEBUG off) on the benchmark's own SQLite file or PG database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["WORKGROUPS_STATICFILES_STORAGE"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ["WORKGROUPS_CLOCK"] = "2024-10-01T09:00"
    os.environ.pop("DATABASE_URL", None)
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)
    if db == "postgres":
        os.environ["DATABASE_URL"] = pg_url(name)
    else:
        os.environ["WORKGROUPS_SQLITE_PATH"] = str(sqlite_path(name))
    import django

    django.setup()


def recreate_database(db: str, name: str) -> None:
    """An empty database for the benchmark (never the product's own)."""
    if db == "postgres":
        import psycopg

        with psycopg.connect(pg_url("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    else:
        sqlite_path(name).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(sqlite_path(name)) + suffix).unlink(missing_ok=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def save(results: dict[str, Any], out: str | None) -> None:
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(results, indent=2))


def compare(before_path: str, after_path: str, section: str, keys: tuple[str, ...]) -> None:
    """Print each row's figures before→after with the change in per cent."""
    before = json.loads(Path(before_path).read_text())
    after = json.loads(Path(after_path).read_text())
    print(f"{'':34}" + "".join(f"{key + ' before→after':>28}" for key in keys))
    for name, row in after[section].items():
        old = before[section].get(name)
        if old is None:
            continue
        cells = []
        for key in keys:
            delta = (row[key] - old[key]) / old[key] * 100 if old[key] else 0.0
            cells.append(f"{_figure(old[key])}→{_figure(row[key])} ({delta:+.0f}%)")
        print(f"{name:34}" + "".join(f"{cell:>28}" for cell in cells))


def _figure(value: float) -> str:
    """Small figures (ratios, milliseconds under 10) to two decimals, larger ones to one."""
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def generate_measure_compare_cli(doc: str | None, *, generate: Any, measure: Any,
                                 requests: int) -> None:
    """The command line of a latency benchmark: ``generate``, ``measure`` and ``compare``."""
    import argparse

    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    run = sub.add_parser("measure")
    run.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    run.add_argument("--requests", type=int, default=requests)
    run.add_argument("--out")
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before")
    cmp_.add_argument("after")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.db)
    elif args.command == "measure":
        measure(args.db, args.requests, args.out)
    else:
        compare(args.before, args.after, "endpoints", ("median_ms", "p95_ms"))


def time_get(client: Any, url: str, headers: dict[str, str], requests: int) -> dict[str, Any]:
    """GET ``url`` ``requests`` times after a warm-up: median and p95 milliseconds, the SQL
    queries each request made (one number when the count is fixed) and the response size."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm caches and connections
        client.get(url, **headers)
    timings, queries = [], set()
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, **headers)
            timings.append((time.perf_counter() - started) * 1000)
        queries.add(len(captured))
        assert response.status_code == 200, (url, response.status_code)
    return {"n": len(timings), "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 0.95), 2), "queries": sorted(queries),
            "bytes": len(response.content)}

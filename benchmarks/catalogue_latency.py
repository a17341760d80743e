"""Catalogue page and offerings API latency on a national-scale catalogue.

    python benchmarks/catalogue_latency.py generate --db sqlite      # or --db postgres
    python benchmarks/catalogue_latency.py measure  --db sqlite --out benchmarks/results/a.json
    python benchmarks/catalogue_latency.py compare  benchmarks/results/a.json b.json

The generator builds 40 hubs × 10 years × 25 offerings × 2 Work Groups × 6 sessions (10,000
offerings, 20,000 Work Groups, 120,000 sessions) in a database of its own: var/bench.sqlite3 or
the PostgreSQL database ``bench`` on BENCH_PG_SERVER (default the local server). Rows are
bulk-inserted, not created through the services: the benchmark measures reads, and 170,000
audited writes would take longer than the measurement itself. The database triggers and
constraints still apply.

``measure`` drives the full Django stack in-process (middleware, templates, CSP, ORM) through the
test client, with DEBUG off, so the figures are server time without network or a load generator
competing for the two cores. It prints median and p95 per endpoint and can save them as JSON.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from _common import (
    configure,
    generate_measure_compare_cli,
    percentile,
    recreate_database,
    save,
)

HUBS, YEARS, OFFERINGS, WORK_GROUPS, SESSIONS = 40, 10, 25, 2, 6
FIRST_YEAR = 2016
DATABASE = "bench"


def generate(db: str) -> None:
    recreate_database(db, DATABASE)
    configure(db, DATABASE)
    from django.core.management import call_command
    from django.db import transaction

    from workgroups.catalogue.models import AcademicYear, Audience, Offering, OfferingStatus
    from workgroups.catalogue.models import Programme as ProgrammeModel
    from workgroups.core.clock import LONDON
    from workgroups.delivery.models import Session, SessionKind, Venue, WorkGroup
    from workgroups.hubs.models import Hub

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable")  # saving a year bumps the public catalogue's cache version
    rng = random.Random(20241001)
    statuses = list(OfferingStatus)
    with transaction.atomic():
        years = [AcademicYear.objects.create(slug=AcademicYear.slug_for(y),
                                             starts_on=date(y, 9, 1), ends_on=date(y + 1, 8, 31))
                 for y in range(FIRST_YEAR, FIRST_YEAR + YEARS)]
        programmes = ProgrammeModel.objects.bulk_create([
            ProgrammeModel(slug=f"programme-{p}", title=f"Programme {p:02d}",
                           audience=list(Audience)[p % len(Audience)], summary="Summary " * 8,
                           who_can_take_part="Who " * 40, what_is_involved="What " * 60,
                           learning_outcomes=["Outcome one", "Outcome two", "Outcome three"],
                           time_commitment="The equivalent of three days.",
                           equivalent_days=3, cost="Fully funded.")
            for p in range(OFFERINGS)])
        hubs = Hub.objects.bulk_create([
            Hub(slug=f"hub-{h:02d}", name=f"Benchmark Maths Hub {h:02d}") for h in range(HUBS)])
        venues = Venue.objects.bulk_create([Venue(hub=hub, name="Centre", address="1 Road",
                                                  postcode="AB1 2CD") for hub in hubs])
        offerings = Offering.objects.bulk_create([
            Offering(hub=hub, academic_year=year, programme=programme, slug=programme.slug,
                     status=rng.choice(statuses[1:]), code=f"NCP {year.slug[2:4]}-{i:02d}",
                     applications_open=year.starts_on - timedelta(days=90),
                     applications_close=year.starts_on + timedelta(days=45))
            for hub in hubs for year in years for i, programme in enumerate(programmes)],
            batch_size=2000)
        work_groups = WorkGroup.objects.bulk_create([
            WorkGroup(offering=offering, name=f"Group {w + 1}", capacity_schools=7,
                      capacity_participants=14)
            for offering in offerings for w in range(WORK_GROUPS)], batch_size=2000)
        venue_by_hub = {venue.hub_id: venue for venue in venues}
        offering_by_id = {offering.pk: offering for offering in offerings}
        year_by_id = {year.pk: year for year in years}
        sessions = []
        for work_group in work_groups:
            offering = offering_by_id[work_group.offering_id]
            start = year_by_id[offering.academic_year_id].starts_on + timedelta(days=30)
            for s in range(SESSIONS):
                day = start + timedelta(days=40 * s)
                sessions.append(Session(
                    work_group=work_group, kind=SessionKind.WORKSHOP,
                    starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=LONDON),
                    ends_at=datetime(day.year, day.month, day.day, 15, 30, tzinfo=LONDON),
                    venue=venue_by_hub[offering.hub_id]))
        Session.objects.bulk_create(sessions, batch_size=5000)
    print(f"{db}: {len(hubs)} hubs, {len(years)} years, {len(offerings)} offerings, "
          f"{len(work_groups)} work groups, {len(sessions)} sessions "
          f"in {time.perf_counter() - started:.1f}s")


def measure(db: str, requests: int, out: str | None) -> dict[str, Any]:
    configure(db, DATABASE)
    from django.test import Client

    rng = random.Random(7)
    client = Client()
    endpoints: dict[str, Callable[[int, str], str]] = {
        "catalogue page": lambda h, y: f"/hubs/hub-{h:02d}/{y}/",
        "catalogue page, filtered": lambda h, y: f"/hubs/hub-{h:02d}/{y}/?audience=teachers"
                                                 "&audience=early_career_teachers&status=recruiting",
        "offering page": lambda h, y: f"/hubs/hub-{h:02d}/{y}/programme-{h % OFFERINGS}/",
        "API offerings (one year)": lambda h, y: f"/api/v1/hubs/hub-{h:02d}/offerings?year={y}",
        "API offerings (all years)": lambda h, y: f"/api/v1/hubs/hub-{h:02d}/offerings",
    }
    results: dict[str, Any] = {"db": db, "requests": requests, "endpoints": {}}
    for name, url_for in endpoints.items():
        for _ in range(5):  # warm caches and connections
            client.get(url_for(0, "2024-25"))
        timings = []
        for _ in range(requests if "all years" not in name else max(10, requests // 10)):
            year = 2016 + rng.randrange(YEARS)
            url = url_for(rng.randrange(HUBS), f"{year}-{str(year + 1)[-2:]}")
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        results["endpoints"][name] = {
            "n": len(timings), "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 0.95), 2), "bytes": len(response.content)}
    print(f"\n{db}: {requests} requests per endpoint (in-process, DEBUG off)")
    print(f"{'endpoint':32} {'n':>5} {'median ms':>10} {'p95 ms':>10} {'bytes':>9}")
    for name, row in results["endpoints"].items():
        print(f"{name:32} {row['n']:>5} {row['median_ms']:>10} {row['p95_ms']:>10} "
              f"{row['bytes']:>9}")
    save(results, out)
    return results


def main() -> None:
    generate_measure_compare_cli(__doc__, generate=generate, measure=measure, requests=200)


if __name__ == "__main__":
    main()

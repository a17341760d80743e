"""The hub's applications table, dashboard and decision API with 2,000 applications.

    python benchmarks/applications_table.py generate --db sqlite      # or --db postgres
    python benchmarks/applications_table.py measure  --db sqlite --out benchmarks/results/t.json
    python benchmarks/applications_table.py compare  benchmarks/results/a.json b.json

``generate`` loads the bundled school register (48,025 schools) and one hub's offering with
3 Work Groups and 2,000 sent applications from real secondary schools, in a mix of statuses
(ready, awaiting support, offered, accepted, waiting, declined), into a database of its own
(var/bench-table.sqlite3, or the PostgreSQL database ``bench_table``). Applications are
bulk-inserted: the benchmark measures reads.

``measure`` signs in as the hub's staff and drives the full Django stack in-process (DEBUG off)
through the test client: the table's first page, sorted by school, filtered by local authority
and status, a late page; the year's dashboard; one application; the API's Work Groups. It
prints the median and p95 latency and the number of SQL queries per request (the same for
every request of an endpoint, or the table would not have a fixed query count).
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from typing import Any

from _common import (
    configure,
    generate_measure_compare_cli,
    recreate_database,
    save,
    time_get,
)

DATABASE = "bench_table"
APPLICATIONS = 2000
STATUSES = (["ready_for_review"] * 8 + ["awaiting_support"] * 3 + ["waitlisted"] * 4
            + ["declined"] * 2 + ["offered", "accepted"])


def generate(db: str) -> None:
    recreate_database(db, DATABASE)
    configure(db, DATABASE)
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from workgroups.accounts.models import HubMembership, Role, User
    from workgroups.applications.models import Application
    from workgroups.catalogue.models import AcademicYear, Audience, Offering, OfferingStatus
    from workgroups.catalogue.models import Programme as ProgrammeModel
    from workgroups.core.clock import LONDON
    from workgroups.delivery.models import WorkGroup
    from workgroups.hubs.models import Hub
    from workgroups.schools.models import School

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("import_schools", verbosity=0)
    rng = random.Random(20241001)
    unusable = make_password(None)  # benchmark people never sign in
    urns = list(School.objects.filter(secondary=True, is_open=True)
                .values_list("urn", flat=True).order_by("urn"))
    with transaction.atomic():
        year = AcademicYear.objects.create(slug="2024-25", starts_on=datetime(2024, 9, 1).date(),
                                           ends_on=datetime(2025, 8, 31).date())
        programme = ProgrammeModel.objects.create(
            slug="bench-programme", title="Benchmark Programme", audience=Audience.TEACHERS,
            summary="Summary", who_can_take_part="Teachers", what_is_involved="Workshops",
            time_commitment="Three days", equivalent_days=3, cost="Fully funded.")
        hub = Hub.objects.create(slug="bench-hub", name="Benchmark Maths Hub")
        offering = Offering.objects.create(hub=hub, academic_year=year, programme=programme,
                                           slug="bench-programme",
                                           status=OfferingStatus.RECRUITING)
        groups = [WorkGroup.objects.create(offering=offering, name=f"Group {g}",
                                           capacity_schools=400, capacity_participants=800)
                  for g in range(3)]
        staff = User.objects.create_user("staff@bench.example.org", None, first_name="Sam",
                                         last_name="Staff")
        HubMembership.objects.create(user=staff, hub=hub, role=Role.HUB_STAFF)
        people = User.objects.bulk_create([
            User(email=f"teacher{n}@bench.example.org", first_name=f"Teacher{n}",
                 last_name=f"Surname{n % 97}", password=unusable)
            for n in range(APPLICATIONS)], batch_size=1000)
        first = datetime(2024, 6, 1, 9, 0, tzinfo=LONDON)
        applications = []
        for n, person in enumerate(people):
            status = rng.choice(STATUSES)
            sent = first + timedelta(minutes=37 * n)
            holding = status in ("offered", "accepted")
            applications.append(Application(
                offering=offering, applicant=person, status=status, school_urn=urns[n],
                answers={"first_name": person.first_name, "last_name": person.last_name,
                         "urn": urns[n], "role": "classroom_teacher"},
                eligibility={"outcome": rng.choice(["eligible", "eligible",
                                                    "eligible_with_notes"]), "reasons": []},
                submitted_at=sent, participants=1,
                work_group=rng.choice(groups) if holding else None,
                offered_at=sent if holding else None,
                offer_expires_at=sent + timedelta(days=7) if holding else None,
                waitlist_rank=sent.timestamp() if status == "waitlisted" else None))
        Application.objects.bulk_create(applications, batch_size=1000)
    print(f"{db}: {School.objects.count()} schools, {len(applications)} applications, "
          f"{len(groups)} Work Groups in {time.perf_counter() - started:.1f}s")


def measure(db: str, requests: int, out: str | None) -> dict[str, Any]:
    configure(db, DATABASE)
    from django.test import Client

    from workgroups.accounts.models import ApiToken, User
    from workgroups.accounts.services import api_token_create
    from workgroups.applications.models import Application
    from workgroups.catalogue.models import Offering

    offering = Offering.objects.get(slug="bench-programme")
    staff = User.objects.get(email="staff@bench.example.org")
    ApiToken.objects.filter(user=staff).delete()
    _, raw = api_token_create(actor=None, hub=offering.hub, user=staff, name="bench")
    client = Client()
    client.force_login(staff)
    one = Application.objects.filter(offering=offering).order_by("pk")[1000].pk
    la = 896
    table = f"/staff/hubs/bench-hub/offerings/{offering.pk}/applications/"
    endpoints: dict[str, tuple[str, dict[str, str]]] = {
        "table, page 1": (table, {}),
        "table, sorted by school": (table + "?sort=school", {}),
        "table, LA and status filter": (table + f"?la={la}&status=ready_for_review"
                                                "&status=waitlisted", {}),
        "table, page 30": (table + "?page=30", {}),
        "year dashboard": ("/staff/hubs/bench-hub/years/2024-25/", {}),
        "one application": (f"/staff/hubs/bench-hub/applications/{one}/", {}),
        "API work groups": ("/api/v1/hubs/bench-hub/offerings/2024-25/bench-programme/"
                            "work-groups", {"HTTP_AUTHORIZATION": f"Bearer {raw}"}),
    }
    results: dict[str, Any] = {"db": db, "requests": requests, "endpoints": {}}
    for name, (url, headers) in endpoints.items():
        results["endpoints"][name] = time_get(client, url, headers, requests)
    print(f"\n{db}: {APPLICATIONS} applications, {requests} requests per endpoint "
          f"(in-process, DEBUG off)")
    print(f"{'endpoint':30} {'n':>5} {'median ms':>10} {'p95 ms':>10} {'queries':>8} "
          f"{'bytes':>9}")
    for name, row in results["endpoints"].items():
        print(f"{name:30} {row['n']:>5} {row['median_ms']:>10} {row['p95_ms']:>10} "
              f"{'/'.join(map(str, row['queries'])):>8} {row['bytes']:>9}")
    save(results, out)
    return results


def main() -> None:
    generate_measure_compare_cli(__doc__, generate=generate, measure=measure, requests=100)


if __name__ == "__main__":
    main()

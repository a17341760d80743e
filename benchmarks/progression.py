"""The rollover of a busy hub, and the journey page of a school with ten years of history.

    python benchmarks/progression.py generate --db sqlite        # or --db postgres
    python benchmarks/progression.py measure  --db sqlite --out benchmarks/results/p.json
    python benchmarks/progression.py compare  benchmarks/results/a.json b.json

``generate`` builds, in a database of its own (var/bench-progression.sqlite3 or the PostgreSQL
database ``bench_progression``), one hub whose 2024/25 catalogue has 25 offerings (2 Work
Groups of 6 sessions each) with 1,500 enrolments, every one completed and recorded, and a
route from each programme to the next, so the rollover has invitations to propose; and one
school (which converted to an academy halfway, so its history spans two URNs) with ten years of
Work Groups: 3 a year, with registers.

``measure`` times the whole rollover to 2025/26 (copying 25 offerings, 50 Work Groups, 300
sessions and 25 questions, and proposing the invitations) inside a transaction that is rolled
back, so every run starts from the same state; and the staff journey page and journey API for
the school, through the full Django stack in-process (DEBUG off). It prints the median and p95
time and the SQL queries of each.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, datetime, timedelta
from typing import Any

from _common import (
    configure,
    generate_measure_compare_cli,
    percentile,
    recreate_database,
    save,
    time_get,
)

DATABASE = "bench_progression"
OFFERINGS, GROUPS, SESSIONS, ENROLMENTS = 25, 2, 6, 1500
JOURNEY_YEARS, JOURNEY_PER_YEAR = 10, 3
OLD_URN, NEW_URN = 900001, 900002


def generate(db: str) -> None:
    recreate_database(db, DATABASE)
    configure(db, DATABASE)
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from workgroups.accounts.models import HubMembership, Role, User
    from workgroups.applications.models import Application
    from workgroups.catalogue.models import (
        AcademicYear,
        Audience,
        Offering,
        OfferingQuestion,
        OfferingStatus,
        Programme,
        ProgressionRoute,
    )
    from workgroups.core.clock import LONDON
    from workgroups.delivery.models import Attendance, Enrolment, Session, Venue, WorkGroup
    from workgroups.hubs.models import Hub
    from workgroups.schools.models import ParticipationRecord, School, SchoolLink

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(2024)
    unusable = make_password(None)
    with transaction.atomic():
        years = {y: AcademicYear.objects.create(slug=AcademicYear.slug_for(y),
                                                starts_on=date(y, 9, 1),
                                                ends_on=date(y + 1, 8, 31))
                 for y in range(2014, 2025)}
        programmes = Programme.objects.bulk_create([Programme(
            slug=f"programme-{p:02d}", title=f"Programme {p:02d}", audience=Audience.TEACHERS,
            summary="Summary", who_can_take_part="Teachers", what_is_involved="Workshops",
            time_commitment="Three days", equivalent_days=3, cost="Funded")
            for p in range(OFFERINGS)])
        ProgressionRoute.objects.bulk_create([ProgressionRoute(
            from_programme=programmes[p], to_programme=programmes[(p + 1) % OFFERINGS])
            for p in range(OFFERINGS)])
        hub = Hub.objects.create(slug="bench-hub", name="Benchmark Maths Hub")
        staff = User.objects.create_user("staff@bench.example.org", None)
        HubMembership.objects.create(user=staff, hub=hub, role=Role.HUB_STAFF)
        venue = Venue.objects.create(hub=hub, name="Centre", address="1 Road", postcode="AB1 2CD")
        for school_urn, name, is_open in ((OLD_URN, "Old Bench School", False),
                                          (NEW_URN, "Bench Academy", True)):
            School.objects.create(urn=school_urn, name=name, la_code=896, la_name="Bench LA",
                                  phase="Secondary", status="Open" if is_open else "Closed",
                                  is_open=is_open, state_funded=True, secondary=True,
                                  in_england=True, search_name=name.lower())
        SchoolLink.objects.create(urn=OLD_URN, link_urn=NEW_URN,
                                  link_type="Successor - academy converter")
        people = User.objects.bulk_create([User(email=f"t{n}@bench.example.org",
                                                first_name=f"T{n}", last_name="Bench",
                                                password=unusable)
                                           for n in range(ENROLMENTS + 40)], batch_size=1000)

        def run_offering(year: AcademicYear, programme: Any, slug: str, *,
                         school_urn: int | None, count: int, person_offset: int) -> int:
            offering = Offering.objects.create(
                hub=hub, academic_year=year, programme=programme, slug=slug,
                status=OfferingStatus.COMPLETED)
            OfferingQuestion.objects.create(offering=offering, kind="text", text="Why?")
            made = 0
            for g in range(GROUPS):
                group = WorkGroup.objects.create(offering=offering, name=f"Group {g}",
                                                 capacity_schools=50, capacity_participants=50)
                sessions = Session.objects.bulk_create([Session(
                    work_group=group, kind="workshop", venue=venue,
                    starts_at=datetime.combine(year.starts_on + timedelta(days=30 + 40 * s),
                                               datetime.min.time(), tzinfo=LONDON)
                    + timedelta(hours=9),
                    ends_at=datetime.combine(year.starts_on + timedelta(days=30 + 40 * s),
                                             datetime.min.time(), tzinfo=LONDON)
                    + timedelta(hours=15)) for s in range(SESSIONS)])
                for _ in range(count // GROUPS):
                    person = people[(person_offset + made) % len(people)]
                    urn = school_urn or 100000 + rng.randrange(400)
                    application = Application.objects.create(
                        offering=offering, applicant=person, status="accepted",
                        school_urn=urn, submitted_at=datetime(year.starts_on.year, 6, 1,
                                                              tzinfo=LONDON),
                        work_group=group, offered_at=datetime(year.starts_on.year, 7, 1,
                                                              tzinfo=LONDON),
                        answers={"role": "classroom_teacher"},
                        eligibility={"outcome": "eligible", "reasons": []})
                    enrolment = Enrolment.objects.create(
                        work_group=group, application=application, user=person,
                        name=person.first_name, email=person.email, school_urn=urn,
                        outcome="completed")
                    Attendance.objects.bulk_create([Attendance(
                        enrolment=enrolment, session=s, status="present",
                        marked_at=s.starts_at) for s in sessions])
                    ParticipationRecord.objects.create(
                        academic_year=year, hub=hub, programme=programme, school_urn=urn,
                        email=person.email, name=person.first_name, outcome="completed")
                    made += 1
            return made

        this_year = years[2024]
        enrolled = 0
        for p, programme in enumerate(programmes):
            enrolled += run_offering(this_year, programme, programme.slug, school_urn=None,
                                     count=ENROLMENTS // OFFERINGS, person_offset=p * 60)
        journey_rows = 0
        for y in range(2014, 2014 + JOURNEY_YEARS):  # 2014/15 to 2023/24
            for k in range(JOURNEY_PER_YEAR):
                programme = programmes[(y + k) % OFFERINGS]
                journey_rows += run_offering(
                    years[y], programme, f"{programme.slug}-journey-{k}",
                    school_urn=OLD_URN if y < 2019 else NEW_URN, count=GROUPS,
                    person_offset=ENROLMENTS + k)
    print(f"{db}: {OFFERINGS} offerings and {enrolled} enrolments in 2024/25; a school with "
          f"{journey_rows} Work Group places over {JOURNEY_YEARS} years, in "
          f"{time.perf_counter() - started:.1f}s")


def measure(db: str, requests: int, out: str | None) -> dict[str, Any]:
    configure(db, DATABASE)
    from django.db import connection, transaction
    from django.test import Client

    from workgroups.accounts.models import ApiToken, User
    from workgroups.accounts.services import api_token_create
    from workgroups.catalogue.models import AcademicYear
    from workgroups.hubs.models import Hub
    from workgroups.progression.services import hub_rollover

    hub = Hub.objects.get(slug="bench-hub")
    staff = User.objects.get(email="staff@bench.example.org")
    year = AcademicYear.objects.get(slug="2024-25")
    results: dict[str, Any] = {"db": db, "endpoints": {}}

    class Rollback(Exception):
        pass

    executed = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed[0] += 1  # Django's query log keeps only the last 9,000
        return execute(sql, params, many, context)

    timings, queries, outcome = [], set(), None
    for _ in range(max(3, requests // 20)):
        try:
            with transaction.atomic(), connection.execute_wrapper(count):
                executed[0] = 0
                begun = time.perf_counter()
                outcome = hub_rollover(actor=staff, hub=hub, from_year=year)
                timings.append((time.perf_counter() - begun) * 1000)
                queries.add(executed[0])
                raise Rollback
        except Rollback:
            pass
    assert outcome is not None
    results["endpoints"]["rollover (25 offerings, 1,500 enrolments)"] = {
        "n": len(timings), "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1), "queries": sorted(queries),
        "made": f"{outcome.offerings} offerings, {outcome.work_groups} Work Groups, "
                f"{outcome.sessions} sessions, {outcome.invitations} invitations"}

    ApiToken.objects.filter(user=staff).delete()
    _, raw = api_token_create(actor=None, hub=hub, user=staff, name="bench")
    client = Client()
    client.force_login(staff)
    endpoints = {
        "school journey page (10 years)": (f"/staff/hubs/bench-hub/schools/{NEW_URN}/journey/",
                                           {}),
        "school journey API (10 years)": (f"/api/v1/hubs/bench-hub/schools/{NEW_URN}/journey",
                                          {"HTTP_AUTHORIZATION": f"Bearer {raw}"}),
    }
    for name, (url, headers) in endpoints.items():
        row = time_get(client, url, headers, requests)
        results["endpoints"][name] = {**row, "made": f"{row['bytes']} bytes"}
    print(f"\n{db}: in-process, DEBUG off")
    print(f"{'what':44} {'n':>4} {'median ms':>10} {'p95 ms':>9} {'queries':>8}  made")
    for name, row in results["endpoints"].items():
        print(f"{name:44} {row['n']:>4} {row['median_ms']:>10} {row['p95_ms']:>9} "
              f"{'/'.join(map(str, row['queries'])):>8}  {row['made']}")
    save(results, out)
    return results


def main() -> None:
    generate_measure_compare_cli(__doc__, generate=generate, measure=measure, requests=60)


if __name__ == "__main__":
    main()

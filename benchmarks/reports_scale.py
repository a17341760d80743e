"""Reach at national scale: one hub's reach page and API, and the national pages.

    python benchmarks/reports_scale.py generate --db sqlite      # or --db postgres
    python benchmarks/reports_scale.py measure  --db sqlite --out benchmarks/results/r.json
    python benchmarks/reports_scale.py compare  benchmarks/results/a.json b.json

``generate`` loads the bundled school register (48,025 schools), its GIAS links (successors),
the local authorities, and 40 hubs sharing every local authority between them; then 10
academic years (2015/16 to 2024/25) of 5 programmes per hub, each with one Work Group of about
125 participants from the hub's secondary schools: about 250,000 enrolments (and their
applications), a tenth withdrawn, and one register per Work Group in the last year. It is
bulk-inserted into a database of its own (var/bench-reports.sqlite3, or the PostgreSQL
database ``bench_reports``) and kept between runs: ``measure`` generates it only when it is
missing.

``measure`` drives the full Django stack in-process (DEBUG off) through the test client: a hub
lead reads the hub's reach page, the schools not reached and the reach API; a national viewer
reads every hub side by side and the national reach API. It prints the median and p95 latency
and the SQL queries per request (one number: the count does not depend on the data). Targets:
a hub's reach page under 150 ms median, the national page under 1 s.
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
    sqlite_path,
    time_get,
)

DATABASE = "bench-reports"
HUBS = 40
YEARS = 10
PROGRAMMES = 5
PER_WORK_GROUP = 125
FIRST_YEAR = 2015


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
    from workgroups.delivery.models import (
        Attendance,
        Enrolment,
        EnrolmentOutcome,
        Session,
        SessionKind,
        WorkGroup,
    )
    from workgroups.hubs.models import Hub, LocalAuthority
    from workgroups.schools.models import School

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_local_authorities", verbosity=0)
    call_command("import_schools", verbosity=0)
    call_command("import_school_links", verbosity=0)
    rng = random.Random(20241001)
    unusable = make_password(None)  # benchmark participants never sign in
    codes = sorted(LocalAuthority.objects.values_list("code", flat=True))
    secondary: dict[int, list[int]] = {}
    for urn, la in (School.objects.filter(secondary=True, state_funded=True)
                    .values_list("urn", "la_code")):
        secondary.setdefault(la or 0, []).append(urn)
    with transaction.atomic():
        years = [AcademicYear.objects.create(
            slug=AcademicYear.slug_for(start), starts_on=AcademicYear.bounds_for(start)[0],
            ends_on=AcademicYear.bounds_for(start)[1])
            for start in range(FIRST_YEAR, FIRST_YEAR + YEARS)]
        programmes = [ProgrammeModel.objects.create(
            slug=f"bench-programme-{n}", title=f"Benchmark Programme {n}",
            audience=Audience.TEACHERS, summary="Summary", who_can_take_part="Teachers",
            what_is_involved="Workshops", time_commitment="Three days", equivalent_days=3,
            cost="Fully funded.") for n in range(PROGRAMMES)]
        hubs = []
        for n in range(HUBS):
            hub = Hub.objects.create(slug=f"bench-hub-{n:02d}", name=f"Benchmark Hub {n:02d}")
            hub.areas.set(LocalAuthority.objects.filter(code__in=codes[n::HUBS]))
            hubs.append(hub)
        national = Hub.objects.create(slug="national", name="National record",
                                      is_national=True)
        lead = User.objects.create_user("lead@bench.example.org", None)
        HubMembership.objects.create(user=lead, hub=hubs[0], role=Role.HUB_LEAD)
        viewer = User.objects.create_user("viewer@bench.example.org", None)
        HubMembership.objects.create(user=viewer, hub=national, role=Role.NATIONAL_VIEWER)
        people = User.objects.bulk_create([
            User(email=f"teacher{n}@bench.example.org", password=unusable)
            for n in range(PER_WORK_GROUP)], batch_size=1000)
        offerings = Offering.objects.bulk_create([
            Offering(hub=hub, academic_year=year, programme=programme, slug=programme.slug,
                     status=OfferingStatus.COMPLETED)
            for hub in hubs for year in years for programme in programmes], batch_size=2000)
        groups = WorkGroup.objects.bulk_create([
            WorkGroup(offering=offering, name="Group", capacity_schools=200,
                      capacity_participants=200) for offering in offerings], batch_size=2000)
        by_hub = {hub.pk: [urn for code in codes[n::HUBS] for urn in secondary.get(code, [])]
                  for n, hub in enumerate(hubs)}
        applications: list[Application] = []
        enrolments: list[Enrolment] = []
        for offering, group in zip(offerings, groups, strict=True):
            urns = by_hub[offering.hub_id] or [100000]
            sent = datetime(offering.academic_year.starts_on.year, 7, 1, 9, tzinfo=LONDON)
            for n, person in enumerate(people):
                urn = rng.choice(urns)
                applications.append(Application(
                    offering=offering, applicant=person, status="accepted", school_urn=urn,
                    answers={"urn": urn}, eligibility={"outcome": "eligible", "reasons": []},
                    submitted_at=sent, participants=1, work_group=group, offered_at=sent))
                enrolments.append(Enrolment(
                    work_group=group, name=f"Teacher {n}", email=person.email, school_urn=urn,
                    outcome=rng.choice([EnrolmentOutcome.COMPLETED] * 6
                                       + [EnrolmentOutcome.INCOMPLETE] * 3
                                       + [EnrolmentOutcome.WITHDRAWN])))
        Application.objects.bulk_create(applications, batch_size=5000)
        for application, enrolment in zip(applications, enrolments, strict=True):
            enrolment.application = application
        Enrolment.objects.bulk_create(enrolments, batch_size=5000)
        last = years[-1]
        day = last.starts_on + timedelta(days=60)
        sessions = Session.objects.bulk_create([
            Session(work_group=group, kind=SessionKind.WORKSHOP,
                    starts_at=datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
                    + timedelta(hours=9),
                    ends_at=datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
                    + timedelta(hours=15))
            for group in groups if group.offering.academic_year_id == last.pk])
        by_group = {session.work_group_id: session for session in sessions}
        marked_at = datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
        Attendance.objects.bulk_create([
            Attendance(enrolment=enrolment, session=by_group[enrolment.work_group_id],
                       status=rng.choice(["present"] * 8 + ["absent", "apologies"]),
                       marked_at=marked_at)
            for enrolment in enrolments if enrolment.work_group_id in by_group
            and enrolment.outcome != EnrolmentOutcome.WITHDRAWN], batch_size=5000)
    print(f"{db}: {School.objects.count()} schools, {len(hubs)} hubs, {len(years)} years, "
          f"{len(enrolments)} enrolments in {time.perf_counter() - started:.1f}s")


def _ensure(db: str) -> None:
    """Generate the data once: it is kept between runs."""
    if db == "sqlite" and not sqlite_path(DATABASE).exists():
        generate(db)


def _signed_in(person: Any) -> Any:
    from django.test import Client

    from tests.factories import sign_in

    client = Client()
    sign_in(client, person)
    return client


def measure(db: str, requests: int, out: str | None) -> dict[str, Any]:
    _ensure(db)
    configure(db, DATABASE)
    from workgroups.accounts.models import User

    lead = _signed_in(User.objects.get(email="lead@bench.example.org"))
    viewer = _signed_in(User.objects.get(email="viewer@bench.example.org"))
    year = "2024-25"
    hub = "/staff/hubs/bench-hub-00"
    endpoints: list[tuple[str, Any, str, int]] = [
        ("hub reach page", lead, f"{hub}/reports/reach/?year={year}", requests),
        ("hub reach API", lead, f"/api/v1/hubs/bench-hub-00/reports/reach?year={year}",
         requests),
        ("hub not reached, page 1", lead, f"{hub}/reports/not-reached/?year={year}", requests),
        ("hub dashboard", lead, f"{hub}/years/{year}/", requests),
        ("national hubs page", viewer, f"/national/hubs/?year={year}", max(requests // 3, 5)),
        ("national reach API", viewer, f"/api/v1/reports/reach?year={year}",
         max(requests // 3, 5)),
    ]
    results: dict[str, Any] = {"db": db, "requests": requests, "endpoints": {}}
    for name, client, url, n in endpoints:
        # As over HTTPS in production (with DEBUG off, plain HTTP is redirected).
        secure: Any = {"secure": True}
        results["endpoints"][name] = time_get(client, url, secure, n)
    print(f"\n{db}: {HUBS} hubs, {YEARS} years, ~{HUBS * YEARS * PROGRAMMES * PER_WORK_GROUP:,}"
          f" enrolments (in-process, DEBUG off)")
    print(f"{'endpoint':30} {'n':>5} {'median ms':>10} {'p95 ms':>10} {'queries':>8} "
          f"{'bytes':>9}")
    for name, row in results["endpoints"].items():
        print(f"{name:30} {row['n']:>5} {row['median_ms']:>10} {row['p95_ms']:>10} "
              f"{'/'.join(map(str, row['queries'])):>8} {row['bytes']:>9}")
    save(results, out)
    return results


def main() -> None:
    generate_measure_compare_cli(__doc__, generate=generate, measure=measure, requests=30)


if __name__ == "__main__":
    main()

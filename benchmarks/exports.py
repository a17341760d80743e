"""Exports at scale: 1,000,000 register rows as CSV and 100,000 enrolments as XLSX, with the
peak memory of each, through the real views.

    python benchmarks/exports.py generate --db sqlite        # once; the data is kept
    python benchmarks/exports.py measure  --db sqlite --out benchmarks/results/exports.json
    python benchmarks/exports.py compare  benchmarks/results/a.json b.json

``generate`` builds, in a database of its own (var/bench-exports.sqlite3 or the PostgreSQL
database ``bench-exports``), one hub whose 2024/25 offering has 1,000 Work Groups of 100
participants and 10 sessions each: 100,000 enrolments, 1,000,000 register rows (participant ×
session), half of them marked. Rows are bulk-inserted; ``measure`` generates them first only
if the database is not there yet.

``measure`` runs each export in a fresh Python process (so its peak RSS is the export's own and
not what an earlier one left behind): sign in as the hub's staff, POST for the export as the
download buttons do, through the test client (full Django stack, DEBUG off), read the whole
streamed body, and report the time, rows per second, SQL queries (counted with an execute
wrapper), bytes, and the process's peak RSS (``ru_maxrss``) next to its RSS before the request
(Django loaded, signed in). One Work Group's register (1,000 rows) is measured too: the peak
should not grow with the rows.
Targets: CSV peak RSS under 150 MB, XLSX under 250 MB, whatever the row count.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import ROOT, compare, configure, recreate_database, save, sqlite_path

DATABASE = "bench-exports"
GROUPS, PEOPLE, SESSIONS = 1000, 100, 10  # 100,000 enrolments x 10 sessions = 1,000,000 rows
SCHOOLS = 1000  # one team application per school (one per school per offering)
HUB = "bench-hub"

# name: (path under /staff/hubs/bench-hub/, format, rows it should give)
MEASUREMENTS: dict[str, tuple[str, str, int]] = {
    "register CSV, one Work Group": ("work-groups/{group}/register/export/", "csv",
                                     PEOPLE * SESSIONS),
    "registers CSV, the year (1,000,000 rows)": ("years/2024-25/registers/export/", "csv",
                                                 GROUPS * PEOPLE * SESSIONS),
    "enrolments CSV, the year (100,000 rows)": ("years/2024-25/enrolments/export/", "csv",
                                                GROUPS * PEOPLE),
    "enrolments XLSX, the year (100,000 rows)": ("years/2024-25/enrolments/export/", "xlsx",
                                                 GROUPS * PEOPLE),
    # XLSX at ten times the rows: memory stays flat in the rows (openpyxl keeps each distinct
    # string once, so it grows with the people and sessions named, not the rows).
    "registers XLSX, the year (1,000,000 rows)": ("years/2024-25/registers/export/", "xlsx",
                                                  GROUPS * PEOPLE * SESSIONS),
}
TARGET_MB = {"csv": 150, "xlsx": 250}


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
    from workgroups.delivery.models import Attendance, Enrolment, Session, WorkGroup
    from workgroups.hubs.models import Hub
    from workgroups.schools.models import School

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    unusable = make_password(None)
    with transaction.atomic():
        year = AcademicYear.objects.create(slug="2024-25", starts_on=date(2024, 9, 1),
                                           ends_on=date(2025, 8, 31))
        programme = ProgrammeModel.objects.create(
            slug="bench-programme", title="Benchmark Programme", audience=Audience.TEACHERS,
            summary="Summary", who_can_take_part="Teachers", what_is_involved="Workshops",
            time_commitment="Ten days", equivalent_days=10, cost="Funded")
        hub = Hub.objects.create(slug=HUB, name="Benchmark Maths Hub")
        staff = User.objects.create_user("staff@bench.example.org", None)
        HubMembership.objects.create(user=staff, hub=hub, role=Role.HUB_STAFF)
        School.objects.bulk_create([School(
            urn=200000 + n, name=f"Bench School {n}", search_name=f"bench school {n}",
            la_code=800 + n % 20, la_name=f"Bench Authority {n % 20}", phase="Secondary",
            status="Open", is_open=True, state_funded=True, secondary=True, in_england=True)
            for n in range(SCHOOLS)])
        offering = Offering.objects.create(hub=hub, academic_year=year, programme=programme,
                                           slug="bench-programme",
                                           status=OfferingStatus.RUNNING)
        applicants = User.objects.bulk_create([User(
            email=f"lead{g}@bench.example.org", first_name=f"Lead{g}", last_name="Bench",
            password=unusable) for g in range(GROUPS)], batch_size=2000)
        groups = WorkGroup.objects.bulk_create([WorkGroup(
            offering=offering, name=f"Work Group {g:04d}", capacity_schools=PEOPLE,
            capacity_participants=PEOPLE) for g in range(GROUPS)], batch_size=2000)
        applications = Application.objects.bulk_create([Application(
            offering=offering, applicant=applicants[g], status="accepted",
            school_urn=200000 + g, is_school_team=True, participants=PEOPLE,
            submitted_at=datetime(2024, 6, 1, tzinfo=LONDON), work_group=groups[g],
            offered_at=datetime(2024, 7, 1, tzinfo=LONDON),
            answers={"role": "classroom_teacher"},
            eligibility={"outcome": "eligible", "reasons": []}) for g in range(GROUPS)],
            batch_size=2000)
        first = datetime(2024, 10, 1, 9, 0, tzinfo=LONDON)
        Session.objects.bulk_create([Session(
            work_group=group, kind="workshop", starts_at=first + timedelta(days=14 * s),
            ends_at=first + timedelta(days=14 * s, hours=6), sequence=s)
            for group in groups for s in range(SESSIONS)], batch_size=5000)
        for g, group in enumerate(groups):
            Enrolment.objects.bulk_create([Enrolment(
                work_group=group, application=applications[g], name=f"Participant {g}-{p:03d}",
                email=f"p{g}-{p}@bench.example.org", role="Teacher",
                school_urn=200000 + (g * 7 + p) % SCHOOLS) for p in range(PEOPLE)])
        # Half the register rows marked: the first five sessions of every Work Group.
        sessions = dict(Session.objects.filter(sequence__lt=SESSIONS // 2)
                        .values_list("pk", "work_group_id"))
        by_group: dict[int, list[int]] = {}
        for session_id, group_id in sessions.items():
            by_group.setdefault(group_id, []).append(session_id)
        marks: list[Attendance] = []
        for enrolment_id, group_id in Enrolment.objects.values_list("pk", "work_group_id"):
            for n, session_id in enumerate(by_group[group_id]):
                marks.append(Attendance(enrolment_id=enrolment_id, session_id=session_id,
                                        status="absent" if (enrolment_id + n) % 9 == 0
                                        else "present", marked_at=first))
            if len(marks) >= 50_000:
                Attendance.objects.bulk_create(marks, batch_size=5000)
                marks = []
        Attendance.objects.bulk_create(marks, batch_size=5000)
    print(f"{db}: {GROUPS} Work Groups, {GROUPS * PEOPLE:,} enrolments, "
          f"{GROUPS * PEOPLE * SESSIONS:,} register rows in {time.perf_counter() - started:.0f}s")


def _sign_in(client: Any, person: Any) -> None:
    """As tests.factories.sign_in: staff pages need a second factor used in this session."""
    sys.path.insert(0, str(ROOT))
    from tests.factories import sign_in

    sign_in(client, person)


def one(db: str, name: str) -> None:
    """Measure one export in this (fresh) process and print its figures as JSON."""
    configure(db, DATABASE)
    from django.db import connection
    from django.test import Client

    from workgroups.accounts.models import User
    from workgroups.delivery.models import WorkGroup

    path, fmt, expected = MEASUREMENTS[name]
    group = WorkGroup.objects.filter(offering__hub__slug=HUB).order_by("pk").first()
    assert group is not None
    url = f"/staff/hubs/{HUB}/{path.format(group=group.pk)}?format={fmt}"
    client = Client()
    _sign_in(client, User.objects.get(email="staff@bench.example.org"))
    warm: Any = client.post(f"/staff/hubs/{HUB}/work-groups/{group.pk}/participants/export/"
                           f"?format={fmt}", secure=True)
    assert warm.status_code == 200, warm.status_code
    b"".join(warm.streaming_content)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    executed = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed[0] += 1
        return execute(sql, params, many, context)

    size = lines = 0
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        response: Any = client.post(url, secure=True)  # streamed: read it as a server would
        assert response.status_code == 200, response.status_code
        for chunk in response.streaming_content:
            size += len(chunk)
            if fmt == "csv":
                lines += chunk.count(b"\r\n")
        seconds = time.perf_counter() - started
    rows = lines - 1 if fmt == "csv" else expected
    if fmt == "csv":
        assert rows == expected, (rows, expected)
    print(json.dumps({
        "rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
        "queries": executed[0], "megabytes": round(size / 1e6, 1),
        "rss_before_mb": round(before_mb, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def measure(db: str, out: str | None) -> dict[str, Any]:
    if db == "sqlite" and not sqlite_path(DATABASE).exists():
        generate(db)
    results: dict[str, Any] = {"db": db, "exports": {}}
    print(f"\n{db}: in-process through the test client, DEBUG off, a fresh process each")
    print(f"{'export':44} {'rows':>9} {'s':>7} {'rows/s':>8} {'queries':>7} {'MB':>6} "
          f"{'RSS before':>10} {'peak RSS':>9} {'target':>7}")
    for name, (_, fmt, _) in MEASUREMENTS.items():
        done = subprocess.run([sys.executable, __file__, "one", "--db", db, "--name", name],
                              check=True, capture_output=True, text=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        row["target_mb"] = TARGET_MB[fmt]
        results["exports"][name] = row
        print(f"{name:44} {row['rows']:>9,} {row['seconds']:>7} {row['rows_per_s']:>8,} "
              f"{row['queries']:>7} {row['megabytes']:>6} {row['rss_before_mb']:>10} "
              f"{row['peak_rss_mb']:>9} {'<' + str(row['target_mb']):>7}")
    save(results, out)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    run = sub.add_parser("measure")
    run.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    run.add_argument("--out")
    single = sub.add_parser("one")
    single.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    single.add_argument("--name", choices=list(MEASUREMENTS), required=True)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("before")
    cmp_.add_argument("after")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.db)
    elif args.command == "measure":
        measure(args.db, args.out)
    elif args.command == "one":
        one(args.db, args.name)
    else:
        compare(args.before, args.after, "exports", ("seconds", "peak_rss_mb"))


if __name__ == "__main__":
    Path(ROOT / "var").mkdir(exist_ok=True)
    main()

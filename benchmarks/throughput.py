"""Throughput and server CPU of the public pages against Django's own ceiling, under load.

    python benchmarks/throughput.py generate --db sqlite     # once: national-scale data
    python benchmarks/throughput.py measure  --db sqlite [--rounds 3] [--seconds 5] [--out F]
    python benchmarks/throughput.py compare  before.json after.json
    python benchmarks/throughput.py measure  --db sqlite --only hit --cold-starts 0   # hits only

``generate`` builds the catalogue of benchmarks/catalogue_latency.py (10,000 offerings, 20,000
Work Groups, 120,000 sessions) and imports the bundled register of 48,000 schools into it.

``measure`` starts three gunicorn servers with the product's own configuration
(config/gunicorn.conf.py: 2 sync workers here, preloaded, no worker recycling so the CPU counts
stay whole): the product with its production settings (DEBUG off); the product with a cache that
keeps nothing, so every public page renders its main content (a cache *miss*; benchmarks/
miss_settings.py); and a bare Django view rendering a 15-item template with no middleware and no
database (benchmarks/bare/, the framework's ceiling on this machine). For each page it runs
``wrk -t2 -c16`` on the bare view and then on the page, alternately, for several rounds, and
reads the workers' CPU time from /proc/<pid>/stat before and after each run: CPU per request and
requests per second, as ratios to the bare view's run just before (median over the rounds). On
PostgreSQL the server's backends for the workers' connections (found by their application_name)
are read too: "DB CPU ms" is the database's own work per request, which shares the 2 cores.
Hit runs rotate over many addresses (hubs, years, offerings), each fetched once beforehand.
Cold start: a fresh server's first request (URL loading, the database connection, the first
templates) and, for comparison, its second.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from _common import ROOT, compare, pg_url, save, sqlite_path

DATABASE = "bench"  # the catalogue_latency database, with the schools added
PORTS = {"product": 8650, "miss": 8651, "bare": 8652, "cold": 8653}  # moved by --port-base
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
HUBS, YEARS, FIRST_YEAR, PROGRAMMES = 40, 10, 2016, 25
SEARCHES = ["st mary", "academy", "crewe", "CW1", "saint john", "grammar", "high school",
            "community", "church of england", "m1 2", "ashton", "oak", "primary", "leeds",
            "catholic", "park", "college", "bristol", "junior", "green"]


def year_slug(year: int) -> str:
    return f"{year}-{str(year + 1)[-2:]}"


def paths(page: str) -> list[str]:
    """The addresses a run rotates over."""
    if page == "catalogue page":
        return [f"/hubs/hub-{h:02d}/{year_slug(FIRST_YEAR + y)}/"
                for h in range(HUBS) for y in range(YEARS)]
    if page == "offering page":
        return [f"/hubs/hub-{h:02d}/{year_slug(FIRST_YEAR + (h + p) % YEARS)}/programme-{p}/"
                for h in range(HUBS) for p in range(0, PROGRAMMES, 3)]
    if page == "home page":
        return ["/"]
    if page == "API offerings (one year)":
        return [f"/api/v1/hubs/hub-{h:02d}/offerings?year={year_slug(FIRST_YEAR + y)}"
                for h in range(HUBS) for y in range(YEARS)]
    if page == "school search API":
        return [f"/api/v1/schools?q={urllib.parse.quote(q)}" for q in SEARCHES]
    return ["/"]


def generate(db: str) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import catalogue_latency

    catalogue_latency.generate(db)
    from workgroups.schools.services import schools_import

    started = time.perf_counter()
    summary = schools_import(path=ROOT / "workgroups" / "schools" / "data"
                             / "england_schools_2024.csv.gz")
    print(f"schools: {summary.line()} in {time.perf_counter() - started:.1f}s")
    from django.db import connection

    if connection.vendor == "postgresql":
        # Planner statistics now, not whenever autovacuum (off on some servers) gets round to
        # it: without them PostgreSQL read all 120,000 sessions for one offering's page.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def server_env(db: str, settings: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", secrets.token_urlsafe(50)),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0",
           "WORKGROUPS_CLOCK": "2024-10-01T09:00",
           "WORKGROUPS_STATICFILES_STORAGE":
               "django.contrib.staticfiles.storage.StaticFilesStorage",
           # The same gunicorn configuration for every server: 2 workers, never recycled.
           "WEB_CONCURRENCY": "2", "GUNICORN_MAX_REQUESTS": "0", "GUNICORN_ACCESS_LOG": "/dev/null",
           "GUNICORN_LOG_LEVEL": "warning", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = pg_url(DATABASE)
    else:
        env["WORKGROUPS_SQLITE_PATH"] = str(sqlite_path(DATABASE))
    return env


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # a backend that ended since it was listed
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14, 15)


class Server:
    def __init__(self, name: str, app: str, env: dict[str, str]) -> None:
        self.name, self.port = name, PORTS[name]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        # Names this server's database connections, so their backends' CPU can be read.
        self.application_name = f"throughput-{name}-{self.port}"
        if env.get("DATABASE_URL"):
            env["DATABASE_URL"] += f"?application_name={self.application_name}"
        self.on_postgres = bool(env.get("DATABASE_URL"))
        self.log = tempfile.NamedTemporaryFile(prefix=f"throughput-{name}-", suffix=".log",  # noqa: SIM115
                                               delete=False)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", app],
            cwd=ROOT, env=env, stdout=self.log, stderr=self.log)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def wait_ready(self, workers: int = 2, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} server stopped: see {self.log.name}")
            if len(self.workers()) >= workers:
                return
            time.sleep(0.05)
        raise SystemExit(f"{self.name} server did not start: see {self.log.name}")

    def cpu_seconds(self) -> float:
        return sum(_process_cpu(pid) for pid in self.workers())

    def db_cpu(self) -> dict[int, float]:
        """CPU seconds of each PostgreSQL backend serving this server (none on SQLite, whose
        work is done inside the workers and counted with them)."""
        if not self.on_postgres:
            return {}
        import psycopg

        with psycopg.connect(pg_url("postgres"), autocommit=True) as connection:
            pids = [row[0] for row in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                [self.application_name])]
        return {pid: _process_cpu(pid) for pid in pids}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def fetch(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  (loopback)
        response.read()
        return response.status, (time.perf_counter() - started) * 1000


def lua_rotation(path_list: list[str]) -> str:
    script = tempfile.NamedTemporaryFile("w", prefix="throughput-", suffix=".lua",  # noqa: SIM115
                                         delete=False)
    quoted = ", ".join('"' + p.replace('"', '\\"') + '"' for p in path_list)
    script.write(f"local paths = {{{quoted}}}\nlocal i = math.random(#paths)\n"
                 "request = function()\n  i = i % #paths + 1\n"
                 "  return wrk.format(\"GET\", paths[i])\nend\n")
    script.close()
    return script.name


def wrk(server: Server, path_list: list[str], seconds: int) -> dict[str, float]:
    script = lua_rotation(path_list)
    before, db_before = server.cpu_seconds(), server.db_cpu()
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", script, server.url("/")],  # noqa: S607
        capture_output=True, text=True, check=True).stdout
    cpu = server.cpu_seconds() - before
    db_cpu = sum(seconds - db_before.get(pid, 0.0) for pid, seconds in server.db_cpu().items())
    Path(script).unlink()
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{server.name} {path_list[0]}: {errors.group(1)} failed responses")
    return {"rps": rps, "cpu_ms": cpu / max(requests, 1) * 1000,
            "db_cpu_ms": db_cpu / max(requests, 1) * 1000, "requests": requests}


def cold_start(env: dict[str, str], starts: int) -> dict[str, float]:
    """A fresh server's first request to the catalogue page, and its second."""
    firsts, seconds = [], []
    for _ in range(starts):
        server = Server("cold", "config.wsgi:application", env)
        try:
            server.wait_ready()
            time.sleep(1.0)  # workers forked and idle
            firsts.append(fetch(server.url("/hubs/hub-01/2024-25/"))[1])
            seconds.append(fetch(server.url("/hubs/hub-01/2024-25/"))[1])
        finally:
            server.stop()
    return {"first_ms": round(statistics.median(firsts), 1),
            "second_ms": round(statistics.median(seconds), 1)}


def measure(db: str, rounds: int, seconds: int, out: str | None, only: list[str] | None = None,
            cold_starts: int = 3) -> dict[str, Any]:
    product_env = server_env(db, "config.settings")
    servers = {
        "product": Server("product", "config.wsgi:application", product_env),
        "miss": Server("miss", "config.wsgi:application",
                       server_env(db, "benchmarks.miss_settings")),
        "bare": Server("bare", "benchmarks.bare.wsgi:application",
                       {**server_env(db, "benchmarks.bare.settings")}),
    }
    pages = ["catalogue page", "offering page", "home page", "API offerings (one year)",
             "school search API"]
    runs: dict[str, list[dict[str, float]]] = {}
    try:
        for server in servers.values():
            server.wait_ready()
        for page in pages:  # every address once: the hit runs find it all cached
            for path in paths(page):
                status, _ = fetch(servers["product"].url(path))
                assert status == 200, (page, path, status)
        fetch(servers["miss"].url("/"))
        fetch(servers["bare"].url("/"))
        plan = [(f"{page}, hit", "product", page) for page in pages[:4]]
        plan += [(f"{page}, miss", "miss", page) for page in pages[:4]]
        plan += [("school search API", "product", "school search API")]
        if only:  # the runs whose name holds one of the words given (e.g. "hit")
            plan = [step for step in plan if any(word in step[0] for word in only)]
        for round_number in range(rounds):
            for name, server_name, page in plan:
                bare = wrk(servers["bare"], ["/"], seconds)
                run = wrk(servers[server_name], paths(page), seconds)
                runs.setdefault(name, []).append({
                    **run, "bare_rps": bare["rps"], "bare_cpu_ms": bare["cpu_ms"],
                    "throughput_ratio": run["rps"] / bare["rps"],
                    "cpu_ratio": run["cpu_ms"] / bare["cpu_ms"]})
            print(f"round {round_number + 1} of {rounds} done", file=sys.stderr)
    finally:
        for server in servers.values():
            server.stop()
    cold = cold_start(product_env, starts=cold_starts) if cold_starts else {}

    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[name])

    results: dict[str, Any] = {"db": db, "rounds": rounds, "seconds": seconds, "cold_start": cold,
                               "pages": {name: {key: round(median(name, key), 3) for key in
                                                ("rps", "cpu_ms", "db_cpu_ms", "bare_rps",
                                                 "bare_cpu_ms",
                                                 "throughput_ratio", "cpu_ratio")}
                                         for name in runs}}
    print(f"\n{db}: wrk -t2 -c16, {seconds}s runs, {rounds} rounds, 2 sync gunicorn workers "
          "each; medians; ratios to the bare Django view run just before")
    print(f"{'page':36} {'req/s':>8} {'CPU ms/req':>11} {'DB CPU ms':>10} {'bare req/s':>11} "
          f"{'bare CPU ms':>12} {'throughput×':>12} {'CPU×':>6}")
    for name, row in results["pages"].items():
        print(f"{name:36} {row['rps']:>8.0f} {row['cpu_ms']:>11.2f} {row['db_cpu_ms']:>10.2f} "
              f"{row['bare_rps']:>11.0f} {row['bare_cpu_ms']:>12.3f} "
              f"{row['throughput_ratio']:>12.2f} {row['cpu_ratio']:>6.1f}")
    if cold:
        print(f"worker cold start: first request {cold['first_ms']} ms "
              f"(second {cold['second_ms']} ms), median of {cold_starts} fresh servers")
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
    run.add_argument("--rounds", type=int, default=3)
    run.add_argument("--seconds", type=int, default=5)
    run.add_argument("--out")
    run.add_argument("--only", action="append",
                     help="run only the measurements whose name holds this (repeatable: hit, "
                          "miss, offering page, …)")
    run.add_argument("--cold-starts", type=int, default=3,
                     help="fresh servers started to time a first request (0: none)")
    run.add_argument("--port-base", type=int, default=8650,
                     help="first of four loopback ports (runs side by side need their own)")
    cmp_ = sub.add_parser("compare", help="two measure --out files side by side")
    cmp_.add_argument("before")
    cmp_.add_argument("after")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.db)
    elif args.command == "compare":
        compare(args.before, args.after, "pages", ("throughput_ratio", "cpu_ratio", "cpu_ms"))
    else:
        for offset, name in enumerate(PORTS):
            PORTS[name] = args.port_base + offset
        measure(args.db, args.rounds, args.seconds, args.out, args.only, args.cold_starts)


if __name__ == "__main__":
    main()

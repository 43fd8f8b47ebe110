"""One queue scenario: a fresh server with N tickets waiting, kiosks issuing, officers calling.

A scenario starts the application as `make run` serves it (or with RECEPTION_WORKERS and
PostgreSQL + Redis), seeds N waiting tickets, 10 counters serving every service and 10 officers
(scripts/bench_seed.py), then runs `repeats` pairs: 50 keep-alive kiosks issue `batch` tickets,
then the 10 officers call `batch` times, so the waiting line moves between N and N + batch.
Every run reads the server's CPU (and the PostgreSQL backends') from /proc; every call run is
checked for duplicates, skips and first-come-first-served order per counter. Optionally the
snapshots of a board, a desk and the crowd view are measured, and one ticket run and one call
run are profiled with py-spy.
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import bench_calls
import bench_http
import bench_profile
import bench_report
import bench_seed
import bench_snapshots
import bench_system
import requests

from tests.live import LiveServer

ROOT = Path(__file__).resolve().parent.parent
CLIENT_PROCESSES = 4
KIOSKS = 50
OFFICERS = 10
SEED_TIMEOUT = 300


def database_backends(database_url: str) -> list[int]:
    """Return the PostgreSQL backend processes of the scenario's database (none for SQLite)."""
    if not database_url.startswith("postgres"):
        return []
    import bench_search

    return bench_search.database_backends(database_url)


def seed(server: LiveServer, waiting: int, officers: int) -> dict:
    """Seed through the application's own functions in a separate process."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_seed.py"),
            "--waiting",
            str(waiting),
            "--officers",
            str(officers),
            "--counters",
            str(officers),
        ],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=SEED_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"seeding failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class Probe:
    """Read wall time and the CPU of the server tree and of its database backends."""

    def __init__(self, server: LiveServer):
        self.master = server.process.pid
        self.url = server.env["RECEPTION_DATABASE_URL"]

    def __call__(self):
        return (
            time.monotonic(),
            bench_system.cpu_seconds(bench_system.server_tree(self.master)),
            bench_system.cpu_seconds(database_backends(self.url)),
            bench_system.machine_busy_seconds(),
        )


def _costs(result: dict, count: int) -> dict:
    (began, cpu0, db0, busy0), (ended, cpu1, db1, busy1) = result.pop("probe")
    wall = ended - began
    lat = result.pop("latencies")
    server, database = cpu1 - cpu0, db1 - db0
    client = result["client_cpu_seconds"]
    return {
        "ok": count,
        "errors": result["errors"],
        "first_error": result["first_error"],
        "rate": count / result["seconds"] if result["seconds"] > 0 else 0.0,
        "p50": bench_report.percentile(lat, 50),
        "p99": bench_report.percentile(lat, 99),
        "server_cpu_ms": 1000 * server / count if count else None,
        "database_cpu_ms": 1000 * database / count if count else None,
        "server_cores": server / wall if wall > 0 else None,
        "other_cores": max(0.0, (busy1 - busy0 - server - database - client) / wall)
        if wall > 0
        else 0.0,
    }


def issue_run(pool, server, batch, seconds=60.0, kiosks=KIOSKS) -> dict:
    result = bench_http.run_level(
        pool,
        CLIENT_PROCESSES,
        server.port,
        kiosks,
        True,
        seconds,
        batch,
        target="tickets",
        probe=Probe(server),
    )
    return _costs(result, result["ok"])


def call_run(pool, server, officers, batch, seconds=60.0) -> dict:
    line = bench_calls.waiting_line(server.env["RECEPTION_DATABASE_URL"])
    result = bench_calls.run_calls(
        pool, CLIENT_PROCESSES, server.port, officers, seconds, batch, probe=Probe(server)
    )
    checks = bench_calls.check(result, line)
    counted = result["ok"]
    return {
        **_costs(result, counted),
        **checks,
        "empty": result["empty"],
        "waiting_before": len(line),
    }


def median(runs: list[dict], key: str):
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


def summary(runs: list[dict]) -> dict:
    keys = ("rate", "p50", "p99", "server_cpu_ms", "database_cpu_ms", "server_cores", "other_cores")
    totals = ("ok", "errors", "duplicates", "skipped", "out_of_order", "unknown", "empty")
    return {
        "runs": runs,
        **{key: median(runs, key) for key in keys},
        **{key: sum(run.get(key, 0) for run in runs) for key in totals},
        "first_error": next((run["first_error"] for run in runs if run["first_error"]), None),
    }


def run_scenario(
    pool,
    work: Path,
    name: str,
    waiting: int,
    batch: int,
    repeats: int,
    env: dict | None = None,
    snapshots: int = 0,
    profile_seconds: float = 0.0,
    say=print,
) -> dict:
    """Run one scenario on a fresh server and database; return its figures."""
    work.mkdir(parents=True, exist_ok=True)
    # A cheap password hash: the benchmark's sign-ins are not what it measures.
    server = LiveServer(
        work,
        {"THREADS": "256", "RECEPTION_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", **(env or {})},
    )
    try:
        seeded = seed(server, waiting, OFFICERS)
        say(f"{name}: seeded {waiting:,} waiting tickets in {seeded['seconds']:.1f} s")
        server.start()
        workers = len(bench_system.children(server.process.pid))
        tokens = [
            server.token(bench_seed.officer_name(i), bench_seed.PASSWORD)
            for i in range(1, OFFICERS + 1)
        ]
        counters = requests.get(server.url + "/api/v1/counters", timeout=10).json()["counters"]
        ids = {counter["number"]: counter["id"] for counter in counters}
        officers = [(ids[i], tokens[i - 1]) for i in range(1, OFFICERS + 1)]
        # Warm the paths (first requests import and cache) outside the measurements.
        bench_http.run_level(pool, CLIENT_PROCESSES, server.port, 10, True, 5.0, 20)
        bench_calls.run_calls(pool, CLIENT_PROCESSES, server.port, officers, 5.0, 20)
        issues, calls = [], []
        for repeat in range(1, repeats + 1):
            issues.append(issue_run(pool, server, batch))
            calls.append(call_run(pool, server, officers, batch))
            say(
                f"{name} #{repeat}: "
                + line(issues[-1], "tickets")
                + " | "
                + line(calls[-1], "calls")
            )
        out = {
            "name": name,
            "waiting": waiting,
            "batch": batch,
            "workers": workers,
            "seed_seconds": seeded["seconds"],
            "issue": summary(issues),
            "call": summary(calls),
        }
        if snapshots:
            guard = server.token(bench_seed.GUARD, bench_seed.PASSWORD)
            out["snapshots"] = bench_snapshots.measure(server, tokens[0], guard, snapshots)
        if profile_seconds:
            out["profile"] = profiled(pool, server, officers, profile_seconds, work, say)
        return out
    finally:
        server.stop()


def line(run: dict, what: str) -> str:
    text = (
        f"{run['rate']:.0f} {what}/s, p99 {bench_report.ms(run['p99'])} ms, "
        f"CPU {run['server_cpu_ms'] or 0:.2f} ms"
    )
    if run.get("database_cpu_ms"):
        text += f" + db {run['database_cpu_ms']:.2f} ms"
    if run["errors"]:
        text += f", ERRORS {run['errors']}: {run['first_error']}"
    for key in ("duplicates", "skipped", "out_of_order", "unknown"):
        if run.get(key):
            text += f", {key.upper()} {run[key]}"
    return text


def profiled(pool, server, officers, seconds: float, work: Path, say) -> dict:
    """Profile one ticket run and one call run (not counted in the figures)."""
    py_spy = bench_system.find_py_spy()
    if py_spy is None:
        return {"error": "py-spy not found (make bench installs it into .venv)"}
    worker = bench_system.server_tree(server.process.pid)[-1]
    found = {}
    for what in ("tickets", "calls"):
        say(f"profiling the worker with py-spy during {seconds:g} s of {what} ...")
        waiting = len(bench_calls.waiting_line(server.env["RECEPTION_DATABASE_URL"]))
        recording = bench_profile.Recording(py_spy, worker, seconds, work / f"profile-{what}.txt")
        if what == "tickets":
            run = issue_run(pool, server, 100_000, seconds)
        else:
            run = call_run(pool, server, officers, 100_000, seconds)
        found[what] = {**recording.finish(), "rate": run["rate"], "waiting": waiting}
    return found


def queue_phase(pool, args, work: Path, say) -> list[dict]:
    """SQLite, one process: the same scenario with a short and a long waiting line."""
    found = []
    for waiting in (args.small, args.large):
        found.append(
            run_scenario(
                pool,
                work / f"sqlite-{waiting}",
                f"SQLite, {waiting:,} waiting",
                waiting,
                args.batch,
                args.queue_repeats,
                snapshots=args.snapshot_samples,
                profile_seconds=args.profile_seconds if waiting == args.large else 0.0,
                say=say,
            )
        )
    return found


def scale_phase(pool, args, work: Path, say) -> list[dict]:
    """PostgreSQL with 1 and with 2 server processes (RECEPTION_WORKERS), on fresh databases.

    The short-line scenario: this compares processes and engines, the long line's own cost is
    measured on SQLite (and seeding 5,000 tickets row by row on PostgreSQL takes long).
    The worker processes that really serve are counted (children of the gunicorn master), so
    the table stays true whether or not the application honours RECEPTION_WORKERS yet.
    """
    import uuid

    import bench_search

    found = []
    for workers in (1, 2):
        created = bench_search.postgres_database()
        if created is None:
            return found
        url, drop = created
        env = {"RECEPTION_DATABASE_URL": url, "RECEPTION_WORKERS": str(workers)}
        if workers > 1:
            env.update(
                {
                    "RECEPTION_SOCKETIO_MESSAGE_QUEUE": args.redis,
                    "RECEPTION_SOCKETIO_CHANNEL": f"reception-bench-{uuid.uuid4().hex[:8]}",
                }
            )
        try:
            found.append(
                run_scenario(
                    pool,
                    work / f"postgres-{workers}",
                    f"PostgreSQL, RECEPTION_WORKERS={workers}",
                    args.small,
                    args.batch,
                    args.queue_repeats,
                    env=env,
                    say=say,
                )
            )
        finally:
            drop()
    return found

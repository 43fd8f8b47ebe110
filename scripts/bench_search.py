"""Search benchmark (the second part of `make bench`): case and visit search on 100,000 visits.

For SQLite (FTS5) and, when it answers on 127.0.0.1:5432, PostgreSQL (pg_trgm): a fresh
database gets the demo headquarters and 100,000 seeded visits (reception.cases.demo, bulk
inserts), the application is started as `make run` serves it (tests.live.LiveServer), and a
leader's client searches through the real HTTP API over loopback (keep-alive, one request at a
time). Each query runs a few times to warm up, then --requests times; the table gives p50, p95
and p99 of the answer time and how many records matched. Writes docs/benchmarks-search.md.

Target: p95 under 100 ms on SQLite for every query ("fast on 100,000 visits").
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import LiveServer  # noqa: E402

PG_ADMIN = os.environ.get("RECEPTION_BENCH_POSTGRES", "postgresql://127.0.0.1:5432/postgres")
TARGET_P95_MS = 100.0
WARM_UP = 3
SEED = """
import sys, time
from app import create_app
from reception.database import connection
from reception.cases import demo
create_app()
started = time.perf_counter()
with connection():
    demo.seed_visits(int(sys.argv[1]))
print(round(time.perf_counter() - started, 1))
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per query")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-search.md")
    parser.add_argument("--quick", action="store_true",
                        help="5,000 visits, 5 requests per query, writes nothing")
    args = parser.parse_args(argv)
    if args.quick:
        args.visits, args.requests, args.output = 5_000, 5, None
    return args


def queries(sample_id: str) -> list[tuple[str, str, dict]]:
    """Return (what, path, parameters) of the searches a desk and a leader make."""
    return [
        ("name without diacritics", "/api/v1/cases", {"q": "nguyen van pho"}),
        ("ID number", "/api/v1/visits", {"q": sample_id}),
        ("content words", "/api/v1/cases", {"q": "thu hoi dat boi thuong"}),
        ("content words (visits)", "/api/v1/visits", {"q": "ca phe moi truong"}),
        ("status + field filter", "/api/v1/cases", {"status": "in_progress", "field": "dat_dai"}),
        ("near deadline filter", "/api/v1/cases", {"deadline": "near"}),
        ("name + status", "/api/v1/cases", {"q": "tran thi lan", "status": "in_progress"}),
    ]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(server: LiveServer, count: int) -> list[dict]:
    server.create_user("lanhdao", "leader")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {server.token('lanhdao')}"
    first = session.get(server.url + "/api/v1/visits", params={"per_page": 1}, timeout=30)
    first.raise_for_status()
    sample_id = first.json()["visits"][0]["visitor"]["id_number"]
    results = []
    for what, path, params in queries(sample_id):
        params = {**params, "per_page": 50}
        for _ in range(WARM_UP):
            session.get(server.url + path, params=params, timeout=60).raise_for_status()
        samples, total = [], 0
        for _ in range(count):
            started = time.perf_counter()
            answer = session.get(server.url + path, params=params, timeout=60)
            samples.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
            total = answer.json()["total"]
        results.append({"what": what, "path": path, "params": params, "total": total,
                        "p50": statistics.median(samples), "p95": percentile(samples, 0.95),
                        "p99": percentile(samples, 0.99)})
    return results


def run_on(name: str, database_url: str | None, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-search-") as workdir:
        extra = {"RECEPTION_DATABASE_URL": database_url} if database_url else {}
        server = LiveServer(Path(workdir), extra)
        print(f"{name}: seeding {args.visits:,} visits ...", flush=True)
        seeded = subprocess.run([sys.executable, "-c", SEED, str(args.visits)], cwd=ROOT,
                                env=server.env, capture_output=True, text=True, timeout=1800)
        if seeded.returncode != 0:
            raise RuntimeError(seeded.stderr)
        seconds = float(seeded.stdout.strip().splitlines()[-1])
        server.start()
        try:
            print(f"{name}: searching ...", flush=True)
            results = measure(server, args.requests)
        finally:
            server.stop()
    return {"name": name, "seed_seconds": seconds, "results": results}


def postgres_database():
    """Create a throwaway PostgreSQL database; return (url, drop) or None if unreachable."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except Exception as error:  # noqa: BLE001 (reported, the SQLite part still runs)
        print(f"PostgreSQL skipped: {error}", flush=True)
        return None
    name = f"reception_bench_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


def report(runs: list[dict], args, started: float) -> str:
    lines = [
        "# Search benchmark",
        "",
        "Written by `make bench` (scripts/bench_search.py); do not edit by hand, run it again.",
        "",
        f"- Date: {datetime.utcnow():%Y-%m-%d %H:%M} UTC; took {time.time() - started:.0f} s.",
        f"- {args.visits:,} seeded visits (reception/cases/demo.py: one year, 7 topics, "
        "names from common Vietnamese and ethnic-minority families), a leader's bearer token, "
        f"one keep-alive client over loopback, {WARM_UP} warm-up then {args.requests} timed "
        "requests per query, `per_page=50`.",
        "- Server: `flask serve` (gunicorn, 1 worker) as `make run` starts it.",
        "- Reproduce: `make bench`, or `.venv/bin/python scripts/bench_search.py` "
        "(`--quick` for a smoke run).",
        f"- Target: p95 < {TARGET_P95_MS:.0f} ms on SQLite for every query.",
        "",
    ]
    for run in runs:
        lines += [f"## {run['name']}", "",
                  f"Seeding {args.visits:,} visits took {run['seed_seconds']:.0f} s.", "",
                  "| query | request | matched | p50 ms | p95 ms | p99 ms |",
                  "|---|---|---|---|---|---|"]
        for item in run["results"]:
            shown = "&".join(f"{key}={value}" for key, value in item["params"].items()
                             if key != "per_page")
            lines.append(f"| {item['what']} | `GET {item['path']}?{shown}` | {item['total']:,} "
                         f"| {item['p50']:.1f} | {item['p95']:.1f} | {item['p99']:.1f} |")
        lines.append("")
    sqlite = next(run for run in runs if run["name"] == "SQLite")
    worst = max(item["p95"] for item in sqlite["results"])
    verdict = "PASS" if worst < TARGET_P95_MS else "MISS"
    lines += ["## Target", "",
              f"Slowest p95 on SQLite: {worst:.1f} ms against < {TARGET_P95_MS:.0f} ms: "
              f"**{verdict}**.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.time()
    runs = [run_on("SQLite", None, args)]
    created = postgres_database()
    if created:
        url, drop = created
        try:
            runs.append(run_on("PostgreSQL", url, args))
        finally:
            drop()
    text = report(runs, args, started)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

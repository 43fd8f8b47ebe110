"""Load benchmark (`make bench`): what issue 12 asks, as ratios of figures of one run.

Starts the application as `make run` serves it (gunicorn, one worker with threads, SQLite in WAL
mode) on a free loopback port with its own database (tests.live.LiveServer), and beside it two
reference servers under the same gunicorn set-up (scripts/bench_reference.py: a bare Flask JSON
endpoint, and a minimal Flask + peewee + SQLite numbering endpoint). Real HTTP and Socket.IO
clients in separate processes measure: tickets at 1, 10 and 50 kiosks; CPU per ticket and per
call-next with a short and a long waiting line (10 officers at 10 counters, checked for
duplicates and skips); the snapshots of boards, desks and the crowd view; call → board latency
with 200 boards; SQLite against PostgreSQL with 1 and 2 processes; a py-spy profile. It prints
the tables and writes docs/benchmarks.md. Every loop is bounded and every wait has a timeout;
the servers and client processes are stopped on the way out. The exit code is 0 even when a
target is missed (this is a report); it is 1 only when the benchmark itself could not run.

`--help` lists the options (every phase's size and length); `--quick` is a short smoke run that
writes nothing.
"""

import argparse
import multiprocessing
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
# The script is run by path, so the repository root is not on sys.path by default.
sys.path.insert(0, str(ROOT))

import bench_boards  # noqa: E402
import bench_expire  # noqa: E402
import bench_http  # noqa: E402
import bench_queue  # noqa: E402
import bench_reference  # noqa: E402
import bench_report  # noqa: E402
import bench_system  # noqa: E402

from tests.live import LiveServer  # noqa: E402

LEVELS = (1, 10, 50)
CLIENT_PROCESSES = 4
# Safety bound on one run's requests (a run normally ends on its duration first).
MAX_REQUESTS = 6000
REFERENCE_MAX_REQUESTS = 30000
# Threads of every server measured: `flask serve`'s default (THREADS), for the app and references.
THREADS = "256"
# A run during which other processes used more than this many cores is run again once
# (at most MAX_RETRIES times in all), keeping the quieter of the two.
BUSY_MACHINE_CORES = bench_boards.BUSY_MACHINE_CORES
MAX_RETRIES = 6
# No rerun after this many seconds of ticket runs, so the whole benchmark stays under ~8 min.
RETRY_SECONDS = 90


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per level (median kept)")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one run")
    parser.add_argument("--displays", type=int, default=200, help="boards for call → board")
    parser.add_argument("--calls", type=int, default=50, help="officer calls with the boards")
    parser.add_argument("--small", type=int, default=100, help="short waiting line")
    parser.add_argument("--large", type=int, default=5000, help="long waiting line")
    parser.add_argument("--batch", type=int, default=200,
                        help="tickets issued, then calls made, per queue run")
    parser.add_argument("--queue-repeats", type=int, default=3, help="queue runs per scenario")
    parser.add_argument("--snapshot-samples", type=int, default=8,
                        help="connects per snapshot kind")
    parser.add_argument("--profile-seconds", type=float, default=3.0,
                        help="length of each profiled run (0: no profile)")
    parser.add_argument("--no-postgres", action="store_true",
                        help="skip PostgreSQL with 1 and 2 processes")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0",
                        help="message queue of the 2-process run")
    parser.add_argument(
        "--output",
        type=Path,
        help="document to write (default docs/benchmarks.md; none with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1 repeat of 1 s, 20 displays, 10 calls, 500 waiting, small batches; "
        "writes only an explicit --output",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats, args.seconds, args.displays, args.calls = 1, 1.0, 20, 10
        args.large, args.batch, args.queue_repeats = 500, 40, 1
        args.snapshot_samples, args.profile_seconds = 1, 1.0
    elif args.output is None:
        args.output = ROOT / "docs" / "benchmarks.md"
    return args


BEGAN = time.monotonic()


def say(message: str) -> None:
    """Print a progress line with the seconds since the benchmark began."""
    print(f"[{time.monotonic() - BEGAN:5.0f} s] {message}" if message else "", flush=True)


def phase(out: dict, name: str, began: float) -> None:
    """Record how long a phase took (the report lists them)."""
    out["phases"].append((name, time.monotonic() - began))


def empty_queue(expirer) -> None:
    """Expire every waiting ticket with the app's own closing-time job (reception.queue.
    expire_stale with RECEPTION_CLOSING_TIME=00:00, as `flask queue expire` runs it; kept in one
    process by scripts/bench_expire.py).

    Each run then starts from an empty queue, as a new day does: issuing costs more the longer
    the queue (see the analysis), and runs must be comparable whatever their order.
    """
    expirer.expire()


def tickets_waiting(server: LiveServer) -> int:
    response = requests.get(server.url + "/api/v1/queue", timeout=10)
    response.raise_for_status()
    return response.json()["tickets_waiting"]


def measured_run(pool, server, concurrency, keep_alive, seconds, target="tickets",
                 max_requests=MAX_REQUESTS):
    """One bounded run with the server's CPU read at its start and end."""
    tree = bench_system.server_tree(server.process.pid)

    def probe():
        return (
            time.monotonic(),
            bench_system.cpu_seconds(tree),
            bench_system.machine_busy_seconds(),
        )

    result = bench_http.run_level(
        pool,
        CLIENT_PROCESSES,
        server.port,
        concurrency,
        keep_alive,
        seconds,
        max_requests,
        target=target,
        probe=probe,
    )
    (began, cpu_before, busy_before), (ended, cpu_after, busy_after) = result.pop("probe")
    wall, cpu = ended - began, cpu_after - cpu_before
    client_cores = result["client_cpu_seconds"] / wall if wall > 0 else 0.0
    lat = result.pop("latencies")
    return {
        "concurrency": concurrency,
        "keep_alive": keep_alive,
        "ok": result["ok"],
        "errors": result["errors"],
        "first_error": result["first_error"],
        "rate": result["ok"] / result["seconds"] if result["seconds"] > 0 else 0.0,
        "p50": bench_report.percentile(lat, 50),
        "p95": bench_report.percentile(lat, 95),
        "p99": bench_report.percentile(lat, 99),
        "server_cpu_ms": 1000 * cpu / result["ok"] if result["ok"] else None,
        "server_cores": cpu / wall if wall > 0 else None,
        "client_cores": client_cores,
        # CPU that neither the server nor the kiosks used: other work on the shared machine.
        "other_cores": max(0.0, (busy_after - busy_before - cpu) / wall - client_cores)
        if wall > 0
        else 0.0,
    }


def checked_run(pool, server, concurrency, keep_alive, seconds, repeat) -> dict:
    """Empty the queue, run, and check that every 201 answer is a stored waiting ticket."""
    empty_queue(server.expirer)
    time.sleep(0.3)
    run = measured_run(pool, server, concurrency, keep_alive, seconds)
    run.update(repeat=repeat, stored=tickets_waiting(server))
    return run


def ticket_phase(args, pool, server, refs: dict, out: dict) -> None:
    """Warm up, then run every level in both connection modes, `repeats` times, interleaved;
    each repeat ends with the reference servers at 50 kiosks."""
    say("warming up ...")
    for keep_alive in (True, False):
        warm = bench_http.run_level(
            pool, CLIENT_PROCESSES, server.port, 10, keep_alive, 1.0, MAX_REQUESTS
        )
        out["tickets_today"] += warm["ok"]
    bench_http.run_level(
        pool, CLIENT_PROCESSES, server.port, 10, True, 0.5, MAX_REQUESTS, target="services"
    )
    for ref, target in ((refs["bare"], "bare"), (refs["minimal"], "tickets")):
        bench_http.run_level(pool, CLIENT_PROCESSES, ref.port, 10, True, 0.5, MAX_REQUESTS,
                             target=target)
    retries = 0 if args.quick else MAX_RETRIES
    retry_until = time.monotonic() + RETRY_SECONDS
    for repeat in range(1, args.repeats + 1):
        for concurrency in LEVELS:
            for keep_alive in (True, False):
                run = checked_run(pool, server, concurrency, keep_alive, args.seconds, repeat)
                out["tickets_today"] += run["ok"]
                busy = run["other_cores"] > BUSY_MACHINE_CORES
                if busy and retries > 0 and time.monotonic() < retry_until:
                    retries -= 1
                    say(f"  other processes used {run['other_cores']:.2f} cores: once more")
                    time.sleep(1.0)
                    again = checked_run(pool, server, concurrency, keep_alive, args.seconds, repeat)
                    out["tickets_today"] += again["ok"]
                    run = min(run, again, key=lambda r: r["other_cores"])
                    run["retried"] = True
                out["ticket_runs"].append(run)
                say(bench_report.run_line(run))
        run = measured_run(pool, server, 10, True, min(args.seconds, 2.0), target="services")
        run.update(repeat=repeat)
        out["reference_runs"].append(run)
        say(
            "reference GET /api/v1/services, 10 keep-alive: "
            f"{run['rate']:.0f}/s, p50 {1000 * run['p50']:.1f} ms"
        )
        baseline_runs(args, pool, refs, repeat, out)


def baseline_runs(args, pool, refs: dict, repeat: int, out: dict) -> None:
    """50 kiosks against the bare and the minimal reference servers, in both modes."""
    for kind, target in (("bare", "bare"), ("minimal", "tickets")):
        for keep_alive in (True, False):
            run = measured_run(pool, refs[kind], 50, keep_alive, args.seconds, target=target,
                               max_requests=REFERENCE_MAX_REQUESTS)
            run.update(repeat=repeat, kind=kind)
            out["baseline_runs"].append(run)
            say(f"{kind} reference, 50 kiosks, {bench_report.mode_name(keep_alive)}: "
                f"{run['rate']:.0f}/s, p99 {bench_report.ms(run['p99'])} ms, "
                f"errors {run['errors']}")


def code_version() -> str:
    """Name the code measured: the commit, and whether the work tree differed from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            text=True,
            capture_output=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            text=True,
            capture_output=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git work tree)"
    return commit + (" with uncommitted changes" if status.strip() else "")


def stop_on_signal(signum, _frame):
    """Turn SIGTERM (and SIGINT, even when inherited as ignored) into a clean exit."""
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    out = {
        "args": vars(args),
        "machine": bench_system.machine(),
        "ticket_runs": [],
        "reference_runs": [],
        "baseline_runs": [],
        "queue": [],
        "scale": [],
        "memory": [],
        "display": None,
        "display_socketio": None,
        "phases": [],
        "tickets_today": 0,
        "started": datetime.now().astimezone(),
        "code": code_version(),
    }
    # Fork the kiosk processes first, while this process has no other threads; they leave
    # signals to this process, which ends them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pool = multiprocessing.get_context("fork").Pool(CLIENT_PROCESSES)
    # From here on the `finally` below stops the server and the client processes.
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    server, refs = None, {}
    try:
        with tempfile.TemporaryDirectory(prefix="reception-bench-") as tmp:
            work = Path(tmp)
            for name in ("tickets", "displays", "references"):
                (work / name).mkdir()
            say("starting the server and the reference servers for the ticket runs ...")
            server = LiveServer(work / "tickets", {"THREADS": THREADS}).start()
            server.expirer = bench_expire.Expirer(server.env)
            for kind in ("bare", "minimal"):
                refs[kind] = bench_reference.ReferenceServer(
                    kind, work / "references", int(THREADS)).start()
            out["server_options"] = bench_reference.gunicorn_options(
                "127.0.0.1", 0, int(THREADS))[1]
            time.sleep(1.0)
            out["memory"].append(("idle after start", bench_system.memory(server.process.pid)))
            out["server_threads"] = server.env.get("THREADS")
            ticket_phase(args, pool, server, refs, out)
            server.expirer.close()
            phase(out, "tickets at 1, 10, 50 kiosks and the reference servers", began)
            out["memory"].append(("after the ticket runs", bench_system.memory(server.process.pid)))
            server.stop()
            for ref in refs.values():
                ref.stop()
            refs = {}
            mark = time.monotonic()
            out["queue"] = bench_queue.queue_phase(pool, args, work, say)
            phase(out, "SQLite queue scenarios, snapshots and profile", mark)
            if not args.no_postgres:
                mark = time.monotonic()
                out["scale"] = bench_queue.scale_phase(pool, args, work, say)
                phase(out, "PostgreSQL with 1 and 2 processes", mark)
            pool.close()
            pool.join()
            pool = None
            mark = time.monotonic()
            say("starting a fresh server for the display runs ...")
            server = LiveServer(work / "displays", {"THREADS": THREADS}).start()
            time.sleep(1.0)
            out["memory"].append(
                ("fresh server, idle after start", bench_system.memory(server.process.pid))
            )
            bench_boards.display_phase(args, server, out, say)
            server.stop()
            server = None
            phase(out, f"call → board with {args.displays} boards", mark)
    except KeyboardInterrupt as stop:
        say(f"benchmark interrupted ({stop}); stopping the server and the clients")
        return 130
    except Exception as error:  # report what ran; the caller sees exit code 1
        say(f"benchmark failed: {type(error).__name__}: {error}")
        return 1
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if server is not None:
            if getattr(server, "expirer", None) is not None:
                server.expirer.close()
            server.stop()
        for ref in refs.values():
            ref.stop()
    out["elapsed"] = time.monotonic() - began
    out["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    report = bench_report.Report(out)
    say("")
    say(report.text())
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report.markdown() + _search_section(args.output),
                               encoding="utf-8")
        say(f"\nwrote {args.output}")
    return 0


def _search_section(path: Path) -> str:
    """Return the search section scripts/bench_search.py wrote into the file, to keep it."""
    from bench_search import SECTION_END, SECTION_START

    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION_START not in current or SECTION_END not in current:
        return ""
    return "\n" + current[current.index(SECTION_START):current.index(SECTION_END)
                           + len(SECTION_END)] + "\n"


if __name__ == "__main__":
    sys.exit(main())

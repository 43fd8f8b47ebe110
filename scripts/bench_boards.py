"""Call → board: an officer calls while display boards listen (a phase of `make bench`).

A fresh server gets a few tickets; python-socketio boards (scripts/bench_display.py) connect
from separate processes; the officer's calls are timed from the moment each request is sent to
the moment each board's `ticket_called` handler runs, and the officer's own HTTP latency is
compared with a series made before the boards connected.
"""

import time

import bench_display
import bench_http
import bench_report
import bench_system

DISPLAY_PROCESSES = 4
# A series during which other processes used more than this many cores is run once more.
BUSY_MACHINE_CORES = 0.25


def measured_calls(officer, server, fleet, calls: int, seed: int) -> dict:
    """One series of calls, with the CPU of the server, the boards and everything else."""
    server_tree = bench_system.server_tree(server.process.pid)
    board_pids = [process.pid for process in fleet.processes]

    def probe():
        return (
            time.monotonic(),
            bench_system.cpu_seconds(server_tree),
            bench_system.cpu_seconds(board_pids),
            bench_system.machine_busy_seconds(),
        )

    before = probe()
    made = officer.call_series(calls, gap=0.1, seed=seed)
    time.sleep(1.0)  # the last call's deliveries
    wall, server_cpu, board_cpu, busy = (b - a for a, b in zip(before, probe(), strict=True))
    return {
        "calls": made,
        "server_cores": server_cpu / wall,
        "client_cores": board_cpu / wall,
        "other_cores": max(0.0, (busy - server_cpu - board_cpu) / wall),
    }


def display_phase(args, server, out: dict, say=print) -> None:
    """Officer calls while `displays` boards listen; the HTTP latency with and without boards.

    A series of calls disturbed by other processes of the shared machine is run once more
    and the quieter series is reported; every board must have received every call of both.
    """
    baseline_calls = 20
    server.create_user("bench", "officer")
    token = server.token("bench")
    issued = 2 * args.calls + baseline_calls + 10
    sock, buffer = bench_http.connect(server.port), bytearray()
    requests_ = bench_http.ticket_requests(server.port, keep_alive=True)
    for index in range(issued):
        status, body = bench_http.exchange(sock, requests_[index % 3], buffer)
        if status != 201:
            raise RuntimeError(f"could not issue a ticket: {status} {body[:200]!r}")
    sock.close()
    officer = bench_display.Officer(server.port, token, counter=1)
    fleet = None
    try:
        time.sleep(0.3)
        baseline = officer.call_series(baseline_calls, gap=0.1, seed=3)
        say(f"connecting {args.displays} display boards ...")
        fleet = bench_display.DisplayFleet(server.url, args.displays, DISPLAY_PROCESSES)
        started = fleet.start()
        if started["errors"]:
            say(f"display connection errors: {started['errors'][:3]}")
        time.sleep(1.0)
        series = [measured_calls(officer, server, fleet, args.calls, seed=5)]
        if series[0]["other_cores"] > BUSY_MACHINE_CORES and not args.quick:
            say(f"  other processes used {series[0]['other_cores']:.2f} cores: once more")
            series.append(measured_calls(officer, server, fleet, args.calls, seed=5))
        kept = min(series, key=lambda one: one["other_cores"])
        out["memory"].append(
            (
                "fresh server, 100 displays connected"
                if args.displays == 100
                else f"fresh server, {args.displays} displays connected",
                bench_system.memory(server.process.pid),
            )
        )
        boards, _client_cpu = fleet.collect()
    finally:
        officer.close()
        if fleet is not None:
            fleet.close()
    every_call = [call for one in series for call in one["calls"]]
    matched = bench_display.delivery(every_call, boards, args.displays)
    lat = bench_display.delivery(kept["calls"], boards, args.displays)["latencies"]
    http_with = sorted(elapsed for _b, elapsed, _n in kept["calls"])
    http_without = sorted(elapsed for _b, elapsed, _n in baseline)
    out["display"] = {
        "displays": args.displays,
        "connected": started["connected"],
        "snapshots": started["snapshots"],
        "calls": args.calls,
        "series": len(series),
        "samples": matched["samples"],
        "expected_samples": matched["expected_samples"],
        "complete": matched["boards_complete"],
        "p50": bench_report.percentile(lat, 50),
        "p95": bench_report.percentile(lat, 95),
        "p99": bench_report.percentile(lat, 99),
        "max": lat[-1] if lat else None,
        "http_p50": bench_report.percentile(http_with, 50),
        "http_p99": bench_report.percentile(http_with, 99),
        "http_p50_alone": bench_report.percentile(http_without, 50),
        "http_p99_alone": bench_report.percentile(http_without, 99),
        "baseline_calls": baseline_calls,
        "server_cores": kept["server_cores"],
        "client_cores": kept["client_cores"],
        "other_cores": kept["other_cores"],
    }

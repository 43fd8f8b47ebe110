"""Call → board: an officer calls while display boards listen (a phase of `make bench`).

A fresh server gets a few tickets; display boards (scripts/bench_display.py) connect from
separate processes, first protocol-level boards, then python-socketio clients, each kind with
its own series of calls; the officer's calls are timed from the moment each request is sent to
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
# (DisplayFleet kind, key of `out`, label in the report), measured in this order; the target of
# issue 12 is judged on the first.
KINDS = (
    ("protocol", "display", "protocol-level boards, {per_process} per process, one thread each"),
    ("socketio", "display_socketio", "python-socketio clients, threading mode"),
)


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

    Both kinds of board (bench_display.DisplayFleet) are measured in turn on the same server,
    each with its own series of calls: the protocol-level boards into out["display"], the
    python-socketio clients into out["display_socketio"]. A series of calls disturbed by other
    processes of the shared machine is run once more and the quieter series is reported; every
    board must have received every call of both.
    """
    baseline_calls = 20
    server.create_user("bench", "officer")
    token = server.token("bench")
    # two series (one rerun) per kind of board, the baseline, and some to spare
    issued = 2 * len(KINDS) * args.calls + baseline_calls + 10
    sock, buffer = bench_http.connect(server.port), bytearray()
    requests_ = bench_http.ticket_requests(server.port, keep_alive=True)
    for index in range(issued):
        status, body = bench_http.exchange(sock, requests_[index % 3], buffer)
        if status != 201:
            raise RuntimeError(f"could not issue a ticket: {status} {body[:200]!r}")
    sock.close()
    officer = bench_display.Officer(server.port, token, counter=1)
    try:
        time.sleep(0.3)
        baseline = officer.call_series(baseline_calls, gap=0.1, seed=3)
        http_without = sorted(elapsed for _b, elapsed, _n in baseline)
        per_process = max(bench_http.split(args.displays, DISPLAY_PROCESSES))
        for kind, key, label in KINDS:
            label = label.format(per_process=per_process)
            result = board_phase(args, server, officer, kind, label, out, say)
            result.update(
                http_p50_alone=bench_report.percentile(http_without, 50),
                http_p99_alone=bench_report.percentile(http_without, 99),
                baseline_calls=baseline_calls,
            )
            out[key] = result
            time.sleep(1.0)  # the server's threads of the boards that just left
    finally:
        officer.close()


def board_phase(args, server, officer, kind: str, label: str, out: dict, say=print) -> dict:
    """Connect `displays` boards of one kind, call next while they listen, return the figures."""
    fleet = None
    try:
        say(f"connecting {args.displays} display boards ({label}) ...")
        fleet = bench_display.DisplayFleet(server.url, args.displays, DISPLAY_PROCESSES, kind)
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
                f"fresh server, {args.displays} {label.split(',')[0]} connected",
                bench_system.memory(server.process.pid),
            )
        )
        boards, _client_cpu = fleet.collect()
    finally:
        if fleet is not None:
            fleet.close()
    every_call = [call for one in series for call in one["calls"]]
    matched = bench_display.delivery(every_call, boards, args.displays)
    lat = bench_display.delivery(kept["calls"], boards, args.displays)["latencies"]
    http_with = sorted(elapsed for _b, elapsed, _n in kept["calls"])
    say(
        f"  {label}: call → board p50 {bench_report.ms(bench_report.percentile(lat, 50))} ms, "
        f"p99 {bench_report.ms(bench_report.percentile(lat, 99))} ms, "
        f"{matched['boards_complete']}/{args.displays} complete, "
        f"clients {kept['client_cores']:.2f} cores"
    )
    return {
        "kind": kind,
        "label": label,
        "processes": DISPLAY_PROCESSES,
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
        "server_cores": kept["server_cores"],
        "client_cores": kept["client_cores"],
        "other_cores": kept["other_cores"],
    }

"""The prose of docs/benchmarks.md: how the figures were taken, and what they say limits the
server. Every sentence about the server is drawn from this run's measurements or profile."""

from bench_report import (
    BUSY_SLEEPS_MS,
    TARGET_DISPLAY_P99,
    TARGET_TICKET_SHARE,
    ms,
)


def method(out: dict) -> list[str]:
    a = out["args"]
    d = out["display"] or {}
    displays = d.get("displays", a["displays"])
    per_process = -(-displays // d.get("processes", 4))
    return [
        "- **Clients.** Hand-written HTTP/1.1 clients on raw sockets (scripts/bench_http.py) "
        "with `TCP_NODELAY` set on every socket: without it Nagle's algorithm meets delayed "
        "ACKs and a reused connection costs about 44 ms per request whatever the server does. "
        "The kiosks are threads spread over 4 client processes (forked once, before any "
        "measurement) so that the clients' own GIL is not the bottleneck; the table shows the "
        "CPU the clients used.",
        '- **Tickets.** Each kiosk posts `{"service": "A"|"C"|"D", "party_size": 1, '
        '"priority": null}` to `/api/v1/tickets` in a closed loop (next request when the '
        "answer arrives) and counts only `201` answers. Levels 1, 10 and 50 concurrent kiosks; "
        "**keep-alive** (one connection per kiosk, opened before the clock starts) and **new "
        "connection** (connect, request with `Connection: close`, close: the connect is inside "
        "the latency) are measured side by side.",
        f"- **Runs.** All kiosks start together at a common instant and stop sending after "
        f"{a['seconds']:g} s (or {6000} requests), so every run is bounded. After a warm-up, "
        f"each level and mode runs {a['repeats']} times, interleaved (1, 10, 50 kiosks, both "
        "modes, then again) so that noise from the shared machine spreads over all cells; the "
        "tables give the **median** of the runs for each figure (tickets/s, p50, p95, p99 "
        "separately). Throughput is the 201 answers divided by the time from the common start "
        "to the last answer. The CPU used by other processes of the shared machine is measured "
        "during every run (/proc/stat); a run disturbed by more than 0.25 cores of it is run "
        "once more (6 times at most, and only in the first 110 s) and the quieter of the two "
        "kept.",
        "- **Empty queue before each run.** Before every run the waiting tickets are closed by "
        "the application's own closing-time job (reception.queue.expire_stale with "
        "`RECEPTION_CLOSING_TIME=00:00`, what `flask queue expire` runs, kept in one process by "
        "scripts/bench_expire.py), as at the end of a day: issuing costs more as the "
        "waiting list grows, and without this the figures would depend on the order of the runs. "
        "After each run the benchmark checks that the waiting tickets equal the 201 answers. "
        f"The expired tickets stay in the day's history: {out.get('tickets_today', 0):,} "
        "tickets were issued in all, far more than a real day, which makes whatever reads "
        "the whole day (see below) dearer than it would be.",
        "- **Server cost.** CPU seconds of the server processes (gunicorn master and worker, "
        "all threads, from /proc/PID/stat) over the run, divided by the tickets, and by the "
        "wall time (cores used).",
        f"- **Call to display.** A fresh server (new database, 4 × {d.get('calls', a['calls'])} "
        f"+ {d.get('baseline_calls', 20)} + 10 tickets issued first). Two kinds of display "
        f"board are measured in turn, {displays} of each, connected to namespace `/display` "
        "from 4 processes (forked when the kind starts) and waiting for their first "
        "`queue_state`. First **protocol-level boards** (ProtocolBoard in "
        f"scripts/bench_display.py, {per_process} per process, one thread each): a "
        "hand-written websocket client (RFC 6455: upgrade with Sec-WebSocket-Key checked "
        "against the 101's Sec-WebSocket-Accept, masked client frames, no compression "
        "offered, TCP_NODELAY) speaking Engine.IO 4 / Socket.IO 5 text packets (`40/display,` "
        "to connect, `3` for each ping), all boards of a process served by one `selectors` "
        "loop, so that the load generator takes little of the CPU the server needs; the "
        "targets are judged on these. Then, after those have closed, "
        "**python-socketio clients** (threading mode, websocket transport), what a Python "
        "board would run, each with its own threads (the table gives both kinds' CPU, taken "
        "from the same cores as the server's). For each kind an officer (bearer token, "
        "keep-alive connection with TCP_NODELAY) calls next "
        f"{d.get('calls', a['calls'])} times at counter 1, one call every 100 ms ± 40 % "
        "(seeded), a series of its own. The latency of one sample "
        "runs from just before the officer's request is sent to the moment one board has "
        "read that number's `ticket_called` (the protocol-level board stamps it when it "
        "parses the packet, the python-socketio board when its handler runs; "
        "time.monotonic, the same clock in every process); p50/p99 are over all call × board "
        "samples. The officer's own HTTP latency is measured with the boards connected, and "
        f"before any connect ({d.get('baseline_calls', 20)} calls), to show whether the "
        "emits hold up the request. A series disturbed by more than 0.25 cores of other "
        "processes is run once more and the quieter one reported; the completeness check "
        "covers every call of both.",
        "- **Memory.** VmRSS (and PSS from smaps_rollup) of the gunicorn master and worker: "
        "idle after start, after the ticket runs, and on the fresh server idle and with each "
        "kind of display board connected.",
    ]


def limits(report) -> list[str]:
    """Paragraphs on what limits throughput and latency, from this run's figures."""
    out, cells, lines = report.out, report.cells, []
    one = cells.get((1, True))
    ten = cells.get((10, True))
    fifty = cells.get((50, True))
    fifty_new = cells.get((50, False))
    cpus = out["machine"]["cpus"]
    if ten and fifty and fifty["server_cpu_ms"]:
        cost = fifty["server_cpu_ms"]
        reference = report.reference
        ref_text = ""
        if reference and reference["server_cpu_ms"]:
            ref_text = (
                f", against {reference['server_cpu_ms']:.2f} ms for a GET "
                "/api/v1/services on the same stack (request handling, routing, "
                "taking a database connection, two SELECTs)"
            )
        idle = cpus - fifty["server_cores"] - fifty["client_cores"] - fifty["other_cores"]
        lines += [
            f"**CPU per ticket and the single worker.** At 50 keep-alive kiosks the server "
            f"spent {cost:.2f} ms of CPU per ticket{ref_text}, and its processes used "
            f"{fifty['server_cores']:.2f} cores (the clients {fifty['client_cores']:.2f}); "
            f"throughput is cores used / CPU per ticket = {fifty['server_cores']:.2f} / "
            f"{cost:.2f} ms ≈ {1000 * fifty['server_cores'] / cost:.0f} tickets/s, the measured "
            f"{fifty['rate']:.0f} (new connection: "
            f"{fifty_new['rate'] if fifty_new else 0:.0f}). "
            + _idle_text(idle, cpus, fifty)
            + "With one process every ticket goes through the one gunicorn "
            "worker, where the Python part runs under one GIL and the write transaction under "
            "SQLite's single write lock; only SQLite and kernel work outside the GIL "
            "overlap. " + _scaling(one, fifty, report.target_rate()),
            "",
        ]
    if one and ten and ten["p50"] and ten["rate"]:
        little = 10 / ten["rate"]
        text = (
            "**Latency under concurrency.** With one kiosk an issue takes "
            f"{ms(one['p50'])} ms (p50). Concurrent kiosks share the same serial work, so the "
            f"mean latency is kiosks / throughput (Little's law): 10 / {ten['rate']:.0f} per s "
            f"≈ {ms(little, 0)} ms at 10 kiosks"
        )
        if 0.75 * little <= ten["p50"] <= 1.33 * little:
            text += f", close to the measured p50 of {ms(ten['p50'])} ms. "
        else:
            text += (
                f", yet the p50 is {ms(ten['p50'])} ms: most requests go through quickly and a "
                "few wait far longer, the mark of waiters that are not served in turn. "
            )
        if ten["p99"] > 3 * ten["p50"]:
            text += (
                f"The p99 ({ms(ten['p99'])} ms) is {ten['p99'] / ten['p50']:.1f}× the p50. "
                "Every issue takes SQLite's write lock (`BEGIN IMMEDIATE` in "
                "reception/database.write_transaction, one connection per thread), and a "
                "writer that finds it taken does not queue: it polls through SQLite's busy "
                f"handler, sleeping {BUSY_SLEEPS_MS} ms between attempts (the sleeps were seen "
                "with strace on this machine). A writer that loses a few rounds keeps sleeping "
                "longer while newcomers take the lock as soon as it is free, so it can wait "
                "hundreds of milliseconds; the lock holder meanwhile needs the GIL to finish "
                "its transaction. Within one process a lock around the write transaction "
                "would make waiters queue instead of poll."
            )
        else:
            text += (
                f"The p99 ({ms(ten['p99'])} ms) is {ten['p99'] / ten['p50']:.1f}× the "
                "p50: the waiting is fairly shared."
            )
        lines += [text, ""]
    if one and cells.get((1, False)):
        new_one = cells[(1, False)]
        extra = new_one["p50"] - one["p50"]
        lines += [
            "**Keep-alive versus new connection.** A new connection per request "
            + (
                f"adds {ms(extra)} ms at one kiosk"
                if extra >= 0.00005
                else "makes no measurable difference at one kiosk"
            )
            + f" (p50 {ms(new_one['p50'])} against {ms(one['p50'])} ms)"
            + _throughput_cost(fifty, fifty_new)
            + ": on loopback the TCP handshake is cheap next to the worker's own cost per "
            "request.",
            "",
        ]
    lines += _display_paragraphs(report)
    return lines


def _idle_text(idle: float, cpus: int, fifty: dict) -> str:
    if idle >= 0.3:
        return (
            f"About {idle:.1f} of the {cpus} cores stayed idle (other processes on the shared "
            f"machine took {fifty['other_cores']:.2f}): the machine is not the limit, the one "
            "process is. "
        )
    return (
        f"Other processes on the shared machine took {fifty['other_cores']:.2f} cores during "
        "these runs, so the server had little room to grow into: on a quiet machine these "
        "figures may be somewhat higher. "
    )


def _throughput_cost(fifty: dict | None, fifty_new: dict | None) -> str:
    if not (fifty and fifty_new and fifty["rate"]):
        return ""
    loss = 1 - fifty_new["rate"] / fifty["rate"]
    if loss < 0.03:
        return ", and the same throughput at 50 kiosks within noise"
    return f", and costs {100 * loss:.0f} % of the throughput at 50 kiosks"


def _scaling(one: dict | None, fifty: dict, target_rate: float | None) -> str:
    if not one or not one["rate"]:
        return ""
    change = fifty["rate"] / one["rate"]
    if change < 0.95:
        text = (
            f"From 1 to 50 kiosks throughput fell from {one['rate']:.0f} to "
            f"{fifty['rate']:.0f} tickets/s: more kiosks add contention, not tickets. "
        )
    elif change < 1.5:
        text = (
            f"From 1 to 50 kiosks throughput rose only from {one['rate']:.0f} to "
            f"{fifty['rate']:.0f} tickets/s: more kiosks add waiting, not tickets. "
        )
    else:
        text = (
            f"From 1 to 50 kiosks throughput rose from {one['rate']:.0f} to "
            f"{fifty['rate']:.0f} tickets/s. "
        )
    if target_rate and fifty["rate"] < target_rate and fifty["server_cores"]:
        text += (
            f"Reaching {target_rate:.0f} tickets/s ({100 * TARGET_TICKET_SHARE:.0f} % of the "
            f"bare endpoint) at {fifty['server_cores']:.2f} cores needs at most "
            f"{1000 * fifty['server_cores'] / target_rate:.1f} ms of CPU per ticket."
        )
    return text


def _display_paragraphs(report) -> list[str]:
    d = report.display
    if not d:
        return []
    lines = []
    ratio = d["http_p50"] / d["http_p50_alone"] if d["http_p50_alone"] else None
    verdict = "within" if d["p99"] is not None and d["p99"] < TARGET_DISPLAY_P99 else "above"
    text = (
        f"**Call to display.** With {d['displays']} protocol-level boards a call reaches the "
        "boards in "
        f"{ms(d['p50'])} ms (p50) and {ms(d['p99'])} ms (p99), {verdict} the "
        f"{ms(TARGET_DISPLAY_P99, 0)} ms target. `ticket_called` is emitted by "
        "reception/queue.call_next inside the officer's request; the emit only queues one "
        "packet per board (it never waits on a board), and one engine.io writer thread per "
        "board then sends it. "
    )
    if ratio and ratio > 1.5:
        text += (
            f"Still, the officer's call-next took {ms(d['http_p50'])} ms (p50) with the boards "
            f"against {ms(d['http_p50_alone'])} ms without ({ratio:.1f}×): the rest of the "
            f"request competes for the GIL with the {d['displays']} writer threads the emit "
            "has just woken (and for the cores with the boards' own processes), so its "
            "answer leaves after much of the fan-out. "
        )
    else:
        text += (
            f"The officer's call-next took {ms(d['http_p50'])} ms (p50) with the boards "
            f"against {ms(d['http_p50_alone'])} ms without: the emits do not hold it up. "
        )
    text += (
        "Coalesced `queue_state` snapshots follow the changes and go to every board too, so "
        "a call can land behind that fan-out. Each connected board also holds one gunicorn "
        "thread for as long as it stays connected (gthread worker; "
        f"{report.out.get('server_threads') or '?'} threads here, `THREADS`, default 256), "
        "so boards plus concurrent requests must stay below that number. The display "
        f"clients themselves used {d['client_cores']:.2f} cores during the calls, taken from "
        f"the same {report.out['machine']['cpus']} cores as the server, so the delivery "
        "times are if anything pessimistic."
    )
    lines += [text, ""]
    s = report.display_socketio
    if s:
        lines += [
            f"**Python-socketio boards.** The same {s['displays']} boards as python-socketio "
            f"clients (threading mode) got the calls in {ms(s['p50'])} ms (p50) and "
            f"{ms(s['p99'])} ms (p99), {s['complete']}/{s['displays']} complete; their "
            f"processes used {s['client_cores']:.2f} cores during the calls against "
            f"{d['client_cores']:.2f} for the protocol-level boards, and the server "
            f"{s['server_cores']:.2f} against {d['server_cores']:.2f}."
            + (
                " Each python-socketio client runs its own reader, writer and handler threads, "
                "which convoy on their process's GIL and take CPU from the server on the "
                "shared cores: that part of the delay is the load generator's."
                if s["client_cores"] > 2 * d["client_cores"] and s["p99"] > 1.5 * d["p99"]
                else ""
            ),
            "",
        ]
    return lines

"""Issue 12's part of docs/benchmarks.md: ratios to the reference servers, cost as the queue
grows, call-next, snapshots, past one process and the profile (targets: bench_targets.py).

Every figure here was measured in the same run as the figures it is divided by.
"""

from bench_report import (
    ms,
)
from bench_snapshots import KINDS


def _table(head, rows) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(str(x) for x in row) + " |" for row in rows),
    ]


def _pct(part, whole) -> str:
    return "–" if not part or not whole else f"{100 * part / whole:.1f} %"


def _ratio(large, small) -> float | None:
    return large / small if large is not None and small else None


def _x(value) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _f(value, digits=2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _scenarios(report) -> tuple[dict | None, dict | None]:
    runs = report.out.get("queue") or []
    return (runs[0] if runs else None), (runs[1] if len(runs) > 1 else None)


def method(out: dict) -> list[str]:
    a = out["args"]
    return [
        "- **References, same server set-up.** Two more servers run beside the application "
        "for the whole ticket phase, under gunicorn with the application's options (1 worker, "
        f"gthread, {out.get('server_threads') or '?'} threads, keepalive 75 s; options "
        f"{out.get('server_options', '?')}): a bare Flask endpoint (GET /ok → "
        '`{"ok": true}`) and a minimal Flask + peewee + SQLite (WAL, pooled connection) '
        "endpoint that numbers a ticket with one atomic upsert and inserts it in one "
        "BEGIN IMMEDIATE transaction (scripts/bench_reference.py). In each repeat, after the "
        "application's cells, 50 clients load each of them in both connection modes; the "
        "ratios divide the application's medians by the bare endpoint's keep-alive median.",
        f"- **Queue scenarios.** A fresh server and database per scenario, seeded through the "
        "application's own functions (scripts/bench_seed.py: 10 counters serving every "
        "service, 10 officers, a security guard, and N waiting tickets made by "
        "reception.queue._create_ticket in one transaction). Then "
        f"{a['queue_repeats']} times: 50 keep-alive kiosks issue {a['batch']} tickets, then "
        f"10 officers (one per counter, keep-alive, bearer token) call next {a['batch']} "
        "times in a closed loop, so the line moves between N and N + batch. N = "
        f"{a['small']:,} and {a['large']:,}. Server CPU is read from /proc over each run "
        "(gunicorn master and workers; on PostgreSQL also the backends of the benchmark's "
        "database). Each call run is checked against the waiting line read just before it: "
        "no number called twice, each counter's numbers in the line's order, and the numbers "
        "called exactly the front of the line (no skip).",
        "- **Snapshots.** In each SQLite scenario a python-socketio client connects "
        f"{a['snapshot_samples']} times to /display (board), to /desk as officer bench01 at "
        "counter 1, and to /crowd as the security guard, and keeps the size of the snapshot "
        "the server sends on connect (compact UTF-8 JSON) and the server CPU per connect, each "
        "connect made once the server was idle for 0.3 s (the housekeeping loop refreshes the "
        "crowd figures every 30 s) and the highest fifth of the samples left out (the Socket.IO "
        "handshake is included, the same for every queue length; /proc counts CPU in 10 ms "
        "ticks, so the CPU figure is coarse).",
        "- **Past one process.** The short-line scenario again on PostgreSQL (a database created "
        "for the run and dropped after), with `RECEPTION_WORKERS=1` (no message queue) and "
        "`RECEPTION_WORKERS=2` (Redis message queue on a channel of its own). The table shows "
        "how many worker processes really served (children of the gunicorn master).",
        f"- **Profile.** py-spy (`record --nonblocking`, 100 Hz) on the worker during "
        f"{a['profile_seconds']:g} s of 50 kiosks issuing and {a['profile_seconds']:g} s of "
        f"10 officers calling, on the {a['large']:,}-waiting SQLite server (not counted in "
        "the figures). `make bench` installs py-spy into .venv when it is missing.",
    ]


def reference_section(report) -> list[str]:
    bare = report.bare_rate()
    rows = []
    for label, cells in (
        ("bare Flask endpoint, GET /ok", [report.baseline.get(("bare", k)) for k in (1, 0)]),
        (
            "minimal Flask + peewee + SQLite, POST /api/v1/tickets",
            [report.baseline.get(("minimal", k)) for k in (1, 0)],
        ),
        ("the application, POST /api/v1/tickets", [report.cells.get((50, k)) for k in (1, 0)]),
    ):
        row = [label]
        for cell in cells:
            row += (
                ["–"] * 4
                if cell is None
                else [
                    f"{cell['rate']:.0f}",
                    ms(cell["p99"]),
                    _f(cell["server_cpu_ms"]),
                    _pct(cell["rate"], bare),
                ]
            )
        rows.append(row)
    head = [
        "server (50 clients)",
        "keep-alive req/s",
        "p99 ms",
        "CPU ms/req",
        "% of bare",
        "new conn. req/s",
        "p99 ms",
        "CPU ms/req",
        "% of bare",
    ]
    return [
        "### The same server set-up: bare endpoint, minimal endpoint, application",
        "",
        'Medians of the runs; "% of bare" divides by the bare endpoint\'s keep-alive '
        "requests/s of this run.",
        "",
        *_table(head, rows),
        "",
    ]


def queue_section(report) -> list[str]:
    small, large = _scenarios(report)
    if not (small and large):
        return []
    bare = report.bare_rate()
    s_i, l_i, s_c, l_c = small["issue"], large["issue"], small["call"], large["call"]

    def row(label, key, part, digits=2, ratio=True):
        a, b = s_i[key] if part == "issue" else s_c[key], l_i[key] if part == "issue" else l_c[key]
        return [label, _f(a, digits), _f(b, digits), _x(_ratio(b, a)) if ratio else ""]

    def lat(part):
        one, two = (s_i, l_i) if part == "issue" else (s_c, l_c)
        return f"{ms(one['p50'])} / {ms(one['p99'])}", f"{ms(two['p50'])} / {ms(two['p99'])}"

    issue_lat, call_lat = lat("issue"), lat("call")
    rows = [
        row("tickets/s, 50 keep-alive kiosks", "rate", "issue", 0),
        ["issue p50 / p99 ms", *issue_lat, ""],
        row("server CPU ms per ticket", "server_cpu_ms", "issue"),
        row("call-next/s, 10 officers", "rate", "call", 0),
        ["call-next p50 / p99 ms", *call_lat, ""],
        row("server CPU ms per call-next", "server_cpu_ms", "call"),
        [
            "call-next/s as % of the bare endpoint",
            _pct(s_c["rate"], bare),
            _pct(l_c["rate"], bare),
            "",
        ],
        [
            "calls made / errors / duplicates / skipped / out of FCFS order",
            _checks(s_c),
            _checks(l_c),
            "",
        ],
        [
            "kiosk errors (tickets answered other than 201)",
            str(s_i["errors"]),
            str(l_i["errors"]),
            "",
        ],
    ]
    head = [
        "SQLite, 1 process",
        f"{small['waiting']:,}–{small['waiting'] + small['batch']:,} waiting",
        f"{large['waiting']:,}–{large['waiting'] + large['batch']:,} waiting",
        "long / short",
    ]
    return [
        f"### Cost as the queue grows (median of {len(s_i['runs'])} runs per figure)",
        "",
        *_table(head, rows),
        "",
    ]


def _checks(call: dict) -> str:
    return (
        f"{call['ok']} / {call['errors']} / {call['duplicates']} / {call['skipped']} / "
        f"{call['out_of_order'] + call['unknown']}"
    )


def snapshot_section(report) -> list[str]:
    small, large = _scenarios(report)
    if not (small and large and small.get("snapshots") and large.get("snapshots")):
        return []
    rows = []
    for kind, (_ns, _event, what) in KINDS.items():
        a, b = small["snapshots"][kind], large["snapshots"][kind]
        rows.append(
            [
                what,
                f"{a['bytes']:,}",
                f"{b['bytes']:,}",
                _x(_ratio(b["bytes"], a["bytes"])),
                _f(a["cpu_ms"], 1),
                _f(b["cpu_ms"], 1),
                _x(_ratio(b["cpu_ms"], a["cpu_ms"])),
            ]
        )
    head = [
        "snapshot",
        f"bytes, {small['waiting']:,} waiting",
        f"bytes, {large['waiting']:,} waiting",
        "ratio",
        "CPU ms/connect (short)",
        "CPU ms/connect (long)",
        "ratio",
    ]
    return ["### What boards, desks and the crowd view receive", "", *_table(head, rows), ""]


def scale_section(report) -> list[str]:
    small, _large = _scenarios(report)
    runs = ([small] if small else []) + list(report.out.get("scale") or [])
    if not runs:
        return []
    rows = []
    for run in runs:
        i, c = run["issue"], run["call"]
        name = run["name"] if "PostgreSQL" in run["name"] else "SQLite, 1 process"
        rows.append(
            [
                name,
                str(run["workers"]),
                f"{i['rate']:.0f}",
                ms(i["p99"]),
                f"{_f(i['server_cpu_ms'])} + {_f(i['database_cpu_ms'])}",
                f"{c['rate']:.0f}",
                ms(c["p99"]),
                f"{_f(c['server_cpu_ms'])} + {_f(c['database_cpu_ms'])}",
                f"{i['errors'] + c['errors']} / {c['duplicates']} / {c['skipped']}",
            ]
        )
    head = [
        "set-up",
        "worker processes serving",
        "tickets/s (50 kiosks)",
        "p99 ms",
        "CPU ms/ticket (server + db)",
        "call-next/s (10 officers)",
        "p99 ms",
        "CPU ms/call (server + db)",
        "errors / duplicates / skipped",
    ]
    note = (
        ""
        if report.out.get("scale")
        else " PostgreSQL was not measured in this run (--no-postgres or not reachable)."
    )
    return [
        f"### Past one process ({small['waiting']:,}–{small['waiting'] + small['batch']:,} waiting)"
        if small
        else "### Past one process",
        "",
        'Same scenario as the short line above; "worker processes serving" counts the '
        "gunicorn master's children while it served." + note,
        "",
        *_table(head, rows),
        "",
    ]


def profile_section(report) -> list[str]:
    _small, large = _scenarios(report)
    profile = (large or {}).get("profile")
    if not profile:
        return []
    lines = [f"### Where the time goes ({large['waiting']:,} waiting, py-spy)", ""]
    for what, title in (("tickets", "issuing, 50 kiosks"), ("calls", "call-next, 10 officers")):
        found = profile.get(what) or {}
        if found.get("error") or not found.get("samples"):
            lines += [f"{title}: no profile ({found.get('error', 'no samples')}).", ""]
            continue
        lines += [
            f"**{title}** ({found['samples']} samples, {found['rate']:.0f}/s under the "
            f"profiler, {found['waiting']:,} waiting at the start):",
            "",
        ]
        own, cumulative = found["own"], found["cumulative"]
        rows = [
            [
                f"`{own[i][0]}`" if i < len(own) else "",
                f"{100 * own[i][1]:.1f} %" if i < len(own) else "",
                f"`{cumulative[i][0]}`" if i < len(cumulative) else "",
                f"{100 * cumulative[i][1]:.1f} %" if i < len(cumulative) else "",
            ]
            for i in range(max(len(own), len(cumulative)))
        ]
        lines += [
            *_table(
                ["function (own)", "own share", "function (cumulative)", "cumulative share"], rows
            ),
            "",
        ]
    lines += [
        "Own: the function was running (leaf frame); cumulative: anywhere on the stack "
        "(threads, gunicorn and Flask plumbing left out). py-spy counts a thread blocked "
        "in C (a lock, a socket) as active when it cannot tell, so leaf frames such as a "
        "lock wait show waiting as well as work.",
        "",
    ]
    return lines


def sections(report) -> list[str]:
    return [
        *reference_section(report),
        *queue_section(report),
        *snapshot_section(report),
        *scale_section(report),
        *profile_section(report),
    ]

"""Turn the benchmark's measurements into the console table and docs/benchmarks.md."""

import statistics

# Issue 12's targets, as shares of the bare Flask endpoint measured in the same run.
TARGET_TICKET_SHARE = 0.25  # tickets/s at 50 kiosks / bare endpoint requests/s (aim AIM_...)
AIM_TICKET_SHARE = 0.35
TARGET_CALL_SHARE = 0.20  # call-next/s by 10 officers, 5,000 waiting / bare endpoint
TARGET_GROWTH = 1.5  # cost (and snapshot size) with 5,000 waiting / with 100 waiting
TARGET_P99_10 = 0.025  # s, issue latency p99 at 10 concurrent kiosks
TARGET_DISPLAY_P99 = 0.050  # s, call-to-board p99 with TARGET_DISPLAYS boards
TARGET_DISPLAYS = 200
# SQLite's default busy handler (sqliteDefaultBusyCallback): the sleeps between lock attempts.
BUSY_SLEEPS_MS = "1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100"


def percentile(values: list[float], q: float) -> float | None:
    """Return the q-th percentile of sorted values (linear interpolation), or None if empty."""
    if not values:
        return None
    position = (len(values) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def ms(seconds: float | None, digits: int = 1) -> str:
    return "–" if seconds is None else f"{1000 * seconds:.{digits}f}"


def mode_name(keep_alive: bool) -> str:
    return "keep-alive" if keep_alive else "new connection"


def run_line(run: dict) -> str:
    """One line per run, printed as the benchmark goes."""
    line = (
        f"run {run['repeat']}: {run['concurrency']:>2} kiosks, "
        f"{mode_name(run['keep_alive']):<14}"
        f" {run['rate']:6.0f} tickets/s  p50 {ms(run['p50']):>6}  p95 {ms(run['p95']):>6}"
        f"  p99 {ms(run['p99']):>6} ms  cores: server {run['server_cores'] or 0:.2f},"
        f" others {run['other_cores']:.2f}"
    )
    if run["errors"]:
        line += f"  ERRORS {run['errors']}: {run['first_error']}"
    if run.get("stored") is not None and run["stored"] != run["ok"]:
        line += f"  STORED {run['stored']} != {run['ok']} answered"
    return line


def verdict(passed: bool | None) -> str:
    return "–" if passed is None else ("PASS" if passed else "MISS")


class Report:
    """The benchmark's results, rendered as text for the console and as Markdown."""

    def __init__(self, out: dict):
        self.out = out
        self.machine = out["machine"]
        self.cells = {}
        for concurrency in sorted({r["concurrency"] for r in out["ticket_runs"]}):
            for keep_alive in (True, False):
                runs = [
                    r
                    for r in out["ticket_runs"]
                    if r["concurrency"] == concurrency and r["keep_alive"] == keep_alive
                ]
                if runs:
                    self.cells[concurrency, keep_alive] = self._median(runs)
        refs = out["reference_runs"]
        self.reference = self._median(refs) if refs else None
        self.display = out["display"]  # protocol-level boards (the target is judged on it)
        self.display_socketio = out.get("display_socketio")  # python-socketio clients
        # (kind, keep_alive) -> medians of the bare and minimal reference servers at 50 clients
        self.baseline = {}
        for run in out.get("baseline_runs", []):
            self.baseline.setdefault((run["kind"], run["keep_alive"]), []).append(run)
        self.baseline = {key: self._median(runs) for key, runs in self.baseline.items()}

    def bare_rate(self) -> float | None:
        """Requests/s of the bare endpoint at 50 keep-alive clients: the ratios' denominator."""
        cell = self.baseline.get(("bare", True))
        return cell["rate"] if cell else None

    def target_rate(self) -> float | None:
        """Tickets/s at 50 kiosks that issue 12 asks for in this run."""
        bare = self.bare_rate()
        return TARGET_TICKET_SHARE * bare if bare else None

    @staticmethod
    def _median(runs: list[dict]) -> dict:
        def med(key):
            values = [r[key] for r in runs if r[key] is not None]
            return statistics.median(values) if values else None

        return {
            "runs": runs,
            **{
                key: med(key)
                for key in (
                    "rate",
                    "p50",
                    "p95",
                    "p99",
                    "server_cpu_ms",
                    "server_cores",
                    "client_cores",
                    "other_cores",
                )
            },
            "errors": sum(r["errors"] for r in runs),
            "mismatches": sum(
                1 for r in runs if r.get("stored") is not None and r["stored"] != r["ok"]
            ),
        }

    def targets(self) -> list[tuple[str, str, str]]:
        import bench_targets

        return bench_targets.targets(self)

    # -- tables ----------------------------------------------------------------------------

    def ticket_rows(self) -> list[list[str]]:
        rows = []
        for concurrency in sorted({c for c, _ in self.cells}):
            row = [str(concurrency)]
            for keep_alive in (True, False):
                cell = self.cells.get((concurrency, keep_alive))
                if cell is None:
                    row += ["–"] * 4
                    continue
                row += [f"{cell['rate']:.0f}", ms(cell["p50"]), ms(cell["p95"]), ms(cell["p99"])]
            rows.append(row)
        return rows

    TICKET_HEAD = [
        "kiosks",
        "keep-alive tickets/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "new conn. tickets/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
    ]

    def cost_rows(self) -> list[list[str]]:
        rows = []
        order = sorted(self.cells.items(), key=lambda item: (item[0][0], not item[0][1]))
        for (concurrency, keep_alive), cell in order:
            rows.append(
                [
                    str(concurrency),
                    mode_name(keep_alive),
                    " / ".join(f"{r['rate']:.0f}" for r in cell["runs"]),
                    f"{cell['server_cpu_ms']:.2f}" if cell["server_cpu_ms"] else "–",
                    f"{cell['server_cores']:.2f}",
                    f"{cell['client_cores']:.2f}",
                    f"{cell['other_cores']:.2f}"
                    + (
                        f" ({sum(1 for r in cell['runs'] if r.get('retried'))} rerun)"
                        if any(r.get("retried") for r in cell["runs"])
                        else ""
                    ),
                    str(cell["errors"]),
                    "ok" if not cell["mismatches"] else f"{cell['mismatches']} run(s) differ",
                ]
            )
        return rows

    COST_HEAD = [
        "kiosks",
        "connection",
        "tickets/s of each run",
        "server CPU ms/ticket",
        "server cores",
        "client cores",
        "others' cores",
        "errors",
        "stored = answered",
    ]

    def display_kinds(self) -> list[dict]:
        """The call → board results present: protocol-level boards first (judged), then
        python-socketio clients."""
        return [d for d in (self.display, self.display_socketio) if d]

    def display_head(self) -> list[str]:
        return [""] + [
            d.get("label", "python-socketio clients, threading mode") for d in self.display_kinds()
        ]

    def display_rows(self) -> list[list[str]]:
        kinds = self.display_kinds()
        if not kinds:
            return []
        d = kinds[0]

        def row(name, cell):
            return [name] + [cell(one) for one in kinds]

        return [
            row(
                "display boards connected (got their snapshot)",
                lambda d: f"{d['connected']} ({d['snapshots']})",
            ),
            row(
                "officer calls (POST /api/v1/counters/1/call-next)",
                lambda d: (
                    str(d["calls"])
                    + (
                        f" (series run {d['series']} times, quieter kept)"
                        if d["series"] > 1
                        else ""
                    )
                ),
            ),
            row(
                "call → display, p50 / p95 / p99 / max (ms)",
                lambda d: f"{ms(d['p50'])} / {ms(d['p95'])} / {ms(d['p99'])} / {ms(d['max'])}",
            ),
            row(
                "displays that received every call",
                lambda d: (
                    f"{d['complete']}/{d['displays']} ({100 * d['complete'] / d['displays']:.0f} %)"
                ),
            ),
            row(
                f"call-next HTTP latency, p50 / p99, {d['displays']} displays (ms)",
                lambda d: f"{ms(d['http_p50'])} / {ms(d['http_p99'])}",
            ),
            row(
                f"call-next HTTP latency, p50 / p99, no display ({d['baseline_calls']} calls, ms)",
                lambda d: f"{ms(d['http_p50_alone'])} / {ms(d['http_p99_alone'])}",
            ),
            row(
                "CPU during the calls: server / display clients / other processes (cores)",
                lambda d: (
                    f"{d['server_cores']:.2f} / {d['client_cores']:.2f} / {d['other_cores']:.2f}"
                ),
            ),
        ]

    def memory_rows(self) -> list[list[str]]:
        rows = []
        for label, mem in self.out["memory"]:
            parts = " + ".join(f"{p['rss_mib']:.0f}" for p in mem["processes"])
            rows.append(
                [
                    label,
                    parts,
                    f"{mem['rss_mib']:.0f}",
                    f"{mem['pss_mib']:.0f}",
                    str(mem["worker_threads"]),
                ]
            )
        return rows

    MEMORY_HEAD = [
        "moment",
        "RSS master + worker (MiB)",
        "RSS total (MiB)",
        "PSS total (MiB)",
        "worker threads",
    ]

    # -- rendering -----------------------------------------------------------------------

    @staticmethod
    def _text_table(head: list[str], rows: list[list[str]]) -> str:
        widths = [max(len(str(x)) for x in column) for column in zip(head, *rows, strict=True)]

        def line(cells):
            # Labels to the left, figures to the right.
            return "  ".join(
                str(x).ljust(w) if i == 0 else str(x).rjust(w)
                for i, (x, w) in enumerate(zip(cells, widths, strict=True))
            )

        return "\n".join(
            [line(head), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]
        )

    @staticmethod
    def _md_table(head: list[str], rows: list[list[str]]) -> str:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
        return "\n".join(lines)

    def _how(self) -> str:
        a = self.out["args"]
        return (
            f"median of {a['repeats']} runs of {a['seconds']:g} s per cell; "
            "POST /api/v1/tickets over loopback, TCP_NODELAY on every socket"
        )

    def text(self) -> str:
        parts = [
            f"Ticket issuing ({self._how()})",
            self._text_table(self.TICKET_HEAD, self.ticket_rows()),
            "",
            self._text_table(self.COST_HEAD, self.cost_rows()),
        ]
        if self.reference:
            parts += [
                "",
                "reference: GET /api/v1/services, 10 keep-alive clients: "
                f"{self.reference['rate']:.0f}/s, p50 {ms(self.reference['p50'])} ms, "
                f"server CPU {self.reference['server_cpu_ms']:.2f} ms/request",
            ]
        if self.display:
            parts += [
                "",
                "Call to display",
                self._text_table(self.display_head(), self.display_rows()),
            ]
        import bench_ratios

        parts += ["", *bench_ratios.sections(self)]
        parts += [
            "",
            "Server memory",
            self._text_table(self.MEMORY_HEAD, self.memory_rows()),
            "",
            "Targets",
            self._text_table(["target", "reached", ""], self.targets()),
            "",
            f"benchmark time: {self.out['elapsed']:.0f} s",
        ]
        return "\n".join(parts)

    def markdown(self) -> str:
        import bench_analysis
        import bench_ratios

        m = self.machine
        started = self.out["started"]
        versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
        sections = [
            "# Benchmarks",
            "",
            "Written by `make bench` (scripts/bench.py); do not edit by hand, run it again.",
            "",
            f"- Date: {started:%Y-%m-%d %H:%M %Z}; the whole benchmark took "
            f"{self.out['elapsed']:.0f} s.",
            f"- Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']:.1f} GiB memory, "
            f"Linux {m['kernel']}, load average {' '.join(m['loadavg'])} at the start and "
            f"{' '.join(self.out.get('loadavg_end', ['?']))} at the end (the machine is "
            "shared: expect noise).",
            f"- Code measured: commit {self.out.get('code', '?')}.",
            "- Phases: "
            + "; ".join(f"{name} {seconds:.0f} s" for name, seconds in self.out.get("phases", []))
            + ".",
            f"- Software: Python {m['python']}, SQLite {m['sqlite']}, {versions}.",
            f"- Server: `flask serve` as `make run` starts it: gunicorn, 1 worker (gthread, "
            f"{self.out.get('server_threads') or '?'} threads), SQLite in WAL mode with "
            "synchronous=normal, on a free port of 127.0.0.1 with its own database "
            "(tests/live.py LiveServer).",
            "",
            "## How to reproduce",
            "",
            "```",
            "make bench",
            "```",
            "",
            "`.venv/bin/python scripts/bench.py --help` lists the options: every phase's size "
            "and length can be set (`--quick` is a short smoke run that writes nothing). "
            "`make bench` installs py-spy into .venv when it is missing (not an application "
            "requirement).",
            "",
            "The search benchmark (case and visit search on 100,000 visits, SQLite and "
            "PostgreSQL; its seeding alone takes minutes) is `make bench-search` "
            "(scripts/bench_search.py), written to [benchmarks-search.md](benchmarks-search.md) "
            "and to its section at the end of this file.",
            "",
            "## What is measured, and how",
            "",
            *bench_analysis.method(self.out),
            *bench_ratios.method(self.out),
            "",
            "## Results",
            "",
            f"### Ticket issuing ({self._how()})",
            "",
            self._md_table(self.TICKET_HEAD, self.ticket_rows()),
            "",
            "Cost and checks per cell (medians; cores are CPU seconds per second of the run, "
            '"others" being every other process on the shared machine; a run during which '
            "others used more than 0.25 cores was run once more and the quieter run kept; "
            '"stored = answered": the waiting tickets after each run equal its 201 answers):',
            "",
            self._md_table(self.COST_HEAD, self.cost_rows()),
            "",
        ]
        if self.reference:
            sections += [
                "Reference on the same server: GET /api/v1/services (two SELECTs, no write) "
                f"from 10 keep-alive clients: {self.reference['rate']:.0f} requests/s, p50 "
                f"{ms(self.reference['p50'])} ms, server CPU "
                f"{self.reference['server_cpu_ms']:.2f} ms per request (median of "
                f"{len(self.reference['runs'])} runs).",
                "",
            ]
        if self.display:
            sections += [
                f"### Call to display ({self.display['displays']} display boards)",
                "",
                self._md_table(self.display_head(), self.display_rows()),
                "",
            ]
        sections += [
            *bench_ratios.sections(self),
            "### Server memory",
            "",
            "RSS counts pages shared by the master and its forked worker twice; PSS splits them.",
            "",
            self._md_table(self.MEMORY_HEAD, self.memory_rows()),
            "",
            "## Targets (issue 12)",
            "",
            self._md_table(["target", "reached", "verdict"], self.targets()),
            "",
            "## What limits it",
            "",
            *bench_analysis.limits(self),
            "",
            "What each round of the speed work changed, what was measured and not kept, and the "
            "gaps that remain with their causes: [benchmarks-issue12.md](benchmarks-issue12.md).",
        ]
        return "\n".join(sections).rstrip() + "\n"

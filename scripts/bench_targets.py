"""The targets table of docs/benchmarks.md: every target of issue 12, PASS or MISS.

Each ratio divides figures measured in the same run (scripts/bench_ratios.py shows them).
"""

from bench_ratios import _f, _ratio, _scenarios, _x
from bench_report import (
    AIM_TICKET_SHARE,
    TARGET_CALL_SHARE,
    TARGET_DISPLAY_P99,
    TARGET_DISPLAYS,
    TARGET_GROWTH,
    TARGET_P99_10,
    TARGET_TICKET_SHARE,
    mode_name,
    ms,
    verdict,
)
from bench_snapshots import KINDS


def targets(report) -> list[tuple[str, str, str]]:
    """Every target of issue 12 with what this run reached and PASS or MISS."""
    rows, bare = [], report.bare_rate()
    for keep_alive in (True, False):
        cell = report.cells.get((50, keep_alive))
        share = cell["rate"] / bare if cell and bare else None
        rows.append(
            (
                f"tickets/s at 50 kiosks ({mode_name(keep_alive)}) ≥ "
                f"{100 * TARGET_TICKET_SHARE:.0f} % of the bare endpoint "
                f"(aim {100 * AIM_TICKET_SHARE:.0f} %)",
                "–" if share is None else f"{100 * share:.1f} % ({cell['rate']:.0f} / {bare:.0f})",
                verdict(None if share is None else share >= TARGET_TICKET_SHARE)
                + (" (aim reached)" if share and share >= AIM_TICKET_SHARE else ""),
            )
        )
    small, large = _scenarios(report)
    if large:
        share = large["call"]["rate"] / bare if bare else None
        rows.append(
            (
                f"call-next/s, 10 officers, {large['waiting']:,} waiting ≥ "
                f"{100 * TARGET_CALL_SHARE:.0f} % of the bare endpoint",
                "–"
                if share is None
                else f"{100 * share:.1f} % ({large['call']['rate']:.0f} / {bare:.0f})",
                verdict(None if share is None else share >= TARGET_CALL_SHARE),
            )
        )
    if small and large:
        for label, part in (
            ("server CPU per ticket", "issue"),
            ("server CPU per call-next", "call"),
        ):
            ratio = _ratio(large[part]["server_cpu_ms"], small[part]["server_cpu_ms"])
            rows.append(
                (
                    f"{label}, {large['waiting']:,} / {small['waiting']:,} waiting ≤ "
                    f"{TARGET_GROWTH}×",
                    f"{_x(ratio)} ({_f(large[part]['server_cpu_ms'])} "
                    f"/ {_f(small[part]['server_cpu_ms'])} ms)",
                    verdict(None if ratio is None else ratio <= TARGET_GROWTH),
                )
            )
        if small.get("snapshots") and large.get("snapshots"):
            for kind, (_ns, event, _what) in KINDS.items():
                for key, unit in (("bytes", "size"), ("cpu_ms", "server CPU")):
                    ratio = _ratio(large["snapshots"][kind][key], small["snapshots"][kind][key])
                    rows.append(
                        (
                            f"`{event}` {unit}, {large['waiting']:,} / "
                            f"{small['waiting']:,} waiting ≤ {TARGET_GROWTH}×",
                            _x(ratio),
                            verdict(None if ratio is None else ratio <= TARGET_GROWTH),
                        )
                    )
    for keep_alive in (True, False):
        cell = report.cells.get((10, keep_alive))
        p99 = cell["p99"] if cell else None
        rows.append(
            (
                f"p99 issue latency < {ms(TARGET_P99_10, 0)} ms at 10 kiosks "
                f"({mode_name(keep_alive)})",
                f"{ms(p99)} ms",
                verdict(None if p99 is None else p99 < TARGET_P99_10),
            )
        )
    d = report.display
    if d:
        full = d["displays"] >= TARGET_DISPLAYS
        rows.append(
            (
                f"call → board p99 < {ms(TARGET_DISPLAY_P99, 0)} ms with {TARGET_DISPLAYS} boards",
                f"{ms(d['p99'])} ms with {d['displays']} protocol-level boards",
                verdict(d["p99"] is not None and d["p99"] < TARGET_DISPLAY_P99)
                if full
                else f"– (not {TARGET_DISPLAYS} boards)",
            )
        )
        kinds = report.display_kinds()  # protocol-level boards, then python-socketio clients
        rows.append(
            (
                "every board receives every call",
                "; ".join(
                    f"{one['complete']}/{one['displays']} boards, "
                    f"{one['samples']}/{one['expected_samples']} deliveries"
                    for one in kinds
                )
                + (" (protocol-level; python-socketio)" if len(kinds) > 1 else ""),
                verdict(
                    all(
                        one["complete"] == one["displays"]
                        and one["samples"] == one["expected_samples"]
                        for one in kinds
                    )
                ),
            )
        )
    rows += _correctness(report)
    return rows


def _correctness(report) -> list[tuple[str, str, str]]:
    scenarios = list(report.out.get("queue") or []) + list(report.out.get("scale") or [])
    errors = sum(cell["errors"] for cell in report.cells.values()) + sum(
        run["issue"]["errors"] + run["call"]["errors"] for run in scenarios
    )
    mismatches = sum(cell["mismatches"] for cell in report.cells.values())
    calls = sum(run["call"]["ok"] for run in scenarios)
    bad = {
        key: sum(run["call"][key] for run in scenarios)
        for key in ("duplicates", "skipped", "out_of_order", "unknown")
    }
    return [
        ("0 errors (every ticket and call run)", f"{errors} errors", verdict(errors == 0)),
        (
            "every 201 answer stored (waiting tickets = answers)",
            "ok" if not mismatches else f"{mismatches} run(s) differ",
            verdict(mismatches == 0),
        ),
        (
            "0 duplicate or skipped calls, first come first served per counter",
            f"{calls} calls: {bad['duplicates']} duplicates, {bad['skipped']} skipped, "
            f"{bad['out_of_order'] + bad['unknown']} out of order",
            verdict(calls > 0 and not any(bad.values())) if scenarios else "–",
        ),
    ]

"""Profiled runs: py-spy on the server's worker, and its samples as own and cumulative shares.

`make bench` installs py-spy into the virtual environment when it is missing (pip; it is not
an application requirement). "Own" is the share of samples in which a function was the one
running (the leaf frame); "cumulative" the share in which it was anywhere on the stack.
"""

import collections
from pathlib import Path

import bench_system

FRAME = bench_system.FRAME
# Frames that nearly every sample of a request sits under (threads, gunicorn's request
# handling, the WSGI middlewares, Flask's dispatch): in the cumulative list they say nothing.
PLUMBING = (
    "threading.py",
    "concurrent/futures/",
    "gunicorn/",
    "flask/app.py",
    "engineio/middleware.py",
    "flask_socketio/__init__.py",
    "werkzeug/",
)


def _label(frame: str) -> str | None:
    match = FRAME.match(frame)
    if not match:
        return None
    path = match["file"]
    for marker in ("site-packages/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{match['function']} ({path})"


def top_functions(path: Path, count: int = 12) -> dict:
    """Return the samples and the top functions by own and by cumulative share."""
    own, cumulative, total = collections.Counter(), collections.Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        weight = int(samples)
        total += weight
        labels = [label for label in map(_label, stack.split(";")) if label]
        if labels:
            own[labels[-1]] += weight
        for label in set(labels):
            cumulative[label] += weight
    if not total:
        return {"samples": 0, "own": [], "cumulative": []}

    def plumbing(label):
        return label.rsplit(" (", 1)[1].startswith(PLUMBING)

    return {
        "samples": total,
        "own": [(label, n / total) for label, n in own.most_common(count)],
        "cumulative": [
            (label, n / total) for label, n in cumulative.most_common() if not plumbing(label)
        ][:count],
    }


class Recording:
    """py-spy recording of one worker during one run (on-CPU samples, C code included)."""

    def __init__(self, py_spy: str, pid: int, seconds: float, output: Path):
        self.output = output
        self.profile = bench_system.Profile(py_spy, pid, seconds, output)

    def finish(self, count: int = 12) -> dict:
        summary = self.profile.finish()
        if summary is None:
            return {"error": "py-spy did not finish"}
        if summary.get("error"):
            return {"error": summary["error"]}
        return top_functions(self.output, count)

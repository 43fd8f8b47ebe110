"""What the benchmark reads from the machine: /proc figures of the server, machine facts, and an
optional py-spy profile of the server's worker."""

import collections
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Return the direct children of a process."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in path.read_text().split()]
    except OSError:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
        return found


def server_tree(pid: int) -> list[int]:
    """Return the gunicorn master (the `flask serve` process) and its workers."""
    return [pid, *children(pid)]


def cpu_seconds(pids: list[int]) -> float:
    """Return the user + system CPU seconds used so far by these processes (all threads)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def machine_busy_seconds() -> float:
    """Return the CPU seconds all processes of the machine have used (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / TICKS


def _status(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        values[name] = value.strip()
    return values


def _pss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def memory(pid: int) -> dict:
    """Return RSS and PSS (MiB) of the server tree, per process and summed, and thread counts."""
    processes = []
    for member in server_tree(pid):
        try:
            status = _status(member)
        except OSError:
            continue
        processes.append(
            {
                "pid": member,
                "rss_mib": int(status["VmRSS"].split()[0]) / 1024,
                "pss_mib": (_pss_kib(member) or 0) / 1024,
                "threads": int(status["Threads"]),
            }
        )
    return {
        "processes": processes,
        "rss_mib": sum(p["rss_mib"] for p in processes),
        "pss_mib": sum(p["pss_mib"] for p in processes),
        "worker_threads": processes[-1]["threads"] if len(processes) > 1 else None,
    }


def machine() -> dict:
    """Describe the machine and the software versions the figures depend on."""
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.partition(":")[2].strip()
            break
    versions = {}
    for package in (
        "Flask",
        "Flask-SocketIO",
        "python-socketio",
        "python-engineio",
        "simple-websocket",
        "gunicorn",
        "peewee",
    ):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "?"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": mem_kib / 1024 / 1024,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "versions": versions,
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }


def find_py_spy() -> str | None:
    """Return the py-spy executable (PY_SPY, PATH, or beside this Python), if any."""
    candidates = [
        os.environ.get("PY_SPY"),
        shutil.which("py-spy"),
        str(Path(sys.executable).with_name("py-spy")),
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


class Profile:
    """Sample the worker's running threads during a load (py-spy record, on-CPU samples).

    Without --gil, time a thread spends in C code (SQLite opening, checkpointing, stepping)
    is charged to the Python function that called it, which a GIL-only profile would miss.
    """

    RATE = 100

    def __init__(self, py_spy: str, pid: int, seconds: float, output: Path):
        self.output, self.seconds = output, seconds
        self.process = subprocess.Popen(
            [
                py_spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(int(seconds + 2)),
                "--rate",
                str(self.RATE),
                "--nonblocking",
                "--format",
                "raw",
                "--output",
                str(output),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(0.8)  # let py-spy attach before the load starts

    def finish(self) -> dict | None:
        """Wait for py-spy; return the share of samples per application and library frame."""
        try:
            _out, err = self.process.communicate(timeout=self.seconds + 20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            return None
        if self.process.returncode != 0 or not self.output.exists():
            return {"error": err.decode(errors="replace").strip()[-300:]}
        return summarise(self.output)


FRAME = re.compile(r"^(?P<function>.+) \((?P<file>[^()]*?)(?::\d+)?\)$")
PROJECT_DIRS = ("reception/", "api/", "app.py", "kiosk/", "display/", "admin/")
# The gunicorn main loop runs inside these: it has its own line below.
NOT_PROJECT = ("reception/cli.py", "reception/server.py")
# Library frames worth naming: where requests, SQL building and fan-out spend the GIL.
LIBRARY_FRAMES = {
    ("Database.connect", "peewee.py"): "peewee Database.connect (per request, under its lock)",
    ("Database.close", "peewee.py"): "peewee Database.close (per request, under its lock)",
    ("SqliteDatabase.begin", "peewee.py"): "peewee: BEGIN IMMEDIATE (taking the write lock)",
    ("Context.sql", "peewee.py"): "peewee: building SQL text (Context.sql)",
    ("Manager.emit", "socketio/manager.py"): "python-socketio Manager.emit (fan-out)",
    (
        "Socket._websocket_handler.<locals>.writer",
        "engineio/socket.py",
    ): "engine.io websocket writer threads",
    (
        "ThreadWorker.run",
        "gunicorn/workers/gthread.py",
    ): "gunicorn main loop (accept, keep-alive polling)",
    ("ThreadWorker.handle", "gunicorn/workers/gthread.py"): "gunicorn: one request, in all",
    ("Flask.wsgi_app", "flask/app.py"): "Flask: one request, in all",
}


def summarise(path: Path) -> dict:
    """Turn py-spy's collapsed stacks into inclusive shares of all samples."""
    inclusive, total = collections.Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        seen = set()
        for frame in stack.split(";"):
            match = FRAME.match(frame)
            if not match:
                continue
            key = (match["function"], match["file"])
            if key not in seen:
                seen.add(key)
                inclusive[key] += int(count)
    project = [
        (f"{function} ({file})", count / total)
        for (function, file), count in inclusive.most_common()
        if file.startswith(PROJECT_DIRS) and not file.startswith(NOT_PROJECT) and total
    ]
    library = [
        (label, inclusive[key] / total)
        for key, label in LIBRARY_FRAMES.items()
        if total and inclusive[key] >= 0.005 * total
    ]
    return {
        "samples": total,
        "project": project[:14],
        "library": sorted(library, key=lambda item: -item[1]),
        "shares": {f"{f} ({p})": c / total for (f, p), c in inclusive.items()} if total else {},
    }

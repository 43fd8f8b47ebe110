"""Measure the gunicorn worker's memory around one anonymous 200 MB POST (issue 10, item 6).

Starts the live server (tests/live.py) on a scratch database, reads the worker's VmRSS and
VmHWM (peak) from /proc, sends a 200 MB body with Content-Length and then a 200 MB chunked
body to /api/v1/tickets, and prints the figures after each.

    .venv/bin/python scripts/body_memory.py
"""

import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live import LiveServer  # noqa: E402

SIZE = 200 * 1024 * 1024
CHUNK = 1024 * 1024


def memory(pid: int) -> str:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) // 1024
    return f"RSS {fields['VmRSS']} MiB (peak {fields['VmHWM']} MiB)"


def reset_peak(pid: int) -> None:
    """Start VmHWM again from the current RSS (proc(5): clear_refs, value 5)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def chunks():
    block = b"x" * CHUNK
    for _ in range(SIZE // CHUNK):
        yield block


def post(url: str, data) -> str:
    headers = {"Content-Type": "application/json"}
    try:
        response = requests.post(url + "/api/v1/tickets", data=data, headers=headers, timeout=120)
    except requests.ConnectionError as error:
        return f"connection closed by the server ({type(error).__name__})"
    return f"{response.status_code} {response.text[:120]}"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        server = LiveServer(Path(scratch)).start()
        try:
            pid = worker_pid(server.process.pid)
            print("before:", memory(pid))
            print("200 MB with Content-Length:", post(server.url, b"x" * SIZE))
            print("after: ", memory(pid))
            reset_peak(pid)
            print("200 MB chunked:", post(server.url, chunks()))
            print("after: ", memory(pid))
        finally:
            server.stop()


if __name__ == "__main__":
    main()

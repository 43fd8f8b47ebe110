"""Display boards for the benchmark: real python-socketio clients on the /display namespace.

The boards are spread over a few processes so that one client process's GIL does not queue
a hundred handlers behind each other; every process stamps `ticket_called` with
time.monotonic(), the same clock in every process on Linux, so the parent can subtract the
moment it sent the officer's request.
"""

import json
import multiprocessing
import os
import queue
import random
import resource
import threading
import time

import bench_http

NAMESPACE = "/display"


def _display_process(url: str, count: int, ready, stop, results) -> None:
    """Connect `count` boards, report readiness, record every ticket_called until told to stop."""
    import socketio

    before = resource.getrusage(resource.RUSAGE_SELF)
    boards, received, errors = [], [], []
    for _ in range(count):
        calls: dict[str, float] = {}
        snapshot = threading.Event()
        client = socketio.Client(reconnection=False)

        def on_call(data, calls=calls):
            calls.setdefault(data["number"], time.monotonic())

        client.on("ticket_called", on_call, namespace=NAMESPACE)
        client.on("queue_state", lambda _data, seen=snapshot: seen.set(), namespace=NAMESPACE)
        try:
            client.connect(url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=10)
            boards.append((client, snapshot))
            received.append(calls)
        except Exception as error:  # report, never hang: the parent counts missing boards
            errors.append(f"{type(error).__name__}: {error}")
    snapshots = sum(seen.wait(timeout=10) for _client, seen in boards)
    ready.put(
        {"pid": os.getpid(), "connected": len(boards), "snapshots": snapshots, "errors": errors}
    )
    stop.wait(timeout=180)
    after = resource.getrusage(resource.RUSAGE_SELF)
    results.put(
        {
            "pid": os.getpid(),
            "received": received,
            "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        }
    )
    closers = [threading.Thread(target=client.disconnect, daemon=True) for client, _ in boards]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join(timeout=5)


class DisplayFleet:
    """Start and stop display boards in child processes."""

    def __init__(self, url: str, boards: int, processes: int):
        context = multiprocessing.get_context("fork")
        self.ready, self.results = context.Queue(), context.Queue()
        self.stop_event = context.Event()
        self.processes = [
            context.Process(
                target=_display_process,
                daemon=True,
                args=(url, count, self.ready, self.stop_event, self.results),
            )
            for count in bench_http.split(boards, processes)
        ]
        self.boards = boards

    def start(self, timeout: float = 60.0) -> dict:
        """Connect every board; return how many connected and got their first snapshot."""
        for process in self.processes:
            process.start()
        deadline = time.monotonic() + timeout
        reports = []
        while len(reports) < len(self.processes):
            reports.append(self.ready.get(timeout=max(0.1, deadline - time.monotonic())))
        return {
            "connected": sum(r["connected"] for r in reports),
            "snapshots": sum(r["snapshots"] for r in reports),
            "errors": [e for r in reports for e in r["errors"]],
        }

    def collect(self, timeout: float = 30.0) -> tuple[list[dict], float]:
        """Stop the boards; return each board's {number: received at} and the client CPU."""
        self.stop_event.set()
        boards, cpu = [], 0.0
        deadline = time.monotonic() + timeout
        for _ in self.processes:
            try:
                report = self.results.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            boards += report["received"]
            cpu += report["cpu_seconds"]
        return boards, cpu

    def close(self) -> None:
        """Tell the processes to stop, wait briefly for them to disconnect, then end them."""
        self.stop_event.set()
        deadline = time.monotonic() + 15
        for process in self.processes:
            if process.pid is None:
                continue  # never started
            process.join(timeout=max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


class Officer:
    """An officer's keep-alive HTTP connection (TCP_NODELAY) calling next at one counter."""

    def __init__(self, port: int, token: str, counter: int = 1):
        self.port = port
        self.request = bench_http.build_request(
            "POST",
            f"/api/v1/counters/{counter}/call-next",
            port,
            headers={"Authorization": f"Bearer {token}"},
        )
        self.sock = bench_http.connect(port)
        self.buffer = bytearray()

    def call_next(self) -> tuple[float, float, str | None]:
        """Call the next ticket; return when the request was sent, its latency, the number."""
        began = time.monotonic()
        status, body = bench_http.exchange(self.sock, self.request, self.buffer)
        elapsed = time.monotonic() - began
        if status != 200:
            raise RuntimeError(f"call-next answered {status}: {body[:200]!r}")
        return began, elapsed, json.loads(body)["ticket"]["number"]

    def call_series(self, calls: int, gap: float, seed: int = 7) -> list[tuple]:
        """Call `calls` times, pausing gap ± 40 % between calls (seeded, so runs repeat)."""
        jitter = random.Random(seed)
        done = []
        for _ in range(calls):
            done.append(self.call_next())
            time.sleep(gap * jitter.uniform(0.6, 1.4))
        return done

    def close(self) -> None:
        self.sock.close()


def delivery(calls: list[tuple], boards: list[dict], expected_boards: int) -> dict:
    """Match every call with every board's receipt: latencies and completeness."""
    sent = {number: began for began, _elapsed, number in calls}
    latencies, complete = [], 0
    for board in boards:
        latencies += [board[number] - began for number, began in sent.items() if number in board]
        complete += all(number in board for number in sent)
    return {
        "latencies": sorted(latencies),
        "samples": len(latencies),
        "expected_samples": len(sent) * expected_boards,
        "boards_complete": complete,
        "boards": expected_boards,
    }

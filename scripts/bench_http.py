"""Kiosk load for the benchmark: raw HTTP/1.1 over loopback sockets with TCP_NODELAY.

A hand-written client keeps the client's share of the two cores small (one sendall and one or
two recv per request) and makes sure every socket has TCP_NODELAY: without it Nagle's algorithm
meets the server's delayed ACKs and each request costs ~44 ms whatever the server does.
"""

import json
import os
import resource
import socket
import threading
import time

HOST = "127.0.0.1"
SERVICES = ("A", "C", "D")
SOCKET_TIMEOUT = 10.0


def connect(port: int) -> socket.socket:
    """Open a loopback connection with TCP_NODELAY set."""
    sock = socket.create_connection((HOST, port), timeout=SOCKET_TIMEOUT)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def build_request(
    method: str,
    path: str,
    port: int,
    body: bytes = b"",
    headers: dict | None = None,
    keep_alive: bool = True,
) -> bytes:
    """Return the bytes of one HTTP/1.1 request."""
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        f"Content-Length: {len(body)}",
        "Connection: keep-alive" if keep_alive else "Connection: close",
    ]
    if body:
        lines.append("Content-Type: application/json")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def ticket_requests(port: int, keep_alive: bool) -> list[bytes]:
    """Return one POST /api/v1/tickets request per benchmarked service."""
    return [
        build_request(
            "POST",
            "/api/v1/tickets",
            port,
            keep_alive=keep_alive,
            body=json.dumps({"service": code, "party_size": 1, "priority": None}).encode(),
        )
        for code in SERVICES
    ]


def services_requests(port: int, keep_alive: bool) -> list[bytes]:
    """Return GET /api/v1/services: a read-only reference for the served stack's own cost."""
    return [build_request("GET", "/api/v1/services", port, keep_alive=keep_alive)]


def bare_requests(port: int, keep_alive: bool) -> list[bytes]:
    """Return GET /ok of the bare reference endpoint (scripts/bench_reference.py)."""
    return [build_request("GET", "/ok", port, keep_alive=keep_alive)]


# What a kiosk can send, and the status that counts as success.
TARGETS = {
    "tickets": (ticket_requests, 201),
    "services": (services_requests, 200),
    "bare": (bare_requests, 200),
}


def exchange(sock: socket.socket, request: bytes, buffer: bytearray) -> tuple[int, bytes]:
    """Send a request and read one response (Content-Length framing); return status, body.

    :raises ConnectionError: the server closed the connection before the whole response.
    """
    sock.sendall(request)
    while (end := buffer.find(b"\r\n\r\n")) < 0:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed before the response headers")
        buffer += chunk
    head = bytes(buffer[:end]).decode("latin-1")
    status = int(head[9:12])
    length = 0
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    total = end + 4 + length
    while len(buffer) < total:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed inside the response body")
        buffer += chunk
    body = bytes(buffer[end + 4 : total])
    del buffer[:total]
    return status, body


def _kiosk_loop(port, target, keep_alive, count, offset, start_at, stop_at, out):
    build, expected = TARGETS[target]
    requests = build(port, keep_alive)
    latencies, errors, first_error = [], 0, None
    buffer, sock = bytearray(), None
    if keep_alive:
        try:
            sock = connect(port)  # before the clock starts
        except OSError:
            sock = None  # counted as an error by the first request if it fails again
    time.sleep(max(0.0, start_at - time.monotonic()))
    for index in range(count):
        if time.monotonic() >= stop_at:
            break
        request = requests[(offset + index) % len(requests)]
        began = time.monotonic()
        try:
            if sock is None:
                sock = connect(port)
            status, body = exchange(sock, request, buffer)
            if not keep_alive:
                sock.close()
                sock = None
        except OSError as error:
            status, body = 0, str(error).encode()
            if sock is not None:
                sock.close()
            sock = None  # the next request reconnects, inside this try
            buffer.clear()
        elapsed = time.monotonic() - began
        if status == expected:
            latencies.append(elapsed)
        else:
            errors += 1
            first_error = first_error or f"{status} {body[:200]!r}"
    if sock is not None:
        sock.close()
    out.append(
        {
            "latencies": latencies,
            "errors": errors,
            "first_error": first_error,
            "ended": time.monotonic(),
        }
    )


def kiosk_process(
    port: int,
    target: str,
    keep_alive: bool,
    counts: list[int],
    offset: int,
    start_at: float,
    stop_at: float,
) -> dict:
    """Run one thread per kiosk in this process, each sending up to its count of requests.

    Every thread starts at start_at and sends no new request after stop_at (time.monotonic,
    the same clock in every process on Linux).
    """
    before = resource.getrusage(resource.RUSAGE_SELF)
    out: list[dict] = []
    threads = [
        threading.Thread(
            target=_kiosk_loop,
            args=(port, target, keep_alive, count, offset + i, start_at, stop_at, out),
        )
        for i, count in enumerate(counts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "pid": os.getpid(),
        "latencies": [value for part in out for value in part["latencies"]],
        "errors": sum(part["errors"] for part in out),
        "first_error": next((p["first_error"] for p in out if p["first_error"]), None),
        "ended": max((part["ended"] for part in out), default=start_at),
        "cpu_seconds": cpu,
    }


def split(total: int, parts: int) -> list[int]:
    """Split total into parts that differ by at most one."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def run_level(
    pool,
    processes: int,
    port: int,
    concurrency: int,
    keep_alive: bool,
    seconds: float,
    max_requests: int,
    target: str = "tickets",
    probe=None,
    timeout: float = 60.0,
) -> dict:
    """Load the server from `concurrency` kiosks spread over the pool's processes.

    Each kiosk is one connection (keep-alive) or a loop of fresh connections; it stops after
    `seconds` or its share of `max_requests`, whichever comes first, so every run is bounded.
    probe(), when given, is called at the common start and again when every kiosk is done.
    """
    procs = min(processes, concurrency)
    per_kiosk = split(max_requests, concurrency)
    kiosks_per_proc = split(concurrency, procs)
    start_at = time.monotonic() + 0.2 + 0.01 * concurrency
    stop_at = start_at + seconds
    jobs, first = [], 0
    for kiosks in kiosks_per_proc:
        counts = per_kiosk[first : first + kiosks]
        jobs.append(
            pool.apply_async(
                kiosk_process, (port, target, keep_alive, counts, first, start_at, stop_at)
            )
        )
        first += kiosks
    before = None
    if probe is not None:
        time.sleep(max(0.0, start_at - time.monotonic()))
        before = probe()
    results = [job.get(timeout=timeout + seconds) for job in jobs]
    after = probe() if probe is not None else None
    latencies = sorted(value for r in results for value in r["latencies"])
    ended = max(r["ended"] for r in results)
    return {
        "latencies": latencies,
        "ok": len(latencies),
        "errors": sum(r["errors"] for r in results),
        "first_error": next((r["first_error"] for r in results if r["first_error"]), None),
        "seconds": ended - start_at,
        "client_cpu_seconds": sum(r["cpu_seconds"] for r in results),
        "client_processes": len({r["pid"] for r in results}),
        "probe": (before, after),
    }

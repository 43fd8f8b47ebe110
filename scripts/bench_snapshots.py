"""What a board, a desk and the crowd view receive: the snapshot's size and the server's CPU.

A real python-socketio client (websocket transport) connects to the namespace, waits for the
snapshot the server sends on connect, and disconnects; this is repeated a few times, each time
once the server has been idle for a moment (its background work, such as the housekeeping
loop's crowd refresh every 30 s, would otherwise land in the figure), and the server's CPU is
read from /proc around each connect. The CPU per connect includes the Socket.IO handshake,
which does not depend on the queue: the comparison between a short and a long queue is what
counts. The figure is the mean of the samples without the highest fifth (a background burst).
"""

import json
import threading
import time

import bench_system

# kind -> (namespace, event, what it is)
KINDS = {
    "board": ("/display", "queue_state", "display board (`queue_state` on /display)"),
    "desk": ("/desk", "desk_state", "officer's desk at counter 1 (`desk_state` on /desk)"),
    "crowd": ("/crowd", "crowd_state", "crowd view of security (`crowd_state` on /crowd)"),
}


def size(payload) -> int:
    """Return the bytes of a payload as compact UTF-8 JSON."""
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())


def _receive(url: str, namespace: str, event: str, auth: dict | None) -> int:
    import socketio

    got, payload = threading.Event(), []
    client = socketio.Client(reconnection=False)

    def on_snapshot(data):
        payload.append(data)
        got.set()

    client.on(event, on_snapshot, namespace=namespace)
    try:
        client.connect(
            url, namespaces=[namespace], transports=["websocket"], auth=auth, wait_timeout=10
        )
        if not got.wait(timeout=15):
            raise RuntimeError(f"no {event} on {namespace} within 15 s")
    finally:
        client.disconnect()
    return size(payload[0])


def measure(server, officer_token: str, guard_token: str, samples: int) -> dict:
    """Return, per kind, the snapshot's size in bytes and the server CPU ms per connect."""
    auths = {
        "board": None,
        "desk": {"token": officer_token, "counter": 1},
        "crowd": {"token": guard_token},
    }
    tree = bench_system.server_tree(server.process.pid)
    found = {}
    for kind, (namespace, event, _what) in KINDS.items():
        _receive(server.url, namespace, event, auths[kind])  # warm the path once
        sizes, costs = [], []
        for _ in range(samples):
            wait_idle(tree)
            before = bench_system.cpu_seconds(tree)
            sizes.append(_receive(server.url, namespace, event, auths[kind]))
            costs.append(bench_system.cpu_seconds(tree) - before)
        kept = sorted(costs)[: max(1, len(costs) - len(costs) // 5)]
        found[kind] = {"bytes": max(sizes), "cpu_ms": 1000 * sum(kept) / len(kept)}
    return found


def wait_idle(tree: list[int], window: float = 0.3, timeout: float = 10.0) -> None:
    """Wait until the server used no more than one clock tick of CPU over `window` seconds."""
    deadline = time.monotonic() + timeout
    tick = 1 / bench_system.TICKS
    while time.monotonic() < deadline:
        before = bench_system.cpu_seconds(tree)
        time.sleep(window)
        if bench_system.cpu_seconds(tree) - before <= tick:
            return

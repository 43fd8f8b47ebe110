"""Display boards for the benchmark on the /display namespace, of two kinds.

"protocol" (the default): ProtocolBoard, a hand-written websocket client (RFC 6455) speaking
Engine.IO v4 / Socket.IO v5 text packets, many boards per process served by one selectors loop
on one thread, so the load generator costs little CPU. "socketio": real python-socketio clients
(threading mode), each with its own threads, what a Python board would run.

The boards are spread over a few processes; every process stamps `ticket_called` with
time.monotonic(), the same clock in every process on Linux, so the parent can subtract the
moment it sent the officer's request.
"""

import base64
import hashlib
import json
import multiprocessing
import os
import queue
import random
import resource
import selectors
import socket
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


# --- protocol-level boards ------------------------------------------------------------------
# A board is a websocket (RFC 6455, written out here) carrying Engine.IO v4 / Socket.IO v5 text
# packets; one selectors loop in one thread serves every board of its process, so the client
# processes spend their CPU on the bytes, not on threads waking each other under the GIL.

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONTINUATION, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10
CONNECT_TIMEOUT = 20.0  # seconds for every board of a process to connect and get its snapshot
EVENT_PREFIX = "42" + NAMESPACE + ","
CALL_PREFIX = '["ticket_called"'
STATE_PREFIX = '["queue_state"'


class ProtocolError(Exception):
    """The server broke the websocket, Engine.IO or Socket.IO protocol (or closed)."""


def mask_frame(opcode: int, payload: bytes, mask: bytes | None = None) -> bytes:
    """Return one final client frame: FIN set, payload masked with a random 4-byte key."""
    mask = mask or os.urandom(4)
    size = len(payload)
    if size < 126:
        head = bytes((0x80 | opcode, 0x80 | size))
    elif size < 1 << 16:
        head = bytes((0x80 | opcode, 0x80 | 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0x80 | 127)) + size.to_bytes(8, "big")
    if size:
        key = int.from_bytes((mask * (size // 4 + 1))[:size], "big")
        payload = (int.from_bytes(payload, "big") ^ key).to_bytes(size, "big")
    return head + mask + payload


def parse_frames(buffer: bytearray) -> list[tuple[bool, int, bytes]]:
    """Take the complete server frames off the front of `buffer`: (fin, opcode, payload).

    Server frames must not be masked and, with no extension negotiated, carry no RSV bit.
    """
    frames, pos, end = [], 0, len(buffer)
    while end - pos >= 2:
        first, second = buffer[pos], buffer[pos + 1]
        if first & 0x70:
            raise ProtocolError("RSV bit set without an extension")
        if second & 0x80:
            raise ProtocolError("masked frame from the server")
        size, start = second & 0x7F, pos + 2
        if size == 126:
            if end - pos < 4:
                break
            size, start = int.from_bytes(buffer[pos + 2 : pos + 4], "big"), pos + 4
        elif size == 127:
            if end - pos < 10:
                break
            size, start = int.from_bytes(buffer[pos + 2 : pos + 10], "big"), pos + 10
        if end - start < size:
            break
        frames.append((bool(first & 0x80), first & 0x0F, bytes(buffer[start : start + size])))
        pos = start + size
    del buffer[:pos]
    return frames


def accept_key(key: str) -> str:
    """Return the Sec-WebSocket-Accept a server must answer to Sec-WebSocket-Key `key`."""
    return base64.b64encode(hashlib.sha1(key.encode("ascii") + WS_GUID).digest()).decode()


class ProtocolBoard:
    """One display board: a non-blocking socket driven by the process's selector loop."""

    def __init__(self, port: int):
        self.calls: dict[str, float] = {}
        self.connected = self.snapshot = self.closed = self.close_sent = False
        self.error: str | None = None
        self.upgraded = False
        self.inbox, self.outbox = bytearray(), bytearray()
        self.fragments: list[bytes] = []
        self.fragment_opcode = None
        self.key = base64.b64encode(os.urandom(16)).decode()
        self.sock = socket.create_connection((bench_http.HOST, port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(
            (
                f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                f"Host: {bench_http.HOST}:{port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {self.key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode("latin-1")
        )
        self.sock.setblocking(False)

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, opcode: int, payload: bytes) -> None:
        """Queue one masked frame and send what the socket takes now."""
        self.outbox += mask_frame(opcode, payload)
        self.flush()

    def flush(self) -> None:
        while self.outbox:
            try:
                sent = self.sock.send(self.outbox)
            except BlockingIOError:
                return  # the loop waits for EVENT_WRITE
            del self.outbox[:sent]

    def readable(self) -> None:
        """Read what arrived and handle every complete frame."""
        try:
            chunk = self.sock.recv(65536)
        except BlockingIOError:
            return
        if not chunk:
            self.closed = True
            if not self.close_sent:
                raise ProtocolError("connection closed by the server")
            return
        self.inbox += chunk
        if not self.upgraded:
            end = self.inbox.find(b"\r\n\r\n")
            if end < 0:
                return
            self._check_upgrade(bytes(self.inbox[:end]).decode("latin-1"))
            del self.inbox[: end + 4]
            self.upgraded = True
        for fin, opcode, payload in parse_frames(self.inbox):
            self._frame(fin, opcode, payload)

    def _check_upgrade(self, head: str) -> None:
        lines = head.split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            raise ProtocolError(f"upgrade answered {lines[0]!r}")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("sec-websocket-accept") != accept_key(self.key):
            raise ProtocolError("wrong Sec-WebSocket-Accept")
        if headers.get("sec-websocket-extensions"):
            raise ProtocolError("extension not offered: " + headers["sec-websocket-extensions"])

    def _frame(self, fin: bool, opcode: int, payload: bytes) -> None:
        if opcode == OP_PING:
            self.send(OP_PONG, payload)
        elif opcode == OP_PONG:
            pass
        elif opcode == OP_CLOSE:
            if not self.close_sent:  # the server closes first: answer, as RFC 6455 asks
                self.error = f"closed by the server ({int.from_bytes(payload[:2], 'big')})"
                self.send(OP_CLOSE, payload[:2])
                self.close_sent = True
            self.closed = True
        elif opcode == OP_CONTINUATION:
            if self.fragment_opcode is None:
                raise ProtocolError("continuation frame without a first fragment")
            self.fragments.append(payload)
            if fin:
                message, opcode = b"".join(self.fragments), self.fragment_opcode
                self.fragments, self.fragment_opcode = [], None
                if opcode == OP_TEXT:
                    self._packet(message.decode("utf-8"))
        elif opcode in (OP_TEXT, OP_BINARY):
            if self.fragment_opcode is not None:
                raise ProtocolError("new message inside a fragmented one")
            if not fin:
                self.fragment_opcode, self.fragments = opcode, [payload]
            elif opcode == OP_TEXT:
                self._packet(payload.decode("utf-8"))
        else:
            raise ProtocolError(f"unknown opcode {opcode}")

    def _packet(self, packet: str) -> None:
        """Handle one Engine.IO packet (and the Socket.IO packet inside a message)."""
        if packet.startswith(EVENT_PREFIX):
            rest = packet[len(EVENT_PREFIX) :].lstrip("0123456789")  # an ack id, if any
            if rest.startswith(CALL_PREFIX):
                _name, data = json.loads(rest)[:2]
                self.calls.setdefault(data["number"], time.monotonic())
            elif rest.startswith(STATE_PREFIX):
                self.snapshot = True
        elif packet == "2":
            self.send(OP_TEXT, b"3")
        elif packet.startswith("0"):
            self.send(OP_TEXT, f"40{NAMESPACE},".encode())
        elif packet.startswith("40" + NAMESPACE + ","):
            self.connected = True
        elif packet.startswith("44" + NAMESPACE + ","):
            raise ProtocolError(f"namespace refused: {packet[len(NAMESPACE) + 3 :][:200]}")
        elif packet.startswith(("1", "41" + NAMESPACE + ",")):
            raise ProtocolError(f"disconnected by the server: {packet[:50]!r}")
        # "6" (noop) and packets of other namespaces need nothing

    def start_close(self) -> None:
        """Send a close frame (1000, normal closure); the loop then waits for the server's."""
        if not self.closed and not self.close_sent:
            self.close_sent = True
            try:
                self.send(OP_CLOSE, (1000).to_bytes(2, "big"))
            except OSError:
                self.closed = True


def _serve(selector, boards, until) -> None:
    """Run the selector loop until `until()` is true; a failing board is closed and noted."""
    while not until():
        for key, events in selector.select(timeout=0.05):
            board = key.data
            try:
                if events & selectors.EVENT_READ:
                    board.readable()
                if events & selectors.EVENT_WRITE or board.outbox:
                    board.flush()
            except (OSError, ProtocolError, ValueError, KeyError) as error:
                if board.error is None and not board.close_sent:
                    board.error = f"{type(error).__name__}: {error}"
                board.closed = True
            if board.closed:
                selector.unregister(board.sock)
                board.sock.close()
                boards.discard(board)
            else:
                wanted = selectors.EVENT_READ | (selectors.EVENT_WRITE if board.outbox else 0)
                if key.events != wanted:
                    selector.modify(board.sock, wanted, board)


def _protocol_process(url: str, count: int, ready, stop, results) -> None:
    """`_display_process` with protocol-level boards: same ready and results reports."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    selector = selectors.DefaultSelector()
    boards, errors = [], []
    for _ in range(count):
        try:
            board = ProtocolBoard(port)
        except OSError as error:
            errors.append(f"{type(error).__name__}: {error}")
            continue
        boards.append(board)
        selector.register(board.sock, selectors.EVENT_READ, board)
    live = set(boards)
    deadline = time.monotonic() + CONNECT_TIMEOUT
    _serve(
        selector,
        live,
        lambda: time.monotonic() > deadline or all(b.connected and b.snapshot for b in live),
    )
    connected = [b for b in boards if b.connected]
    errors += [b.error for b in boards if b.error]
    errors += ["no namespace connect in time" for b in boards if not b.connected and not b.error]
    ready.put(
        {
            "pid": os.getpid(),
            "connected": len(connected),
            "snapshots": sum(b.snapshot for b in connected),
            "errors": errors,
        }
    )
    give_up = time.monotonic() + 180
    checked = [0.0]

    def stopped() -> bool:  # the Event is a lock and a semaphore: look at most every 50 ms
        now = time.monotonic()
        if now - checked[0] < 0.05:
            return False
        checked[0] = now
        return now > give_up or stop.is_set()

    _serve(selector, live, stopped)
    after = resource.getrusage(resource.RUSAGE_SELF)
    results.put(
        {
            "pid": os.getpid(),
            "received": [b.calls for b in connected],
            "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        }
    )
    for board in list(live):
        board.start_close()
    closing = time.monotonic() + 5
    _serve(selector, live, lambda: not live or time.monotonic() > closing)
    for board in live:
        selector.unregister(board.sock)
        board.sock.close()
    selector.close()


class DisplayFleet:
    """Start and stop display boards in child processes."""

    KINDS = {"protocol": _protocol_process, "socketio": _display_process}

    def __init__(self, url: str, boards: int, processes: int, kind: str = "protocol"):
        """`kind` "protocol": ProtocolBoard, many per process on one thread; "socketio":
        python-socketio clients (threading mode), each with its own threads."""
        context = multiprocessing.get_context("fork")
        self.kind = kind
        self.ready, self.results = context.Queue(), context.Queue()
        self.stop_event = context.Event()
        self.processes = [
            context.Process(
                target=self.KINDS[kind],
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

"""The clients of tests/test_workers.py: kiosks, officers and display boards that remember
when each request left and was answered, which worker answered, and what a kill cut off."""

import http.client
import json
import threading
import time
import uuid
from dataclasses import dataclass, field

import socketio

from tests.live import LiveServer

SERVICES = "ABCD"
WAITING_BEFORE = 900  # issued before the officers start
ISSUED_DURING = 100  # issued by kiosks while the officers call, across the kill
KILL_AFTER_CALLS = 350
BOARDS = 4


@dataclass
class Issued:
    id: int
    number: str
    service: str
    sent: float  # the first attempt's request left
    answered: float  # the 201 arrived


@dataclass
class Call:
    counter: int
    officer: int
    started: float  # the first attempt left
    ended: float  # the answer arrived
    status: int
    pid: int | None  # the worker that answered
    ticket: dict | None = None
    attempts: int = 1


@dataclass
class Run:
    """What the clients saw, shared between their threads."""

    calls: list = field(default_factory=list)
    cut_off: list = field(default_factory=list)  # (start, end) of attempts the kill cut off
    issued: dict = field(default_factory=dict)
    progress: threading.Condition = field(default_factory=threading.Condition)
    kiosks_done: threading.Event = field(default_factory=threading.Event)
    failures: list = field(default_factory=list)

    def add_call(self, call: Call) -> None:
        with self.progress:
            self.calls.append(call)
            self.progress.notify_all()

    def answered_calls(self) -> int:
        with self.progress:
            return sum(1 for call in self.calls if call.ticket)


class Connection:
    """One keep-alive HTTP connection, and the worker process holding its server end."""

    def __init__(self, server: LiveServer):
        self.server = server
        self.http = None
        self.pid = None

    def send(self, method: str, path: str, headers: dict, body: dict | None = None):
        """Return (status, headers, JSON or None, pid); a cut connection raises and is dropped."""
        if self.http is None:
            self.http = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
            self.pid = None
        payload = json.dumps(body or {}).encode()
        try:
            self.http.request(method, path, body=payload,
                              headers={"Content-Type": "application/json", **headers})
            response = self.http.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if self.pid is None:
            self.pid = self.server.serving_pid(self.http.sock.getsockname()[1])
        pid = self.pid
        if response.will_close:
            self.close()
        return response.status, response.headers, json.loads(data) if data else None, pid

    def close(self) -> None:
        if self.http is not None:
            self.http.close()
        self.http = None


def retried(run: Run, send):
    """Send until an answer comes back, recording the attempts a dead worker cut off."""
    for _ in range(30):
        attempt = time.monotonic()
        try:
            return send()
        except (OSError, http.client.HTTPException):
            run.cut_off.append((attempt, time.monotonic()))
    raise AssertionError("no answer after 30 attempts")


class Officer(threading.Thread):
    """Call next at one counter until nobody it serves is waiting and the kiosks are done."""

    def __init__(self, server, run, number, counter, token):
        super().__init__(daemon=True)
        self.server, self.run_, self.number, self.counter = server, run, number, counter
        self.headers = {"Authorization": f"Bearer {token}"}
        self.connection = Connection(server)

    def open_on(self, wanted_pid: int) -> bool:
        """Open connections until one reaches the wanted worker; tell whether one did."""
        for _ in range(60):
            status, _, _, pid = self.connection.send("GET", f"/api/v1/desk?counter={self.counter}",
                                                     self.headers)
            assert status == 200
            if pid == wanted_pid:
                return True
            self.connection.close()
        return False

    def call_next(self) -> Call:
        key = str(uuid.uuid4())
        started = time.monotonic()
        attempts = []

        def send():
            attempts.append(1)
            return self.connection.send(
                "POST", f"/api/v1/counters/{self.counter}/call-next",
                {**self.headers, "Idempotency-Key": key})

        status, _, body, pid = retried(self.run_, send)
        return Call(self.counter, self.number, started, time.monotonic(), status, pid,
                    body["ticket"] if status == 200 else None, len(attempts))

    def run(self):
        try:
            while True:
                call = self.call_next()
                if call.status not in (200, 204):
                    self.run_.failures.append(f"call-next answered {call.status}")
                    return
                if call.status == 204:
                    if self.run_.kiosks_done.is_set():
                        return
                    # Wait for a kiosk's next ticket (or the kiosks' end) before asking again.
                    self.run_.kiosks_done.wait(0.05)
                    continue
                self.run_.add_call(call)
        except Exception as error:  # reported by the test, not lost in a thread
            self.run_.failures.append(repr(error))
        finally:
            self.connection.close()


def issue(server, run, service, connection, lock) -> Issued:
    """Issue one ticket with an Idempotency-Key, retrying a cut-off request with the same key."""
    key = str(uuid.uuid4())
    sent = time.monotonic()
    status, _, body, _ = retried(run, lambda: connection.send(
        "POST", "/api/v1/tickets", {"Idempotency-Key": key}, {"service": service}))
    assert status == 201, body
    ticket = Issued(body["ticket"]["id"], body["ticket"]["number"], service, sent,
                    time.monotonic())
    with lock:
        run.issued[ticket.id] = ticket
    return ticket


def kiosks_before(server, run):
    """Four kiosks issue the tickets waiting before the officers start."""
    lock = threading.Lock()

    def kiosk(offset):
        connection = Connection(server)
        for index in range(offset, WAITING_BEFORE, 4):
            issue(server, run, SERVICES[index % 4], connection, lock)
        connection.close()

    threads = [threading.Thread(target=kiosk, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def kiosks_during(server, run):
    """Two kiosks issue a ticket every few calls, so their tickets span the kill."""
    lock = threading.Lock()
    pace = (KILL_AFTER_CALLS * 2) // ISSUED_DURING

    def kiosk(offset):
        connection = Connection(server)
        try:
            for index in range(offset, ISSUED_DURING, 2):
                with run.progress:
                    run.progress.wait_for(lambda i=index: len(run.calls) >= i * pace, timeout=60)
                issue(server, run, SERVICES[index % 4], connection, lock)
        except Exception as error:
            run.failures.append(f"kiosk: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=kiosk, args=(offset,), daemon=True) for offset in (0, 1)]
    for thread in threads:
        thread.start()
    return threads


class Board:
    """A display board: a Socket.IO client on /display over a websocket, reconnecting."""

    def __init__(self, server):
        self.server = server
        self.calls = []  # (time heard, number, counter id)
        self.connects = []
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.1,
                                      reconnection_delay_max=0.5)
        self.client.on("connect", lambda: self.connects.append(time.monotonic()),
                       namespace="/display")
        self.client.on("ticket_called", self.heard, namespace="/display")

    def heard(self, payload):
        self.calls.append((time.monotonic(), payload["number"], payload["counter"]["id"]))

    def connect(self):
        self.client.connect(self.server.url, namespaces=["/display"], transports=["websocket"],
                            wait_timeout=10)

    def pid(self) -> int | None:
        return self.server.serving_pid(self.client.eio.ws.sock.getsockname()[1])


def boards_on_both(server, workers) -> list[Board]:
    """Connect BOARDS boards, reconnecting until both workers hold half of them."""
    boards = []
    for index in range(BOARDS):
        wanted = workers[index % 2]
        board = Board(server)
        for _ in range(60):
            board.connect()
            if board.pid() == wanted:
                break
            board.client.disconnect()
        else:
            raise AssertionError(f"no board connection reached worker {wanted}")
        boards.append(board)
    return boards

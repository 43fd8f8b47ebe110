"""A real server process (gunicorn, as `make run` serves) on a free loopback port."""

import atexit
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from playhouse.db_url import connect
from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "app"]
# Servers started by tests hash passwords cheaply (tests/reception/test_passwords.py proves the
# production default is scrypt); an extra_env may still set RECEPTION_PASSWORD_HASH_METHOD.
CHEAP_HASH = "pbkdf2:sha256:1"
PASSWORD = "mat-khau-an-toan"
# How long a flask command or a server's start may take. Generous on purpose: on a machine shared
# with other test runs (load 15 on 2 cores) `flask init-db --seed` took 77 s for 4 s of CPU; a
# command that hangs or a server that never answers still fails, only later.
STARTUP_SECONDS = 180


# Under pytest-xdist each worker (PYTEST_XDIST_WORKER gw0, gw1 ...) takes its servers' ports
# from a range of its own below the kernel's ephemeral range (32768-60999): no other worker, and
# no outgoing connection, can be handed a port between our check and the server's bind.
WORKER_PORTS = 500
_next_port = itertools.count()


def free_port() -> int:
    """Return a loopback port nothing listens on (one of this xdist worker's, if any)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    first = 20000 + WORKER_PORTS * int(worker[2:])
    for _ in range(WORKER_PORTS):
        port = first + next(_next_port) % WORKER_PORTS
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:  # taken by something else on the machine: the next one
                continue
        return port
    raise AssertionError(f"no free port in {first}-{first + WORKER_PORTS - 1}")


def wait_for(condition, timeout=10.0, interval=0.05, message="condition"):
    """Poll condition() until it returns a truthy value or the timeout passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


def _gone(pid: str) -> bool:
    """Tell whether a process has ended (a zombie not yet reaped by init counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, ProcessLookupError):
        return True


_seeded_lock = threading.Lock()
_seeded: dict[str, Path] = {}


def _seeded_database(env: dict) -> Path:
    """Return a SQLite file that `flask init-db --seed` made once for this test session.

    Every server on its own SQLite file starts from a copy: the same tables and demo data as
    running the command again, without a Python process per server.
    """
    with _seeded_lock:
        if "path" not in _seeded:
            folder = Path(tempfile.mkdtemp(prefix="reception-seed-"))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "seeded.db"
            run_flask(["init-db", "--seed"], {**env, "RECEPTION_DATABASE_URL": f"sqlite:///{path}"})
            _seeded["path"] = path
        return _seeded["path"]


def run_flask(args: list[str], env: dict, stdin: str | None = None) -> str:
    """Run a flask CLI command in its own process and return its output."""
    result = subprocess.run(FLASK + list(args), cwd=ROOT, env=env, input=stdin, text=True,
                            capture_output=True, timeout=STARTUP_SECONDS)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def interrupt(process: subprocess.Popen | None) -> None:
    """Stop a gunicorn server process: SIGINT (its quick shutdown; SIGTERM would wait for open
    websockets), then SIGKILL if it has not ended within 10 s."""
    if process and process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class LiveServer:
    """Start, stop and restart `flask serve` on its own database."""

    def __init__(self, workdir: Path, extra_env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        own_file = workdir / "live.db"
        self.env = {
            **os.environ,
            "RECEPTION_DATABASE_URL": f"sqlite:///{own_file}",
            "RECEPTION_SECRET_KEY": "live-test-secret",
            "RECEPTION_CLOSING_TIME": "",
            "RECEPTION_PASSWORD_HASH_METHOD": CHEAP_HASH,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "THREADS": "200",
            **(extra_env or {}),
        }
        self.log = open(workdir / "server.log", "ab")
        self.process = None
        if self.env["RECEPTION_DATABASE_URL"] == f"sqlite:///{own_file}":
            shutil.copyfile(_seeded_database(self.env), own_file)
        else:
            self.flask("init-db", "--seed")

    def flask(self, *args, stdin: str | None = None) -> str:
        """Run a flask CLI command against this server's database and return its output."""
        return run_flask(list(args), self.env, stdin)

    def start(self) -> "LiveServer":
        self.process = subprocess.Popen(
            FLASK + ["serve"], cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
        )
        try:
            wait_for(self._answers, timeout=STARTUP_SECONDS, message=f"server on {self.url}")
        except BaseException:
            # A server that never answered is no test's to stop: end it here, not leave it
            # (and its worker) running, and slowing every later test, until the session ends.
            self.discard()
            raise
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"server exited with {self.process.returncode}")
        try:
            return requests.get(self.url + "/api/v1/services", timeout=1).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            # Not listening yet, or still starting on a busy machine: ask again.
            return False

    def stop(self) -> None:
        interrupt(self.process)

    def discard(self) -> None:
        """End the server at a test's end with SIGKILL, as kill() does: its database is thrown
        away, so a clean stop (the worker's and the master's own teardown, a second or more)
        would prove nothing. Tests that restart a server or read its log after use stop()."""
        if self.process is not None and self.process.poll() is None:
            self.kill()

    def kill(self) -> None:
        """SIGKILL the server and its worker at once, as a power cut or the OOM killer would."""
        pid = self.process.pid
        children = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            children += (task / "children").read_text().split()
        for child in children:
            os.kill(int(child), signal.SIGKILL)
        self.process.kill()
        self.process.wait()
        for child in children:
            wait_for(lambda pid=child: _gone(pid), timeout=10, message=f"worker {child} gone")

    def create_user(self, username: str, role: str, password: str = PASSWORD,
                    full_name: str | None = None) -> str:
        """Store a staff account in this server's database from the test process.

        The row is what `flask users create` stores (the server reads it on sign-in), written
        without starting a Python process per account; tests/test_live_server.py still creates
        its officer through the real command (create_user_with_cli).
        """
        from reception import clock
        from reception.models import User

        database = connect(self.env["RECEPTION_DATABASE_URL"])
        with database.bind_ctx([User]), database.connection_context(), database.atomic():
            User.create(
                username=username, full_name=full_name or f"Cán bộ {username}", role=role,
                password_hash=generate_password_hash(
                    password, method=self.env["RECEPTION_PASSWORD_HASH_METHOD"]),
                created_at=clock.stored_now(),
            )
        return password

    def create_user_with_cli(self, username: str, role: str, password: str = PASSWORD,
                             full_name: str | None = None) -> str:
        """Create a staff account with `flask users create`, password on stdin, as admins do."""
        self.flask("users", "create", username, "--role", role,
                   "--full-name", full_name or f"Cán bộ {username}", stdin=password + "\n")
        return password

    def token(self, username: str, password: str = PASSWORD) -> str:
        response = requests.post(self.url + "/api/v1/auth/token",
                                 json={"username": username, "password": password}, timeout=5)
        response.raise_for_status()
        return response.json()["token"]

    def worker_pids(self) -> list[int]:
        """Return the pids of the live gunicorn workers (children of the `flask serve` process)."""
        children = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            children += (task / "children").read_text().split()
        return sorted(int(child) for child in children if not _gone(child))

    def serving_pid(self, client_port: int) -> int | None:
        """Return the pid of the worker holding the server end of a client's TCP connection."""
        return self.socket_owner(self.port, client_port)

    def connections_by_worker(self) -> dict[int, int]:
        """Return how many established client connections each worker holds (none: left out)."""
        local = f"0100007F:{self.port:04X}"
        inodes = {f"socket:[{fields[9]}]" for fields in
                  (line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:])
                  if fields[1] == local and fields[3] == "01"}
        held = {}
        for pid in self.worker_pids():
            count = 0
            try:
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    try:
                        count += os.readlink(fd) in inodes
                    except FileNotFoundError:  # closed while we looked
                        continue
            except FileNotFoundError:  # the worker ended while we looked
                continue
            if count:
                held[pid] = count
        return held

    def socket_owner(self, local_port: int, remote_port: int) -> int | None:
        """Return the pid of the worker holding the loopback TCP socket local_port → remote_port.

        Read from outside, as `ss -p` does: the socket's inode in /proc/net/tcp, then the
        worker whose open files include that socket. None when no worker holds it.
        """
        inode = _socket_inode(local_port, remote_port)
        if inode is None:
            return None
        target = f"socket:[{inode}]"
        for pid in self.worker_pids():
            try:
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    try:
                        if os.readlink(fd) == target:
                            return pid
                    except FileNotFoundError:  # closed while we looked
                        continue
            except FileNotFoundError:  # the worker ended while we looked
                continue
        return None


def _socket_inode(local_port: int, remote_port: int) -> str | None:
    """Return the inode of the established loopback socket local_port → remote_port."""
    local = f"0100007F:{local_port:04X}"
    remote = f"0100007F:{remote_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2] == remote and fields[3] == "01":
            return fields[9]
    return None

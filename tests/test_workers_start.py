"""Issue 12: `flask serve` with several worker processes refuses, before binding its port, a
set-up whose processes could not share their state; and the housekeeping (expiring tickets)
is done by one process at a time, passing to another when that process dies."""

import http.client
import os
import signal
import socket
import subprocess
import uuid

import psycopg

from tests.live import FLASK, ROOT, LiveServer, free_port, wait_for

HOUSEKEEPING_LOCK = 0x544344_01  # reception.server.HOUSEKEEPING_LOCK, as PostgreSQL shows it


def serve(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(FLASK + ["serve", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=60)


def never_listened(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_several_workers_on_sqlite_are_refused_before_binding(tmp_path):
    port = free_port()
    env = {**os.environ, "RECEPTION_DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}",
           "RECEPTION_SECRET_KEY": "live-test-secret", "HOST": "127.0.0.1", "PORT": str(port),
           "RECEPTION_WORKERS": "2"}
    refused = serve(env)
    assert refused.returncode == 78  # EX_CONFIG: systemd does not restart it
    assert "Không thể chạy 2 tiến trình với cơ sở dữ liệu SQLite" in refused.stderr
    assert "nhiều tiến trình cần PostgreSQL" in refused.stderr
    assert "Cannot run 2 worker processes on SQLite" in refused.stderr
    # Refused before serving: no "serving at" line, nothing ever listened on the port.
    assert "Đang phục vụ" not in refused.stdout
    assert never_listened(port)

    # The command-line option is checked the same way, and so is a value that is no number.
    assert "Không thể chạy 3 tiến trình" in serve(env, "--workers", "3").stderr
    nonsense = serve({**env, "RECEPTION_WORKERS": "hai"})
    assert nonsense.returncode == 78
    assert "phải là số nguyên từ 1 đến 64" in nonsense.stderr


def test_several_workers_without_a_message_queue_are_refused(tmp_path, postgres_database):
    server = LiveServer(tmp_path, {"RECEPTION_DATABASE_URL": postgres_database,
                                   "RECEPTION_WORKERS": "2"})
    server.env.pop("RECEPTION_SOCKETIO_MESSAGE_QUEUE", None)
    refused = serve(server.env)
    assert refused.returncode == 78
    assert "chưa có hàng đợi tin nhắn Redis" in refused.stderr
    assert "without a Redis message queue" in refused.stderr
    assert never_listened(server.port)


def lease_holder(database_url: str, server: LiveServer) -> int | None:
    """Return the worker whose PostgreSQL session holds the housekeeping lock, if any."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %s "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (HOUSEKEEPING_LOCK,)).fetchone()
    return server.socket_owner(row[0], 5432) if row else None


LEFT_OVER = 2000
# Tickets left waiting on a past day, as a day cut short by a power cut leaves them: written
# straight into the database, so that expiring them takes long enough for two workers' rounds
# to overlap if both did them.
LEFT_OVER_SQL = """
INSERT INTO ticket (day, sequence, number, service_id, party_size, is_group, priority_rank,
                    status, issued_at, queued_at, recalls, public_token, print_status)
SELECT current_date - 2, n, lpad(n::text, 4, '0'), 1 + n %% 4, 1, false, 0, 'waiting',
       now() - interval '2 days', now() - interval '2 days', 0, md5('left-over' || n), 'none'
FROM generate_series(1, %s) AS n
"""


def answering_workers(server: LiveServer) -> set[int]:
    """Return the workers that answered a few new connections."""
    pids = set()
    for _ in range(10):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/api/v1/services")
        assert connection.getresponse().read()
        pids.add(server.serving_pid(connection.sock.getsockname()[1]))
        connection.close()
    return pids


def test_one_worker_at_a_time_expires_the_tickets(tmp_path, postgres_database, redis_url):
    tag = uuid.uuid4().hex[:8]
    server = LiveServer(tmp_path, {
        "RECEPTION_DATABASE_URL": postgres_database,
        "RECEPTION_SOCKETIO_MESSAGE_QUEUE": redis_url,
        "RECEPTION_SOCKETIO_CHANNEL": f"reception-test-{tag}",
        "RECEPTION_RATELIMIT_KEY_PREFIX": f"reception-test-{tag}",
        "RECEPTION_WORKERS": "2",
        # Both workers would start a round every 0.1 s.
        "RECEPTION_HOUSEKEEPING_SECONDS": "0.1",
        "THREADS": "16",
    })
    database = psycopg.connect(postgres_database, autocommit=True)
    try:
        server.start()
        wait_for(lambda: len(server.worker_pids()) == 2, timeout=20, message="two workers")
        # A worker starts its housekeeping before it answers: once both have answered, both
        # would find the left-over tickets within the same 0.1 s.
        wait_for(lambda: answering_workers(server) == set(server.worker_pids()), timeout=20,
                 message="both workers answering")
        database.execute(LEFT_OVER_SQL, (LEFT_OVER,))
        expired_at = wait_for(lambda: database.execute(
            "SELECT CASE WHEN count(*) = 0 THEN now() END FROM ticket WHERE status = 'waiting'"
        ).fetchone()[0], timeout=60, message="every left-over ticket expired")
        # A second round that overlapped the first would still be writing its duplicates:
        # wait until every transaction open at that moment has ended.
        wait_for(lambda: database.execute(
            "SELECT count(*) = 0 FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start < %s", (expired_at,)).fetchone()[0],
            timeout=60, message="the transactions open when the last ticket expired")
        expiries = database.execute(
            "SELECT ticket_id, count(*) FROM ticket_event WHERE kind = 'expired' "
            "GROUP BY ticket_id").fetchall()
        assert len(expiries) == LEFT_OVER
        assert {count for _, count in expiries} == {1}, "a ticket was expired twice"

        # The lease sits with one worker; killed, it passes to a live one.
        holder = wait_for(lambda: lease_holder(postgres_database, server), timeout=10,
                          message="a worker holding the housekeeping lease")
        os.kill(holder, signal.SIGKILL)
        successor = wait_for(lambda: lease_holder(postgres_database, server), timeout=20,
                             message="another worker taking the lease over")
        assert successor != holder and successor in server.worker_pids()
    finally:
        database.close()
        server.stop()
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert "housekeeping failed" not in log and "Traceback" not in log, log[-3000:]

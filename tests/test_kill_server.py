"""Issue 10: SIGKILL the server in the middle of a burst of kiosks, restart it, and nothing
answered is lost: every ticket answered 201 exists with its number, retries of its request give
it back, numbering continues without a gap or a duplicate, and the boards resync by themselves."""

import threading
import uuid

import requests
import socketio

from tests.live import wait_for

KIOSKS = 30
TICKETS_PER_KIOSK = 20
ANSWERED_BEFORE_KILL = 80


def kiosk(url, answered, unanswered, lock):
    """One kiosk: issue tickets one after another until the server goes away."""
    session = requests.Session()
    for _ in range(TICKETS_PER_KIOSK):
        key = str(uuid.uuid4())
        try:
            response = session.post(url + "/api/v1/tickets", json={"service": "A"},
                                    headers={"Idempotency-Key": key}, timeout=10)
        except requests.RequestException:
            with lock:
                unanswered.append(key)
            return
        if response.status_code != 201:
            with lock:
                unanswered.append(key)
            return
        with lock:
            answered[key] = response.json()["ticket"]


def test_a_killed_server_loses_no_answered_ticket(live_server):
    live_server.create_user("quantri", "admin")
    token = live_server.token("quantri")
    staff = {"Authorization": f"Bearer {token}"}
    snapshots = []
    board = socketio.Client(reconnection=True, reconnection_delay=0.1,
                            reconnection_delay_max=0.5)
    board.on("queue_state", snapshots.append, namespace="/display")
    board.connect(live_server.url, namespaces=["/display"], transports=["websocket"])
    try:
        answered, unanswered, lock = {}, [], threading.Lock()
        kiosks = [threading.Thread(target=kiosk, args=(live_server.url, answered, unanswered,
                                                       lock)) for _ in range(KIOSKS)]
        for thread in kiosks:
            thread.start()
        wait_for(lambda: len(answered) >= ANSWERED_BEFORE_KILL, timeout=60,
                 message=f"{ANSWERED_BEFORE_KILL} answered tickets")
        live_server.kill()
        for thread in kiosks:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in kiosks)
        assert unanswered, "the kill came after the burst: nothing was cut off"

        snapshots.clear()
        live_server.start()
        session = requests.Session()
        # Every answered ticket exists, with the number it was given.
        for ticket in answered.values():
            stored = session.get(f"{live_server.url}/api/v1/tickets/{ticket['id']}",
                                 headers=staff, timeout=5)
            assert stored.status_code == 200
            assert stored.json()["ticket"]["number"] == ticket["number"]
        # A kiosk retrying an answered request gets the same ticket, not a second one.
        key, first = next(iter(answered.items()))
        again = session.post(live_server.url + "/api/v1/tickets", json={"service": "A"},
                             headers={"Idempotency-Key": key}, timeout=5)
        assert again.status_code == 201 and again.json()["ticket"]["id"] == first["id"]
        assert again.headers["Idempotent-Replayed"] == "true"
        # The requests cut off are retried: each ends with exactly one ticket.
        for key in unanswered:
            retried = session.post(live_server.url + "/api/v1/tickets", json={"service": "A"},
                                   headers={"Idempotency-Key": key}, timeout=5)
            assert retried.status_code == 201

        # The desk lists only the next few tickets (issue 12): read every ticket of the day.
        summary = session.get(live_server.url + "/api/v1/queue", headers=staff,
                              timeout=5).json()
        assert summary["tickets_waiting"] == len(answered) + len(unanswered)
        numbers = sorted(
            int(session.get(f"{live_server.url}/api/v1/tickets/{ticket_id}", headers=staff,
                            timeout=5).json()["ticket"]["number"])
            for ticket_id in range(1, summary["tickets_waiting"] + 1))
        assert numbers == list(range(1, len(numbers) + 1)), "a gap or a duplicate number"
        assert len(numbers) == len(answered) + len(unanswered)
        after = session.post(live_server.url + "/api/v1/tickets", json={"service": "A"},
                             timeout=5).json()["ticket"]
        assert after["number"] == f"{len(numbers) + 1:03d}"

        # The board reconnected by itself and shows the true count.
        total = len(numbers) + 1
        wait_for(lambda: any(s["waiting_total"] == total for s in snapshots), timeout=20,
                 message=f"a board snapshot with {total} waiting")
    finally:
        board.disconnect()

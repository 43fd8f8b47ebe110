"""Two server processes share PostgreSQL and a Redis message queue: a board connected to one
process sees calls made through the other, and tickets from both share one numbering."""

import uuid

import requests
import socketio

from tests.live import LiveServer, wait_for


def test_two_processes_share_the_queue_and_the_boards(tmp_path, postgres_database, redis_url):
    env = {
        "RECEPTION_DATABASE_URL": postgres_database,
        "RECEPTION_SOCKETIO_MESSAGE_QUEUE": redis_url,
        # A channel of its own so parallel runs on this machine never hear each other.
        "RECEPTION_SOCKETIO_CHANNEL": f"reception-test-{uuid.uuid4().hex[:8]}",
    }
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = LiveServer(tmp_path / "a", env).start()
    second = LiveServer(tmp_path / "b", env).start()
    board = socketio.Client()
    try:
        first.create_user("canbo", "officer")
        token = first.token("canbo")
        calls = []
        board.on("ticket_called", calls.append, namespace="/display")
        board.connect(second.url, namespaces=["/display"], transports=["websocket"])

        numbers = []
        for server in (first, second, first):
            response = requests.post(server.url + "/api/v1/tickets",
                                     json={"service": "A", "party_size": 1}, timeout=5)
            assert response.status_code == 201
            numbers.append(response.json()["ticket"]["number"])
        assert numbers == ["001", "002", "003"]

        called = requests.post(first.url + "/api/v1/counters/1/call-next",
                               headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert called.status_code == 200
        call = wait_for(lambda: calls[0] if calls else None, message="call through Redis")
        assert call["number"] == "001" and call["counter"]["id"] == 1
    finally:
        board.disconnect()
        first.discard()
        second.discard()

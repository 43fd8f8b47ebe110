"""The served instance: a real socket.io client sees calls from the HTTP API."""

import requests
import socketio

from tests.live import wait_for


def test_real_socketio_client_sees_call_and_recovers_after_restart(live_server):
    live_server.create_user_with_cli("canbo1", "officer")
    token = live_server.token("canbo1")
    received = []
    client = socketio.Client(reconnection=True, reconnection_delay=0.1,
                             reconnection_delay_max=0.5)
    client.on("queue_state", lambda data: received.append(("queue_state", data)),
              namespace="/display")
    client.on("ticket_called", lambda data: received.append(("ticket_called", data)),
              namespace="/display")
    client.connect(live_server.url, namespaces=["/display"], transports=["websocket"])
    try:
        wait_for(lambda: any(name == "queue_state" for name, _ in received), message="snapshot")
        issued = requests.post(live_server.url + "/api/v1/tickets",
                               json={"service": "A", "party_size": 2}, timeout=5)
        assert issued.status_code == 201
        number = issued.json()["ticket"]["number"]
        called = requests.post(live_server.url + "/api/v1/counters/1/call-next",
                               headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert called.status_code == 200
        call = wait_for(lambda: next((d for n, d in received if n == "ticket_called"), None),
                        message="ticket_called")
        assert call["number"] == number
        assert call["counter"]["id"] == 1
        assert call["recall"] is False
        assert call["announcement"]["text"] == f"Mời công dân số {number} đến quầy số 1"

        # The server restarts: the client reconnects by itself and gets the true state again.
        live_server.stop()
        received.clear()
        live_server.start()
        state = wait_for(lambda: next((d for n, d in received if n == "queue_state"), None),
                         timeout=15, message="snapshot after restart")
        serving = {c["number"]: c["serving"] for c in state["counters"]}
        assert serving[1] == number
    finally:
        client.disconnect()

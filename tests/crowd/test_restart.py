"""The served instance: the head count and the alerts are right after a server restart, and a
real socket.io client with a bearer token follows the /crowd namespace across it."""

import requests
import socketio

from tests.live import wait_for


def test_head_count_and_alerts_survive_a_restart(live_server):
    live_server.create_user("baove1", "security")
    live_server.create_user("canbo1", "officer")
    url = live_server.url
    guard = {"Authorization": f"Bearer {live_server.token('baove1')}"}
    officer = {"Authorization": f"Bearer {live_server.token('canbo1')}"}

    def issue(size, service="A"):
        response = requests.post(url + "/api/v1/tickets", timeout=5,
                                 json={"service": service, "party_size": size})
        assert response.status_code == 201
        return response.json()["ticket"]

    def crowd():
        return requests.get(url + "/api/v1/crowd", headers=guard, timeout=5).json()

    first, group, big = issue(3), issue(7), issue(60, "C")
    walk_in = requests.post(url + "/api/v1/crowd/walk-ins", headers=guard, timeout=5,
                            json={"party_size": 12}).json()["walk_in"]
    # A transfer keeps the count; a no-show removes its party.
    requests.post(url + "/api/v1/counters/1/call-next", headers=officer, timeout=5)
    requests.post(f"{url}/api/v1/tickets/{first['id']}/transfer", headers=officer, timeout=5,
                  json={"service": "D"})
    called = requests.post(url + "/api/v1/counters/2/call-next", headers=officer,
                           timeout=5).json()["ticket"]
    assert called["id"] == first["id"]  # it kept its arrival time
    requests.post(f"{url}/api/v1/tickets/{first['id']}/no-show", headers=officer, timeout=5)
    before = wait_for(lambda: (lambda s: s if s["people_in_hall"] == 79 else None)(crowd()),
                      message="head count 79")
    alert_ids = sorted(a["id"] for a in before["alerts"])
    assert sorted(a["kind"] for a in before["alerts"]) == ["crowded", "group", "group", "group"]

    received = []
    client = socketio.Client(reconnection=True, reconnection_delay=0.1,
                             reconnection_delay_max=0.5)
    for name in ("crowd_state", "crowd_alert"):
        client.on(name, lambda data, name=name: received.append((name, data)),
                  namespace="/crowd")
    client.connect(url, namespaces=["/crowd"], transports=["websocket"], headers=guard)
    try:
        wait_for(lambda: any(n == "crowd_state" for n, _ in received), message="crowd_state")
        live_server.stop()
        received.clear()
        live_server.start()
        after = wait_for(lambda: next((d for n, d in received if n == "crowd_state"), None),
                         timeout=15, message="crowd_state after restart")
        assert after["people_in_hall"] == 79
        assert sorted(a["id"] for a in after["alerts"]) == alert_ids
        assert {w["id"] for w in after["walk_ins"]} == {walk_in["id"]}
        # A change after the restart evaluates the alerts again: nothing is raised twice. An
        # alert would reach the client before the state that follows it on the same socket.
        issue(1)
        wait_for(lambda: any(n == "crowd_state" and d["people_in_hall"] == 80
                             for n, d in received), message="state with 80")
        assert [d for n, d in received if n == "crowd_alert"] == []
        assert crowd()["people_in_hall"] == 80
        assert {g["number"] for g in crowd()["groups"]} == {group["number"], big["number"]}
    finally:
        client.disconnect()


def test_crowd_namespace_refuses_a_client_without_credentials(live_server):
    client = socketio.Client(reconnection=False)
    try:
        client.connect(live_server.url, namespaces=["/crowd"], transports=["websocket"],
                       wait_timeout=5)
    except socketio.exceptions.ConnectionError as error:
        assert "login_required" in str(error) or "One or more namespaces failed" in str(error)
    else:
        raise AssertionError("an anonymous client joined /crowd")
    finally:
        client.disconnect()

"""A burst of 300 people in 20 tickets: the head count at every step, alerts raised once each,
the count falling as tickets finish, and alerts re-armed after their condition clears."""

from reception.crowd.models import CrowdAlert
from reception.database import connection
from tests.crowd.conftest import CrowdFeed

# 20 tickets, 300 people, including the groups of 5, 40 and 120. Twenty tickets cannot carry
# 300 people with only three of them at the group threshold (5): 17 tickets of at most 4 make
# 68. So seven more groups (6 to 24 people) are in the burst, and each must alert once too.
BURST = [4, 4, 5, 4, 6, 4, 40, 4, 8, 4, 120, 4, 10, 4, 12, 4, 15, 20, 4, 24]
GROUP_THRESHOLD, CROWDED, OVERCROWDED = 5, 50, 100


def issue(client, size, service="A"):
    response = client.post("/api/v1/tickets", json={"service": service, "party_size": size})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


def alerts_of(kind):
    with connection():
        return list(CrowdAlert.select().where(CrowdAlert.kind == kind).order_by(CrowdAlert.id))


def test_burst_counts_every_step_and_raises_each_alert_once(
    client, staff_client, crowd_socket, auth_headers
):
    assert sum(BURST) == 300 and len(BURST) == 20
    security = staff_client("security")
    sio = crowd_socket(security)
    assert sio.is_connected("/crowd")
    feed = CrowdFeed(sio)
    assert feed.take() == []
    assert feed.state["people_in_hall"] == 0
    officer = auth_headers("officer")
    api = auth_headers("security")

    issued, total, raised = [], 0, []
    for size in BURST:
        ticket = issue(client, size)
        issued.append(ticket)
        before, total = total, total + size
        new = feed.take()
        assert feed.state["people_in_hall"] == total
        assert client.get("/api/v1/crowd", headers=api).json["people_in_hall"] == total
        expected = []
        if size >= GROUP_THRESHOLD:
            expected.append(("group", ticket["number"]))
        if before < CROWDED <= total:
            expected.append(("crowded", None))
        if before < OVERCROWDED <= total:
            expected.append(("overcrowded", None))
        assert sorted((a["kind"], a["number"]) for a in new) == sorted(expected), size
        raised += new

    groups = [t for t in issued if t["party_size"] >= GROUP_THRESHOLD]
    assert len(groups) == 10
    assert sorted(a["number"] for a in raised if a["kind"] == "group") == sorted(
        t["number"] for t in groups)
    named = {t["party_size"]: t["number"] for t in issued if t["party_size"] in (5, 40, 120)}
    assert {a["party_size"] for a in raised if a["number"] in named.values()} == {5, 40, 120}
    assert [a["kind"] for a in raised].count("crowded") == 1
    assert [a["kind"] for a in raised].count("overcrowded") == 1
    state = feed.state
    assert state["level"] == "overcrowded"
    assert [g["party_size"] for g in state["groups"]][:3] == [120, 40, 24]
    assert {a["kind"] for a in state["alerts"]} == {"group", "crowded", "overcrowded"}

    # Tickets finish one by one: the count falls by each party, the alerts clear once.
    for _ in issued:
        called = client.post("/api/v1/counters/1/call-next", headers=officer).json["ticket"]
        assert feed.take() == []
        assert feed.state["people_in_hall"] == total  # called: still in the hall
        client.post(f"/api/v1/tickets/{called['id']}/finish", headers=officer)
        total -= called["party_size"]
        assert feed.take() == []
        assert feed.state["people_in_hall"] == total
    assert total == 0
    for kind in ("group", "crowded", "overcrowded"):
        assert all(alert.cleared_at is not None for alert in alerts_of(kind))
    assert feed.state["level"] == "normal"

    # Conditions hold again: each alert is raised a second time, once.
    issue(client, 30)
    assert [a["kind"] for a in feed.take()] == ["group"]
    issue(client, 25)
    assert sorted(a["kind"] for a in feed.take()) == ["crowded", "group"]
    issue(client, 50)
    assert sorted(a["kind"] for a in feed.take()) == ["group", "overcrowded"]
    assert len(alerts_of("crowded")) == 2 and len(alerts_of("overcrowded")) == 2
    assert feed.state["people_in_hall"] == 105


def test_transfer_keeps_the_count_and_no_show_removes_it(client, auth_headers):
    officer, api = auth_headers("officer"), auth_headers("leader")
    first = issue(client, 3)
    issue(client, 2)

    def people():
        return client.get("/api/v1/crowd", headers=api).json["people_in_hall"]

    assert people() == 5
    client.post("/api/v1/counters/1/call-next", headers=officer)
    moved = client.post(f"/api/v1/tickets/{first['id']}/transfer", headers=officer,
                        json={"service": "C", "counter": 3})
    assert moved.json["ticket"]["status"] == "waiting"
    assert people() == 5
    called = client.post("/api/v1/counters/3/call-next", headers=officer).json["ticket"]
    assert called["id"] == first["id"]
    client.post(f"/api/v1/tickets/{first['id']}/no-show", headers=officer)
    assert people() == 2

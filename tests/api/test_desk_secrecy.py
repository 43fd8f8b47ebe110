"""Issue 10.3: a denunciation is named only at the desks that can call it, to the officer
receiving it, and to leaders and admins; the ID card rule is in tests/cases/test_kiosk_card.py.

Demo set-up: "B" is Tố cáo (confidential); counters 1 and 2 serve A–D, counter 3 only C and D.
"""

import pytest

from reception.extensions import socketio
from tests.conftest import events_named


def desk_socket(app, headers, counter=None):
    token = headers["Authorization"].split()[1]
    auth = {"token": token} if counter is None else {"token": token, "counter": counter}
    desk = socketio.test_client(app, namespace="/desk", auth=auth)
    assert desk.is_connected("/desk")
    return desk


def last_state(desk):
    return events_named(desk.get_received("/desk"), "desk_state")[-1]


@pytest.fixture
def denunciation(issue):
    """A complaint, then a denunciation: both waiting."""
    return issue("A"), issue("B")


def test_a_desk_that_cannot_call_a_denunciation_never_names_it(app, client, officer,
                                                                auth_headers, denunciation):
    complaint, secret = denunciation
    at_three = desk_socket(app, officer, counter=3)
    at_one = desk_socket(app, auth_headers("officer"), counter=1)
    nowhere = desk_socket(app, officer)

    seen = last_state(at_three)
    assert secret["id"] not in [t["id"] for t in seen["waiting"]]
    assert "Tố cáo" not in str(seen)
    assert "Tố cáo" not in str(last_state(nowhere))
    here = {t["id"]: t["service_name"] for t in last_state(at_one)["waiting"]}
    assert here == {complaint["id"]: "Khiếu nại", secret["id"]: "Tố cáo"}

    # Counter 1 takes the denunciation: counter 3's desk sees its number, never its matter.
    receiver = auth_headers("officer")
    client.post("/api/v1/counters/1/call-next", headers=receiver)  # the complaint
    called = client.post("/api/v1/counters/1/call-next", headers=receiver).json["ticket"]
    assert called["id"] == secret["id"]
    client.post(f"/api/v1/tickets/{secret['id']}/start", headers=receiver)
    seen = last_state(at_three)
    busy = next(c for c in seen["counters"] if c["id"] == 1)["ticket"]
    assert busy["number"] == secret["number"] and "service" not in busy
    assert "Tố cáo" not in str(seen) and "Tố cáo" not in str(last_state(nowhere))

    # The HTTP snapshot and the ticket itself follow the same rule.
    desk = client.get("/api/v1/desk?counter=3", headers=officer).json
    assert "Tố cáo" not in str(desk)
    other = client.get(f"/api/v1/tickets/{secret['id']}", headers=officer).json["ticket"]
    assert other["service"] is None
    mine = client.get(f"/api/v1/tickets/{secret['id']}", headers=receiver).json["ticket"]
    assert mine["service"] == "B"


def test_leaders_and_admins_see_every_matter(app, client, auth_headers, denunciation):
    for role in ("leader", "admin"):
        headers = auth_headers(role)
        snapshot = last_state(desk_socket(app, headers, counter=3))
        assert "Tố cáo" in [t["service_name"] for t in snapshot["waiting"]]
        assert client.get(f"/api/v1/tickets/{denunciation[1]['id']}",
                          headers=headers).json["ticket"]["service"] == "B"


def test_the_desk_snapshot_refuses_a_counter_that_is_not_a_number(client, officer):
    answer = client.get("/api/v1/desk?counter=abc", headers=officer)
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "invalid_value"


def test_security_staff_see_no_matter_on_the_crowd_groups(client, auth_headers, issue):
    """The crowd view's group list does not mark a confidential group apart."""
    complaint = issue("A", party_size=6)
    secret = issue("B", party_size=6)
    groups = client.get("/api/v1/crowd", headers=auth_headers("security")).json["groups"]
    shown = {g["id"]: g for g in groups}
    assert set(shown) == {complaint["id"], secret["id"]}
    strip = ("id", "number", "arrived_at")
    assert ({k: v for k, v in shown[complaint["id"]].items() if k not in strip}
            == {k: v for k, v in shown[secret["id"]].items() if k not in strip})
    full = client.get("/api/v1/crowd", headers=auth_headers("leader")).json["groups"]
    assert {g["service"] for g in full} == {"A", "B"}

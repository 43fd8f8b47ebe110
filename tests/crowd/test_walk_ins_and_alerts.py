"""Walk-in delegations, acknowledging alerts, the incident log, thresholds and long waits."""

from datetime import datetime, timedelta

from reception import clock
from reception.config import Settings
from reception.crowd import live, sound
from reception.crowd.models import CrowdAlert, WalkInEvent
from reception.database import connection
from tests.crowd.conftest import CrowdFeed

MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=clock.TIMEZONE)


def crowd(client, headers):
    return client.get("/api/v1/crowd", headers=headers).json


def test_walk_in_arrives_changes_and_departs(client, auth_headers, crowd_socket, staff_client):
    feed = CrowdFeed(crowd_socket(staff_client("security")))
    guard = auth_headers("security")
    client.post("/api/v1/tickets", json={"service": "A", "party_size": 2})
    created = client.post("/api/v1/crowd/walk-ins", headers=guard,
                          json={"party_size": 25, "service": "A", "note": "Đoàn thôn 3"})
    assert created.status_code == 201
    walk_in = created.json["walk_in"]
    assert walk_in["present"] is True and walk_in["representatives"] == []
    alerts = feed.take()
    assert [(a["kind"], a["party_size"]) for a in alerts] == [("group", 25)]
    assert alerts[0]["message"] == "Đoàn đông người đến không lấy số: 25 người."
    assert feed.state["people_in_hall"] == 27 and feed.state["people_walk_in"] == 25

    # The representatives are named later; Điều 29: a group of 25 appoints at most 5.
    too_many = client.patch(f"/api/v1/crowd/walk-ins/{walk_in['id']}", headers=guard,
                            json={"representatives": [f"Người {i}" for i in range(6)]})
    assert too_many.status_code == 400
    assert too_many.json["error"]["code"] == "representatives_count"
    named = client.patch(f"/api/v1/crowd/walk-ins/{walk_in['id']}", headers=guard,
                         json={"representatives": ["Nguyễn Văn A", "Trần Thị B"],
                               "party_size": 30})
    assert named.json["walk_in"]["representatives"][1] == {"full_name": "Trần Thị B"}
    assert feed.take() == [] and feed.state["people_in_hall"] == 32

    gone = client.post(f"/api/v1/crowd/walk-ins/{walk_in['id']}/depart", headers=guard)
    assert gone.json["walk_in"]["present"] is False
    assert feed.take() == [] and feed.state["people_in_hall"] == 2
    again = client.post(f"/api/v1/crowd/walk-ins/{walk_in['id']}/depart", headers=guard)
    assert again.status_code == 409
    assert again.json["error"]["message"].startswith("Đoàn này đã được ghi nhận rời trụ sở lúc")
    with connection():
        kinds = [e.kind for e in WalkInEvent.select().order_by(WalkInEvent.id)]
        group = CrowdAlert.get(CrowdAlert.key == f"group:walk_in:{walk_in['id']}")
    assert kinds == ["arrived", "updated", "departed"]
    assert group.cleared_at is not None
    log = [entry["kind"] for entry in crowd(client, guard)["incidents"]]
    assert log[:3] == ["alert_cleared", "walk_in_departed", "walk_in_updated"]
    listed = client.get("/api/v1/crowd/walk-ins", headers=guard).json["walk_ins"]
    assert [w["party_size"] for w in listed] == [30]


def test_walk_in_refusals(client, auth_headers):
    guard = auth_headers("security")
    for body, code in (({"party_size": 0}, "invalid_party_size"),
                       ({"party_size": 5001}, "invalid_party_size"),
                       ({"party_size": 5, "service": "Z"}, "unknown_service"),
                       ({"party_size": "5"}, "invalid_request"),
                       ({"party_size": 3, "representatives": ["A", "B", "C", "D"]},
                        "representatives_count")):
        response = client.post("/api/v1/crowd/walk-ins", headers=guard, json=body)
        assert response.status_code == 400, body
        assert response.json["error"]["code"] == code
    assert crowd(client, guard)["walk_ins"] == []
    missing = client.post("/api/v1/crowd/walk-ins/99/depart", headers=guard)
    assert missing.status_code == 404


def test_acknowledge_with_a_note_and_the_incident_log(app, client, auth_headers, make_user):
    user, _ = make_user("security", username="baove_an")
    with connection():
        from reception.users import issue_token

        guard = {"Authorization": f"Bearer {issue_token(user, Settings.of(app).token_hours)}"}
    client.post("/api/v1/tickets", json={"service": "A", "party_size": 8})
    alert = crowd(client, guard)["alerts"][0]
    assert alert["kind"] == "group" and alert["acknowledged_at"] is None
    done = client.post(f"/api/v1/crowd/alerts/{alert['id']}/ack", headers=guard,
                       json={"note": "Đã mời đại diện đoàn vào phòng tiếp"})
    assert done.status_code == 200
    assert done.json["alert"]["acknowledged_by"] == "baove_an"
    assert done.json["alert"]["note"] == "Đã mời đại diện đoàn vào phòng tiếp"
    twice = client.post(f"/api/v1/crowd/alerts/{alert['id']}/ack", headers=guard)
    assert twice.status_code == 409
    assert "baove_an" in twice.json["error"]["message"]
    assert client.post("/api/v1/crowd/alerts/999/ack", headers=guard).status_code == 404
    note = client.post("/api/v1/crowd/incidents", headers=guard,
                       json={"text": "Công an xã đã có mặt"})
    assert note.status_code == 201
    assert client.post("/api/v1/crowd/incidents", headers=guard,
                       json={"text": "x" * 1001}).status_code == 400
    log = client.get("/api/v1/crowd/incidents", headers=guard).json["incidents"]
    assert [(e["kind"], e["text"], e["user"]) for e in log] == [
        ("note", "Công an xã đã có mặt", "baove_an"),
        ("alert_acknowledged", "Đã mời đại diện đoàn vào phòng tiếp", "baove_an"),
        ("alert_raised", "", None),
    ]
    assert log[2]["summary"] == "Cảnh báo: Đoàn đông người: phiếu số 001, 8 người."
    # Acknowledged and still active: listed, no longer waiting for someone.
    listed = crowd(client, guard)["alerts"]
    assert listed[0]["id"] == alert["id"] and listed[0]["active"] is True


def test_long_wait_alert_follows_the_clock(app, client, auth_headers, crowd_socket, staff_client):
    clock.frozen_now = MORNING
    feed = CrowdFeed(crowd_socket(staff_client("leader")))
    client.post("/api/v1/tickets", json={"service": "A", "party_size": 1})
    feed.take()
    clock.frozen_now = MORNING + timedelta(minutes=60)
    live.crowd_changed()  # what the server's housekeeping loop does every 30 seconds
    assert feed.take() == [] and feed.state["longest_wait_minutes"] == 60
    clock.frozen_now = MORNING + timedelta(minutes=61)
    live.crowd_changed()
    alerts = feed.take()
    assert [a["kind"] for a in alerts] == ["long_wait"]
    assert alerts[0]["message"] == "Có 1 phiếu chờ quá 60 phút; lâu nhất 61 phút (số 001)."
    live.crowd_changed()
    assert feed.take() == []
    client.post("/api/v1/counters/1/call-next", headers=auth_headers("officer"))
    assert feed.take() == [] and feed.state["longest_wait_minutes"] == 0
    with connection():
        assert CrowdAlert.get(CrowdAlert.kind == "long_wait").cleared_at is not None


def test_thresholds_change_and_raise_at_once(client, auth_headers):
    admin = auth_headers("admin")
    client.post("/api/v1/tickets", json={"service": "A", "party_size": 4})
    assert crowd(client, admin)["alerts"] == []
    bad = client.put("/api/v1/crowd/thresholds", headers=admin,
                     json={"crowded": 80, "overcrowded": 80})
    assert bad.status_code == 400
    assert "phải lớn hơn ngưỡng “đông” (80)" in bad.json["error"]["message"]
    changed = client.put("/api/v1/crowd/thresholds", headers=admin,
                         json={"group_threshold": 4, "crowded": 3, "overcrowded": 10})
    assert changed.json["thresholds"] == {"crowded": 3, "overcrowded": 10,
                                          "long_wait_minutes": 60, "group_threshold": 4}
    assert sorted(a["kind"] for a in crowd(client, admin)["alerts"]) == ["crowded", "group"]
    assert client.get("/api/v1/services").json["group_threshold"] == 4


def test_alert_tone_is_generated_and_committed():
    data = sound.alert_tone()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert sound.PATH.read_bytes() == data
    assert 1.0 < (len(data) - 44) / 2 / sound.RATE < 2.0

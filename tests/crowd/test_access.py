"""Who may see the crowd: the /crowd socket and the API by role; confidential matters hidden
from security staff; the pages' roles."""

from reception.config import Settings
from reception.database import connection
from reception.users import issue_token
from tests.crowd.conftest import CrowdFeed


def test_crowd_socket_refuses_anonymous_and_officers(app, client, crowd_socket, staff_client):
    assert not crowd_socket(client).is_connected("/crowd")
    assert not crowd_socket(auth={"token": "not-a-token"}).is_connected("/crowd")
    assert not crowd_socket(staff_client("officer")).is_connected("/crowd")


def test_crowd_socket_accepts_session_and_tokens(app, crowd_socket, staff_client, make_user):
    security = crowd_socket(staff_client("security"))
    assert security.is_connected("/crowd")
    feed = CrowdFeed(security)
    feed.take()
    assert feed.state["people_in_hall"] == 0
    user, _ = make_user("leader")
    with connection():
        token = issue_token(user, Settings.of(app).token_hours)
    by_auth = crowd_socket(auth={"token": token})
    by_header = crowd_socket(headers={"Authorization": f"Bearer {token}"})
    for sio in (by_auth, by_header):
        assert sio.is_connected("/crowd")
        feed = CrowdFeed(sio)
        feed.take()
        assert feed.state["confidential_visible"] is True


def test_crowd_api_roles(client, auth_headers):
    assert client.get("/api/v1/crowd").status_code == 401
    assert client.get("/api/v1/crowd", headers=auth_headers("officer")).status_code == 403
    for role in ("security", "leader", "admin"):
        assert client.get("/api/v1/crowd", headers=auth_headers(role)).status_code == 200
    walk_in = client.post("/api/v1/crowd/walk-ins", json={"party_size": 3},
                          headers=auth_headers("officer"))
    assert walk_in.status_code == 201
    refused = client.put("/api/v1/crowd/thresholds", json={"crowded": 40},
                         headers=auth_headers("security"))
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "forbidden"


def test_security_sees_no_matter_a_leader_sees_every_one(
    client, auth_headers, crowd_socket, staff_client
):
    security_socket = CrowdFeed(crowd_socket(staff_client("security")))
    leader_socket = CrowdFeed(crowd_socket(staff_client("leader")))
    client.post("/api/v1/tickets", json={"service": "B", "party_size": 12})
    client.post("/api/v1/tickets", json={"service": "A", "party_size": 6})
    security, leader = auth_headers("security"), auth_headers("leader")
    client.post("/api/v1/crowd/walk-ins", headers=leader,
                json={"party_size": 9, "service": "B", "note": "Tố cáo cán bộ địa chính",
                      "representatives": ["Lê Văn Tám"]})

    seen = client.get("/api/v1/crowd", headers=security).json
    groups = {g["party_size"]: g for g in seen["groups"]}
    # No matter on any group (a blank only on the denunciation would mark it), no figures
    # per matter (they could be subtracted from the totals).
    assert groups[12]["service"] is None and groups[12]["service_name"] is None
    assert groups[6]["service"] is None and groups[6]["service_name"] is None
    assert seen["by_service"] == []
    walk_in = seen["walk_ins"][0]
    assert walk_in["service"] is None and walk_in["note"] is None
    assert walk_in["representatives"] == []
    assert "Tố cáo" not in str(seen)

    full = client.get("/api/v1/crowd", headers=leader).json
    groups = {g["party_size"]: g for g in full["groups"]}
    assert groups[12]["service"] == "B" and groups[12]["service_name"] == "Tố cáo"
    assert full["walk_ins"][0]["note"] == "Tố cáo cán bộ địa chính"
    assert full["walk_ins"][0]["representatives"] == [{"full_name": "Lê Văn Tám"}]

    security_socket.take()
    leader_socket.take()
    hidden = {g["party_size"]: g["service"] for g in security_socket.state["groups"]}
    shown = {g["party_size"]: g["service"] for g in leader_socket.state["groups"]}
    assert hidden == {12: None, 6: None} and shown == {12: "B", 6: "A"}
    assert security_socket.state["people_in_hall"] == leader_socket.state["people_in_hall"] == 27


def test_crowd_page_roles(staff_client):
    for role, status in (("security", 200), ("leader", 200), ("admin", 200), ("officer", 403)):
        assert staff_client(role).get("/admin/crowd").status_code == status, role
    page = staff_client("security").get("/admin/crowd").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Người trong trụ sở" in page and "Đoàn đông người" in page
    assert "/static/vendor/chart.umd.min.js" in page and "/static/sounds/alert.wav" in page
    # Thresholds are the admin's: not on a security guard's screen.
    assert 'id="thresholds-form"' not in page
    assert 'id="thresholds-form"' in staff_client("admin").get("/admin/crowd").get_data(
        as_text=True)
    # Leaders read the reception schedule (issue 11, item 15a); security staff do not.
    assert staff_client("leader").get("/admin/schedule").status_code == 200
    assert staff_client("security").get("/admin/schedule").status_code == 403

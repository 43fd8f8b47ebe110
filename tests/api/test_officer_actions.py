"""Officer actions through the API: call next, recall, no-show, start, finish, transfer."""

from tests.conftest import events_named


def call(client, headers, counter=1):
    return client.post(f"/api/v1/counters/{counter}/call-next", headers=headers)


def act(client, headers, ticket_id, action, body=None):
    return client.post(f"/api/v1/tickets/{ticket_id}/{action}", headers=headers, json=body)


def test_token_login_and_wrong_password(client, make_user):
    make_user("officer", username="canbo")
    ok = client.post("/api/v1/auth/token", json={"username": "canbo",
                                                 "password": "mat-khau-an-toan"})
    assert ok.status_code == 200 and ok.json["token"]
    bad = client.post("/api/v1/auth/token", json={"username": "canbo", "password": "sai"})
    assert bad.status_code == 401
    assert bad.json["error"]["message"] == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_first_come_first_served_across_the_counters_services(client, issue, officer):
    a = issue("A")
    c = issue("C")
    d = issue("D")
    # Counter 3 serves C and D only; counter 1 serves everything.
    assert call(client, officer, 3).json["ticket"]["number"] == c["number"]
    assert call(client, officer, 1).json["ticket"]["number"] == a["number"]
    assert call(client, officer, 1).json["ticket"]["number"] == d["number"]
    assert call(client, officer, 1).status_code == 204


def test_priority_goes_first_among_the_counters_services(client, issue, officer):
    issue("A")
    issue("C")
    elderly = issue("D", priority="elderly")
    assert call(client, officer, 1).json["ticket"]["id"] == elderly["id"]


def test_calling_next_closes_the_open_ticket(client, issue, officer):
    first, second, third = issue("A"), issue("A"), issue("A")
    call(client, officer)
    call(client, officer)  # first was never started: no-show
    act(client, officer, second["id"], "start")
    call(client, officer)  # second was started: served
    statuses = {t: client.get(f"/api/v1/tickets/{t}", headers=officer).json["ticket"]["status"]
                for t in (first["id"], second["id"], third["id"])}
    assert statuses == {first["id"]: "no_show", second["id"]: "served", third["id"]: "called"}


def test_full_meeting_cycle_with_meeting_record(client, issue, officer):
    ticket = issue("A")
    called = call(client, officer).json["ticket"]
    assert called["status"] == "called" and called["counter"]["id"] == 1
    assert act(client, officer, ticket["id"], "recall").json["ticket"]["status"] == "called"
    assert act(client, officer, ticket["id"], "start").json["ticket"]["status"] == "serving"
    record = {"visitor": {"full_name": "Nguyễn Văn Phò", "address": "Xã Đức An"},
              "matter_type": "khieu_nai", "field": "dat_dai",
              "summary": "Tranh chấp đất đai", "handling": "huong_dan"}
    finished = act(client, officer, ticket["id"], "finish", record)
    assert finished.json["ticket"]["status"] == "served"
    again = act(client, officer, ticket["id"], "finish")
    assert again.status_code == 409
    assert "Không thể kết thúc phiếu số 001" in again.json["error"]["message"]


def test_no_show(client, issue, officer):
    ticket = issue("A")
    call(client, officer)
    assert act(client, officer, ticket["id"], "no-show").json["ticket"]["status"] == "no_show"
    assert client.get("/api/v1/queue").json["serving"] == []


def test_transfer_keeps_the_arrival_time(client, issue, officer):
    early = issue("A")
    later_c = issue("C")
    call(client, officer, 1)  # counter 1 takes the A ticket
    moved = act(client, officer, early["id"], "transfer", {"service": "C"})
    assert moved.json["ticket"]["status"] == "waiting"
    assert moved.json["ticket"]["service"] == "C"
    # Counter 3 (C, D) gets the transferred ticket before the later C ticket.
    assert call(client, officer, 3).json["ticket"]["id"] == early["id"]
    assert call(client, officer, 3).json["ticket"]["id"] == later_c["id"]


def test_transfer_to_a_counter_is_called_only_there(client, issue, officer):
    ticket = issue("A")
    call(client, officer, 1)
    act(client, officer, ticket["id"], "transfer", {"counter": 2})
    # Counter 1 serves A too, but the ticket now belongs to counter 2.
    assert call(client, officer, 1).status_code == 204
    assert call(client, officer, 2).json["ticket"]["id"] == ticket["id"]


def test_transfer_needs_a_target_and_a_known_one(client, issue, officer):
    ticket = issue("A")
    assert act(client, officer, ticket["id"], "transfer", {}).status_code == 400
    unknown = act(client, officer, ticket["id"], "transfer", {"service": "Z"})
    assert unknown.status_code == 400
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=officer).json["ticket"][
        "service"] == "A"


def test_roles_and_authentication(client, issue, auth_headers):
    issue("A")
    assert call(client, {}).status_code == 401
    assert call(client, {"Authorization": "Bearer not-a-token"}).status_code == 401
    security = call(client, auth_headers("security"))
    assert security.status_code == 403
    assert security.json["error"]["code"] == "forbidden"
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 1
    assert call(client, auth_headers("leader")).status_code == 200


def test_unknown_counter(client, officer):
    response = call(client, officer, 99)
    assert response.status_code == 404
    assert response.json["error"]["message"] == "Không có quầy số 99."


def test_display_gets_snapshot_then_calls_without_confidential_matter(
    client, issue, officer, display_client
):
    snapshot = events_named(display_client.get_received("/display"), "queue_state")[-1]
    assert snapshot["waiting_total"] == 0
    ticket = issue("B")  # Tố cáo: confidential
    call(client, officer, 2)
    received = display_client.get_received("/display")
    called = events_named(received, "ticket_called")
    assert called == [{**called[0], "number": ticket["number"], "recall": False}]
    assert "service" not in called[0], "no matter in a public call"
    assert called[0]["counter"] == {"id": 2, "number": 2, "name": "Quầy 2"}
    assert called[0]["announcement"]["text"] == "Mời công dân số 001 đến quầy số 2"
    state = events_named(received, "queue_state")[-1]
    assert {c["number"]: c["serving"] for c in state["counters"]}[2] == "001"
    assert "services" not in state, "no count per matter on the public board"
    assert all("waiting" not in c for c in state["counters"]), "no count per counter either"
    assert state["waiting_total"] == 0
    assert "Tố cáo" not in str(received)
    act(client, officer, ticket["id"], "recall")
    recalled = events_named(display_client.get_received("/display"), "ticket_called")
    assert recalled[0]["recall"] is True


def test_desk_namespace_refuses_anonymous_and_accepts_tokens(app, client, officer):
    from reception.extensions import socketio

    anonymous = socketio.test_client(app, namespace="/desk")
    assert not anonymous.is_connected("/desk")
    token = officer["Authorization"].split()[1]
    desk = socketio.test_client(app, namespace="/desk", auth={"token": token})
    assert desk.is_connected("/desk")
    assert events_named(desk.get_received("/desk"), "desk_state")[0]["waiting"] == []

"""The officer desk over HTTP: form login, the desk page, and CSRF on the session API."""

from reception.extensions import socketio
from tests.admin.conftest import csrf_from, log_in
from tests.conftest import events_named


def waiting_count(client):
    return client.get("/api/v1/queue").json["tickets_waiting"]


def test_login_form_then_desk_page_renders(client, make_user):
    user, password = make_user("officer", username="canbo1")
    log_in(client, "canbo1", password)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Chọn quầy làm việc" in index.get_data(as_text=True)
    page = client.get("/admin/desk/1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<meta name="csrf-token" content="' in html
    assert "/static/vendor/socket.io.min.js" in html and "/static/js/desk.js" in html
    assert "Gọi tiếp" in html and "Kết thúc" in html and "Quầy 1" in html


def test_desk_page_in_english(client, login):
    login("officer")
    html = client.get("/admin/desk/1?lang=en").get_data(as_text=True)
    assert "Call next" in html and '"lang": "en"' in html


def test_wrong_password_is_refused_in_vietnamese(client, make_user):
    make_user("officer", username="canbo2")
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login", data={"username": "canbo2", "password": "sai-mat-khau",
                                                 "csrf_token": token})
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_login_without_csrf_token_is_refused(client, make_user):
    make_user("officer", username="canbo3")
    response = client.post("/admin/login", data={"username": "canbo3",
                                                 "password": "mat-khau-an-toan"})
    assert response.status_code == 400
    assert "thiếu mã bảo vệ" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_login_redirects_only_to_local_paths(client, make_user):
    make_user("officer", username="canbo4")
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login?next=//evil.example/", data={
        "username": "canbo4", "password": "mat-khau-an-toan", "csrf_token": token})
    assert response.location == "/admin/"


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/admin/desk/1")
    assert response.status_code == 302
    assert response.location.startswith("/admin/login")
    login_page = client.get(response.location).get_data(as_text=True)
    assert "Vui lòng đăng nhập để tiếp tục." in login_page


def test_session_api_calls_need_the_csrf_header(client, issue, login):
    ticket = issue("A")
    token = login("officer")
    refused = client.post("/api/v1/counters/1/call-next")
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "csrf_failed"
    assert "mã bảo vệ" in refused.json["error"]["message"]
    wrong = client.post("/api/v1/counters/1/call-next", headers={"X-CSRFToken": "gia-mao"})
    assert wrong.status_code == 403 and wrong.json["error"]["code"] == "csrf_failed"
    assert waiting_count(client) == 1
    assert client.get("/api/v1/queue").json["serving"] == []

    headers = {"X-CSRFToken": token}
    called = client.post("/api/v1/counters/1/call-next", headers=headers)
    assert called.status_code == 200 and called.json["ticket"]["id"] == ticket["id"]
    for action, status in (("recall", "called"), ("start", "serving"), ("finish", "served")):
        response = client.post(f"/api/v1/tickets/{ticket['id']}/{action}", headers=headers)
        assert response.status_code == 200, response.json
        assert response.json["ticket"]["status"] == status
    assert client.post("/api/v1/counters/1/call-next", headers=headers).status_code == 204


def test_session_transfer_and_no_show(client, issue, login):
    first, second = issue("A"), issue("A")
    headers = {"X-CSRFToken": login("officer")}
    client.post("/api/v1/counters/1/call-next", headers=headers)
    moved = client.post(f"/api/v1/tickets/{first['id']}/transfer", headers=headers,
                        json={"counter": 3, "service": "C"})
    assert moved.status_code == 200 and moved.json["ticket"]["service"] == "C"
    desk = client.get("/api/v1/desk").json
    assert [w["target_counter"] for w in desk["waiting"] if w["id"] == first["id"]] == [3]
    client.post("/api/v1/counters/1/call-next", headers=headers)
    gone = client.post(f"/api/v1/tickets/{second['id']}/no-show", headers=headers)
    assert gone.json["ticket"]["status"] == "no_show"


def test_security_account_cannot_act_at_a_desk(client, issue, login):
    issue("A")
    token = login("security")
    response = client.post("/api/v1/counters/1/call-next", headers={"X-CSRFToken": token})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert waiting_count(client) == 1
    page = client.get("/admin/desk/1")
    assert page.status_code == 403
    assert "không có quyền" in page.get_data(as_text=True)
    # Security staff have no desk: their start page is the crowd view (issue 11, item 14).
    start = client.get("/admin/")
    assert start.status_code == 302 and start.headers["Location"] == "/admin/crowd"


def test_logout_needs_a_post_with_the_token(client, login):
    token = login("officer")
    assert client.post("/admin/logout").status_code == 400
    assert client.get("/admin/").status_code == 200
    response = client.post("/admin/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_desk_socket_sends_state_to_logged_in_officers_only(app, client, issue, login):
    anonymous = socketio.test_client(app, namespace="/desk", flask_test_client=client)
    assert not anonymous.is_connected("/desk")
    login("officer")
    desk = socketio.test_client(app, namespace="/desk", flask_test_client=client)
    try:
        assert desk.is_connected("/desk")
        first = events_named(desk.get_received("/desk"), "desk_state")
        assert first and first[-1]["waiting"] == []
        ticket = issue("C", party_size=6, priority="elderly")
        state = events_named(desk.get_received("/desk"), "desk_state")[-1]
        assert [w["number"] for w in state["waiting"]] == [ticket["number"]]
        assert state["waiting"][0]["is_group"] and state["waiting"][0]["priority"] == "elderly"
    finally:
        desk.disconnect("/desk")

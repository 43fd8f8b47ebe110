"""Administration forms: each change is visible afterwards, each refusal changes nothing."""

import pytest

from reception import staff
from reception.database import connection
from reception.errors import ReceptionError
from reception.models import Service, User
from tests.admin.conftest import log_in
from tests.conftest import events_named


@pytest.fixture
def admin(client, login):
    """Log the client in as an admin; return a poster that adds the CSRF token."""
    token = login("admin", username="quantri")

    def post(path, data=None, **kwargs):
        return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)

    return post


def api_services(client):
    return {s["code"]: s for s in client.get("/api/v1/services").json["services"]}


def service_form(**changes):
    form = {"code": "E", "name_vi": "Tư vấn pháp luật", "name_en": "Legal advice",
            "sort_order": "9", "active": "1"}
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


# Services ----------------------------------------------------------------------------------


def test_create_and_edit_a_service(client, admin):
    created = admin("/admin/services/new", service_form())
    assert created.status_code == 302 and created.location == "/admin/services"
    assert "Đã lưu loại việc E." in client.get("/admin/services").get_data(as_text=True)
    assert api_services(client)["E"]["name"] == "Tư vấn pháp luật"
    service_id = next(row.id for row in Service.select() if row.code == "E")
    edited = admin(f"/admin/services/{service_id}", service_form(active=None))
    assert edited.status_code == 302
    assert "E" not in api_services(client)  # inactive services leave the kiosk


def test_the_service_form_offers_no_number_prefix(client, admin, issue):
    """Every matter shares one sequence: a prefix would tell what a ticket's holder came for."""
    page = client.get("/admin/services/1").get_data(as_text=True)
    assert 'name="prefix"' not in page
    assert admin("/admin/services/1", service_form(code="A", name_vi="Khiếu nại",
                                                   prefix="K")).status_code == 302
    assert "prefix" not in api_services(client)["A"]
    assert [issue(code)["number"] for code in "ABC"] == ["001", "002", "003"]


def test_duplicate_service_code_is_refused(client, admin):
    before = api_services(client)
    response = admin("/admin/services/new", service_form(code="A"))
    assert response.status_code == 400
    assert "Mã loại việc “A” đã tồn tại." in response.get_data(as_text=True)
    assert api_services(client) == before


def test_service_change_refreshes_the_boards(client, admin, display_client):
    display_client.get_received("/display")
    admin("/admin/services/1", service_form(code="A", name_vi="Khiếu nại hành chính"))
    states = events_named(display_client.get_received("/display"), "queue_state")
    assert states, "the boards get a fresh snapshot after the change"
    services = {s["code"]: s["name"] for s in client.get("/api/v1/services").json["services"]}
    assert services["A"] == "Khiếu nại hành chính"


# Counters ----------------------------------------------------------------------------------


def counters_by_number(client):
    return {c["number"]: c for c in client.get("/api/v1/counters").json["counters"]}


def test_create_a_counter_with_its_services(client, admin):
    response = admin("/admin/counters/new", {"number": "4", "name": "Quầy lãnh đạo",
                                             "active": "1", "services": ["1", "2"]})
    assert response.status_code == 302
    assert counters_by_number(client)[4]["services"] == ["A", "B"]
    assert counters_by_number(client)[4]["name"] == "Quầy lãnh đạo"


def test_duplicate_counter_number_is_refused(client, admin):
    before = counters_by_number(client)
    response = admin("/admin/counters/new", {"number": "2", "name": "Trùng", "active": "1"})
    assert response.status_code == 400
    assert "Số quầy “2” đã tồn tại." in response.get_data(as_text=True)
    assert counters_by_number(client) == before


def test_warns_when_an_open_service_has_no_counter(client, admin):
    assert "uncovered-warning" not in client.get("/admin/counters").get_data(as_text=True)
    for counter_id in (1, 2):
        admin(f"/admin/counters/{counter_id}", {"number": str(counter_id), "active": "1",
                                                "services": ["1", "3", "4"]})
    html = client.get("/admin/counters").get_data(as_text=True)
    assert "uncovered-warning" in html and "Tố cáo" in html
    assert "Tố cáo" in client.get("/admin/services").get_data(as_text=True)


def test_counter_with_an_open_ticket_cannot_close(client, admin, issue, officer):
    issue("A")
    client.post("/api/v1/counters/1/call-next", headers=officer)
    response = admin("/admin/counters/1", {"number": "1", "name": "Quầy 1",
                                           "services": ["1", "2", "3", "4"]})
    assert response.status_code == 400
    assert "quầy đang có phiếu số 001 chưa kết thúc" in response.get_data(as_text=True)
    assert 1 in counters_by_number(client)


def test_closing_a_counter_returns_its_transfers_to_the_queue(client, admin, issue, officer):
    ticket = issue("C")
    client.post("/api/v1/counters/3/call-next", headers=officer)
    client.post(f"/api/v1/tickets/{ticket['id']}/transfer", headers=officer, json={"counter": 2})
    assert admin("/admin/counters/2", {"number": "2", "services": ["1"]}).status_code == 302
    assert 2 not in counters_by_number(client)
    called = client.post("/api/v1/counters/3/call-next", headers=officer)
    assert called.json["ticket"]["id"] == ticket["id"]


# Accounts ----------------------------------------------------------------------------------


def test_create_an_account_that_can_log_in(client, app, admin):
    response = admin("/admin/users/new", {"username": "canbo9", "full_name": "Nguyễn Văn An",
                                          "role": "officer", "password": "mat-khau-moi-1"})
    assert response.status_code == 302
    assert "Nguyễn Văn An" in client.get("/admin/users").get_data(as_text=True)
    log_in(app.test_client(), "canbo9", "mat-khau-moi-1")


@pytest.mark.parametrize("form, message", [
    ({"username": "ngan", "full_name": "Lê Thị Ngân", "role": "officer",
      "password": "1234567"}, "ít nhất 8 ký tự"),
    ({"username": "quantri", "full_name": "Trần Văn Quản", "role": "officer",
      "password": "mat-khau-an-toan"}, "Tài khoản “quantri” đã tồn tại."),
    ({"username": "x", "full_name": "Phạm Văn Xuân", "role": "thu_ky",
      "password": "mat-khau-an-toan"}, "Vai trò"),
    # Official papers print the officer's full name: an account needs one (issue 11, item 12).
    ({"username": "khongten", "full_name": " ", "role": "officer",
      "password": "mat-khau-an-toan"}, "Họ và tên"),
])
def test_refused_account_creation_changes_nothing(client, admin, form, message):
    before = User.select().count()
    response = admin("/admin/users/new", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert User.select().count() == before


def test_change_role_deactivate_reactivate_and_reset_password(client, app, admin, make_user):
    user, _ = make_user("officer", username="canbo10")
    assert admin(f"/admin/users/{user.id}", {"role": "leader", "full_name": "Trần Thị Bình"}
                 ).status_code == 302
    assert admin(f"/admin/users/{user.id}/active", {"active": "0"}).status_code == 302
    other = app.test_client()
    with connection():
        assert User.get_by_id(user.id).role == "leader"
    refused = other.post("/admin/login", data={"username": "canbo10",
                                               "password": "mat-khau-an-toan"})
    assert refused.status_code in (400, 401)
    assert admin(f"/admin/users/{user.id}/active", {"active": "1"}).status_code == 302
    assert admin(f"/admin/users/{user.id}/password", {"password": "doi-mat-khau-2"}
                 ).status_code == 302
    log_in(other, "canbo10", "doi-mat-khau-2")


def test_admin_cannot_deactivate_or_demote_themself(client, admin):
    me = User.get(User.username == "quantri")
    response = admin(f"/admin/users/{me.id}/active", {"active": "0"})
    assert response.status_code == 400
    assert "không thể tự khóa" in response.get_data(as_text=True)
    response = admin(f"/admin/users/{me.id}", {"role": "officer", "full_name": ""})
    assert response.status_code == 400
    me = User.get_by_id(me.id)
    assert me.active and me.role == "admin"


def test_the_last_active_admin_stays(client, admin, make_user):
    me = User.get(User.username == "quantri")
    other, _ = make_user("admin", username="quantri2")
    assert admin(f"/admin/users/{other.id}/active", {"active": "0"}).status_code == 302
    with pytest.raises(ReceptionError) as refused:
        staff.set_user_active(None, me.id, False)
    assert "ít nhất một tài khoản quản trị" in refused.value.message()
    with pytest.raises(ReceptionError):
        staff.update_user(None, me.id, "officer", "")
    assert User.get_by_id(me.id).active and User.get_by_id(me.id).role == "admin"


def test_short_password_reset_is_refused(client, admin, make_user):
    user, password = make_user("officer", username="canbo11")
    response = admin(f"/admin/users/{user.id}/password", {"password": "ngan"})
    assert response.status_code == 400 and "ít nhất 8 ký tự" in response.get_data(as_text=True)
    log_in(client.application.test_client(), "canbo11", password)


# Organisation ------------------------------------------------------------------------------


def organisation_form(**changes):
    form = {
        "org_name": "UBND tỉnh Lâm Đồng", "org_level": "Cấp tỉnh",
        "org_address": "36 Trần Phú, Đà Lạt", "notice_text": "Giữ trật tự.",
        "ticket_title": "PHIẾU CHỜ", "ticket_notice": "Giữ phiếu.",
        "group_threshold": "10", "max_party_size": "300",
        "priority_code": ["elderly", "veteran", ""],
        "priority_name_vi": ["Người cao tuổi", "Cựu chiến binh", ""],
        "priority_name_en": ["Elderly person", "", ""],
    }
    form.update(changes)
    return form


def test_save_the_organisation(client, admin, issue):
    response = admin("/admin/organisation", organisation_form())
    assert response.status_code == 302
    services = client.get("/api/v1/services").json
    assert services["group_threshold"] == 10 and services["max_party_size"] == 300
    assert services["priority_groups"] == [
        {"code": "elderly", "name_vi": "Người cao tuổi", "name_en": "Elderly person"},
        {"code": "veteran", "name_vi": "Cựu chiến binh", "name_en": "Cựu chiến binh"},
    ]
    assert issue("A", party_size=9)["is_group"] is False
    assert issue("A", party_size=10, priority="veteran")["is_group"] is True
    html = client.get("/admin/organisation").get_data(as_text=True)
    assert 'value="UBND tỉnh Lâm Đồng"' in html and 'value="Cấp tỉnh"' in html


@pytest.mark.parametrize("changes, message", [
    ({"group_threshold": "1"}, "phải từ 2 đến 100"),
    ({"group_threshold": "101"}, "phải từ 2 đến 100"),
    ({"group_threshold": "năm"}, "phải là một số nguyên"),
    ({"max_party_size": "4"}, "phải từ 10 đến 500"),
    ({"org_name": "  "}, "không được để trống"),
    ({"priority_code": ["elderly", "elderly"], "priority_name_vi": ["A", "B"],
      "priority_name_en": ["", ""]}, "Mã đối tượng ưu tiên “elderly” đã tồn tại."),
    ({"priority_code": ["người già"], "priority_name_vi": ["A"], "priority_name_en": [""]},
     "Mã đối tượng ưu tiên không hợp lệ"),
])
def test_refused_organisation_changes_store_nothing(client, admin, changes, message):
    before = client.get("/api/v1/services").json
    response = admin("/admin/organisation", organisation_form(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'value="36 Trần Phú, Đà Lạt"' in html  # the user's input is kept
    assert client.get("/api/v1/services").json == before


# Permissions -------------------------------------------------------------------------------


ADMIN_PAGES = ["/admin/services", "/admin/services/new", "/admin/services/1", "/admin/counters",
               "/admin/counters/new", "/admin/counters/1", "/admin/users", "/admin/users/new",
               "/admin/users/1", "/admin/organisation"]


@pytest.mark.parametrize("role", ["officer", "leader", "security"])
def test_other_roles_get_a_vietnamese_403(client, login, role):
    token = login(role)
    for path in ADMIN_PAGES:
        page = client.get(path)
        assert page.status_code == 403, path
        assert "không có quyền mở trang này" in page.get_data(as_text=True)
    before = client.get("/api/v1/services").json
    posted = client.post("/admin/services/1", data={
        "csrf_token": token, **service_form(code="A", name_vi="Đổi tên")})
    assert posted.status_code == 403
    assert client.post("/admin/organisation", data={
        "csrf_token": token, **organisation_form()}).status_code == 403
    assert client.get("/api/v1/services").json == before


def test_admin_forms_need_the_csrf_token(client, admin):
    before = api_services(client)
    response = client.post("/admin/services/new", data=service_form())
    assert response.status_code == 400
    assert api_services(client) == before


def test_unknown_rows_are_404(client, admin):
    assert client.get("/admin/services/999").status_code == 404
    assert admin("/admin/counters/999", {"number": "9"}).status_code == 404

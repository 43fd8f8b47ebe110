"""The staff pages refuse control characters in every form field with a Vietnamese message
naming the field (the page comes back with what was typed), on SQLite and PostgreSQL."""

import pytest

from reception.database import connection
from reception.models import Counter, Service, User
from tests.admin.conftest import log_in
from tests.cases.conftest import meeting

NOT_ALLOWED = "chứa ký tự không được phép"


def admin_client(site):
    """Log the site's client in as a new admin; return the CSRF token."""
    site.staff("admin")
    return log_in(site.client, f"admin-{site.people}")


def refused_page(response, label: str, code_point: str = "U+0000") -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 400, page[:500]
    assert f"{label} {NOT_ALLOWED} ({code_point}" in page, page
    return page


def test_login_name_with_nul_is_bad_credentials(site):
    site.staff("admin")
    page = site.client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    for username in ("admin-1\x00", "\x00", "admin-1\x1b"):
        answer = site.client.post("/admin/login", data={
            "username": username, "password": "mat-khau-an-toan", "csrf_token": token})
        assert answer.status_code == 401
        assert "Sai tên đăng nhập hoặc mật khẩu" in answer.get_data(as_text=True)


@pytest.mark.parametrize(("field", "label"), [("code", "Mã loại việc"),
                                              ("name_vi", "Tên tiếng Việt"),
                                              ("name_en", "Tên tiếng Anh")])
def test_service_form(site, field, label):
    token = admin_client(site)
    values = {"code": "Z", "name_vi": "Việc mới", "name_en": "New", "sort_order": "9",
              "active": "1", "csrf_token": token, field: "Z\x00Z"}
    page = refused_page(site.client.post("/admin/services/new", data=values), label)
    assert 'value="Việc mới"' in page or field == "name_vi"
    with connection():
        assert not Service.select().where(Service.name_vi == "Việc mới").exists()


def test_counter_form(site):
    token = admin_client(site)
    answer = site.client.post("/admin/counters/new", data={
        "number": "9", "name": "Quầy\x1b9", "active": "1", "csrf_token": token})
    refused_page(answer, "Tên quầy", "U+001B")
    with connection():
        assert not Counter.select().where(Counter.number == 9).exists()


def test_user_forms(site):
    token = admin_client(site)
    new = {"username": "canbo\x00", "full_name": "Lê Văn A", "role": "officer",
           "password": "mat-khau-an-toan", "csrf_token": token}
    refused_page(site.client.post("/admin/users/new", data=new), "Tên đăng nhập")
    new.update(username="canbo", full_name="Lê\x7fVăn A")
    refused_page(site.client.post("/admin/users/new", data=new), "Họ và tên", "U+007F")
    with connection():
        assert not User.select().where(User.username.startswith("canbo")).exists()
        user_id = User.get(User.username == f"admin-{site.people}").id
    edit = {"role": "admin", "full_name": "Quản\x00trị", "csrf_token": token}
    refused_page(site.client.post(f"/admin/users/{user_id}", data=edit), "Họ và tên")


def test_organisation_form(site):
    token = admin_client(site)
    values = {"org_name": "Trụ sở tiếp công dân", "org_level": "", "org_address": "",
              "notice_text": "Dòng một\r\nDòng hai", "ticket_title": "PHIẾU", "ticket_notice": "",
              "group_threshold": "5", "max_party_size": "50", "csrf_token": token}
    saved = site.client.post("/admin/organisation", data=values)
    assert saved.status_code == 302  # a textarea keeps its line breaks
    refused_page(site.client.post("/admin/organisation",
                                  data={**values, "org_name": "Trụ\nsở"}),
                 "Tên cơ quan, đơn vị", "U+000A")
    refused_page(site.client.post("/admin/organisation",
                                  data={**values, "notice_text": "Thông\x00báo"}),
                 "Thông báo trên bảng hiển thị")
    groups = {**values, "priority_code": ["nguoi_cao_tuoi"],
              "priority_name_vi": ["Người\x00cao tuổi"], "priority_name_en": [""]}
    refused_page(site.client.post("/admin/organisation", data=groups), "Tên đối tượng ưu tiên")


def test_printer_form(site):
    token = admin_client(site)
    values = {"name": "Máy in\x00", "url": "none", "paper_mm": "80", "kiosk": "",
              "csrf_token": token}
    refused_page(site.client.post("/admin/printers", data=values), "Tên máy in")
    refused_page(site.client.post("/admin/printers", data={**values, "name": "Máy in",
                                                           "kiosk": "K\x001"}), "Tên kiosk")
    refused_page(site.client.post("/admin/printers", data={**values, "name": "Máy in",
                                                           "url": "tcp://10.0.0.9\x00"}),
                 "Địa chỉ máy in")


def test_schedule_form(site):
    token = admin_client(site)
    values = {"leader_name": "Nguyễn\x00Văn B", "kind": "scheduled", "recurrence": "weekly",
              "weekday": "2", "start_time": "08:00", "end_time": "11:00", "csrf_token": token}
    answer = site.client.post("/admin/schedule/sessions", data=values)
    assert answer.status_code == 400
    assert f"Họ tên lãnh đạo {NOT_ALLOWED}" in answer.get_data(as_text=True)


def test_case_search_and_case_forms(site):
    officer = site.staff("officer")
    visit = site.record(officer, meeting())
    token = admin_client(site)
    listing = site.client.get("/admin/cases?q=Nguy%E1%BB%85n%00")
    assert listing.status_code == 400
    assert f"Từ khóa tìm kiếm {NOT_ALLOWED}" in listing.get_data(as_text=True)
    assert site.client.get("/admin/cases?q=nguyen").status_code == 200

    case_id = visit["case"]["id"]
    note = site.client.post(f"/admin/cases/{case_id}/notes",
                            data={"text": "ghi\x00chú", "csrf_token": token},
                            follow_redirects=True)
    assert NOT_ALLOWED in note.get_data(as_text=True)

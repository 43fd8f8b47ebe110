"""The printers page and the printers API: configure, check, test page, reprint failed tickets."""

import re

import pytest

from reception.database import connection
from reception.models import Printer, Ticket

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
ONLINE_WITH_PAPER = {1: 0x12, 4: 0x12}  # DLE EOT replies: online; paper sensor: paper present


def printer_form(**changes) -> dict:
    form = {"name": "Máy in sảnh", "url": "network://192.168.1.50:9100", "paper_mm": "80",
            "kiosk": "", "is_default": "1"}
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def log_in(client, role, make_user) -> str:
    """Log in through the real form; return the session's CSRF token."""
    user, password = make_user(role)
    token = CSRF_FIELD.search(client.get("/admin/login").get_data(as_text=True)).group(1)
    response = client.post("/admin/login", data={"username": user.username,
                                                 "password": password, "csrf_token": token})
    assert response.status_code == 302
    return token


@pytest.fixture
def admin(client, make_user):
    """Log the client in as an admin; return a poster that adds the CSRF token."""
    token = log_in(client, "admin", make_user)

    def post(path, data=None, **kwargs):
        return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)

    return post


def printer_named(name: str) -> Printer | None:
    with connection():
        return Printer.get_or_none(Printer.name == name)


def page(client) -> str:
    response = client.get("/admin/printers")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_printers_page_renders_standalone_with_its_css_and_csrf(client, admin):
    html = page(client)
    assert "<title>Máy in phiếu" in html
    assert '<meta name="csrf-token" content="' in html
    assert "/static/css/printers.css" in html
    assert "style=" not in html and "<script" not in html
    assert "Hôm nay không có phiếu nào in lỗi." in html
    assert client.get("/static/css/printers.css").status_code == 200


def test_only_admins_open_the_printers_page(client, make_user, auth_headers):
    assert client.get("/admin/printers").status_code == 302  # to the login page
    assert client.get("/api/v1/printers").status_code == 401
    assert client.get("/api/v1/printers", headers=auth_headers("officer")).status_code == 403
    token = log_in(client, "officer", make_user)
    assert client.get("/admin/printers").status_code == 403
    refused = client.post("/admin/printers", data={"csrf_token": token, **printer_form()})
    assert refused.status_code == 403
    with connection():
        assert Printer.select().count() == 0


def test_add_edit_default_and_delete_a_printer(client, admin):
    saved = admin("/admin/printers", printer_form())
    assert saved.status_code == 302 and saved.location == "/admin/printers"
    assert "Đã lưu máy in “Máy in sảnh”." in page(client)
    hall = printer_named("Máy in sảnh")
    assert (hall.url, hall.paper_mm, hall.kiosk, hall.is_default) == (
        "network://192.168.1.50:9100", 80, None, True)

    admin("/admin/printers", printer_form(name="Kiosk cổng", url="usb://04b8:0202",
                                          paper_mm="58", kiosk="kiosk-cong", is_default=None))
    gate = printer_named("Kiosk cổng")
    assert (gate.paper_mm, gate.kiosk, gate.is_default) == (58, "kiosk-cong", False)
    edit = client.get(f"/admin/printers/{gate.id}").get_data(as_text=True)
    assert "Sửa máy in “Kiosk cổng”" in edit and 'value="usb://04b8:0202"' in edit

    admin(f"/admin/printers/{gate.id}/default")
    assert printer_named("Kiosk cổng").is_default and not printer_named("Máy in sảnh").is_default
    admin(f"/admin/printers/{gate.id}", printer_form(name="Kiosk cổng",
                                                     url="serial:///dev/ttyUSB0?baudrate=115200",
                                                     kiosk="kiosk-cong"))
    assert printer_named("Kiosk cổng").url == "serial:///dev/ttyUSB0?baudrate=115200"

    deleted = admin(f"/admin/printers/{hall.id}/delete")
    assert deleted.status_code == 302
    assert printer_named("Máy in sảnh") is None
    assert "Đã xoá máy in “Máy in sảnh”." in page(client)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("network://:abc", "Địa chỉ máy in không hợp lệ"),
        ("máy in sảnh", "Địa chỉ máy in không hợp lệ"),
        ("usb://epson", "mã hãng và mã sản phẩm viết hệ 16"),
        ("serial:///dev/ttyUSB0?baudrate=nhanh", "baudrate phải là số"),
        ("cups:THERMAL", "thiếu gói Python pycups"),
        ("", "Địa chỉ máy in không hợp lệ: không được để trống"),
    ],
)
def test_an_unusable_printer_address_is_refused_in_vietnamese_and_nothing_is_saved(
    client, admin, url, fragment
):
    refused = admin("/admin/printers", printer_form(url=url))
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert fragment in html.replace("&#39;", "'")
    assert 'value="Máy in sảnh"' in html  # what the admin typed is kept
    with connection():
        assert Printer.select().count() == 0


def test_duplicate_name_and_a_kiosk_with_a_printer_are_refused(client, admin):
    admin("/admin/printers", printer_form(kiosk="kiosk-1"))
    same_name = admin("/admin/printers", printer_form(url="network://10.0.0.9"))
    assert same_name.status_code == 400
    assert "Máy in “Máy in sảnh” đã tồn tại." in same_name.get_data(as_text=True)
    same_kiosk = admin("/admin/printers", printer_form(name="Máy khác", kiosk="kiosk-1"))
    assert "Kiosk “kiosk-1” đã có máy in “Máy in sảnh”." in same_kiosk.get_data(as_text=True)
    bad_paper = admin("/admin/printers", printer_form(name="Máy khác", paper_mm="70"))
    assert "chỉ chọn 80 mm hoặc 58 mm" in bad_paper.get_data(as_text=True)
    with connection():
        assert Printer.select().count() == 1


def test_check_button_reads_the_printer_state_with_dle_eot(client, admin, fake_printer,
                                                           closed_port):
    printer = fake_printer(replies=ONLINE_WITH_PAPER)
    admin("/admin/printers", printer_form(url=printer.url))
    row = printer_named("Máy in sảnh")
    admin(f"/admin/printers/{row.id}/check")
    checked = printer_named("Máy in sảnh")
    assert (checked.status_online, checked.status_paper, checked.status_error) == (
        True, "ok", None)
    assert 1 in printer.requests
    html = page(client)
    assert "Máy in “Máy in sảnh” đang hoạt động." in html and "trực tuyến" in html

    admin(f"/admin/printers/{row.id}", printer_form(url=f"network://127.0.0.1:{closed_port}"))
    admin(f"/admin/printers/{row.id}/check")
    down = printer_named("Máy in sảnh")
    assert down.status_online is False
    assert down.status_error.startswith("Không kết nối được máy in")
    assert "không hoạt động" in page(client)


def test_test_page_button_prints_and_a_failure_is_shown(client, admin, fake_printer,
                                                        decode_raster, closed_port):
    printer = fake_printer()
    admin("/admin/printers", printer_form(url=printer.url, paper_mm="58"))
    row = printer_named("Máy in sảnh")
    admin(f"/admin/printers/{row.id}/test-page")
    assert printer.connection_ended.wait(5)
    assert decode_raster(bytes(printer.received)).width == 384
    assert bytes(printer.received).endswith(b"\x1dV\x00")
    assert "Đã in trang thử trên máy in “Máy in sảnh”." in page(client)
    assert printer_named("Máy in sảnh").last_printed_at is not None

    admin(f"/admin/printers/{row.id}", printer_form(url=f"network://127.0.0.1:{closed_port}"))
    admin(f"/admin/printers/{row.id}/test-page")
    html = page(client)
    assert "Không in được trang thử trên máy in “Máy in sảnh”: Không kết nối được máy in" in html
    assert printer_named("Máy in sảnh").last_error.startswith("Không kết nối được máy in")


def test_failed_tickets_are_listed_and_reprinted_from_the_page(app, client, admin, fake_printer,
                                                               closed_port, decode_raster):
    app.config["PRINT_TIMEOUT"] = 1
    admin("/admin/printers", printer_form(url=f"network://127.0.0.1:{closed_port}"))
    ticket = client.post("/api/v1/tickets", json={"service": "B", "kiosk": "kiosk-1"}).json[
        "ticket"]
    assert ticket["print_status"] == "failed"
    html = page(client)
    assert ">001<" in html and "In lại" in html and "Không kết nối được máy in" in html
    assert "Tố cáo" not in html

    working = fake_printer()
    row = printer_named("Máy in sảnh")
    admin(f"/admin/printers/{row.id}", printer_form(url=working.url))
    admin(f"/admin/printers/tickets/{ticket['id']}/print")
    assert working.connection_ended.wait(5)
    assert b"\x1dv0" in bytes(working.received)
    html = page(client)
    assert "Đã in lại phiếu số 001." in html
    assert "Hôm nay không có phiếu nào in lỗi." in html
    with connection():
        assert Ticket.get_by_id(ticket["id"]).print_status == "printed"


def test_printers_api_lists_states_checks_and_prints_test_pages(app, client, admin, auth_headers,
                                                                fake_printer, closed_port):
    app.config["PRINT_TIMEOUT"] = 1
    headers = auth_headers("admin")
    empty = client.get("/api/v1/printers", headers=headers).json
    assert empty == {"printers": [], "default": {"source": "none", "name": None, "url": "none"},
                     "failed_today": []}
    printer = fake_printer(replies=ONLINE_WITH_PAPER)
    admin("/admin/printers", printer_form(url=printer.url))
    row = printer_named("Máy in sảnh")
    checked = client.post(f"/api/v1/printers/{row.id}/check", headers=headers)
    assert checked.status_code == 200
    assert checked.json["printer"]["status"]["online"] is True
    assert checked.json["printer"]["status"]["paper"] == "ok"
    printed = client.post(f"/api/v1/printers/{row.id}/test-page", headers=headers)
    assert printed.status_code == 200 and printed.json["printer"]["last_printed_at"]

    admin(f"/admin/printers/{row.id}", printer_form(url=f"network://127.0.0.1:{closed_port}"))
    failed = client.post(f"/api/v1/printers/{row.id}/test-page", headers=headers)
    assert failed.status_code == 502
    assert failed.json["error"]["code"] == "test_page_failed"
    client.post("/api/v1/tickets", json={"service": "A"})
    listing = client.get("/api/v1/printers", headers=headers).json
    assert listing["default"] == {"source": "printer", "name": "Máy in sảnh",
                                  "url": f"network://127.0.0.1:{closed_port}"}
    (state,) = listing["printers"]
    assert state["last_error"].startswith("Không kết nối được máy in")
    assert [t["number"] for t in listing["failed_today"]] == ["001"]
    assert client.post("/api/v1/printers/999/check", headers=headers).status_code == 404


def test_openapi_describes_the_printing_paths(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/tickets/{ticket_id}/print", "/status/{token}/print", "/printers",
                 "/printers/{printer_id}/check", "/printers/{printer_id}/test-page"):
        assert path in paths

"""The staff pages of case files and reports, through HTTP as a logged-in browser uses them:
search without diacritics, deadline flags, notes and deadlines through the forms, history,
access rules, masking of a denouncer, the audit log, and the report with its downloads."""

import re
from io import BytesIO

from openpyxl import load_workbook

from reception import clock
from tests.admin.conftest import csrf_from, log_in
from tests.cases.conftest import meeting

DENOUNCER = {"full_name": "Trịnh Văn Kín", "id_number": "068090004567",
             "address": "Thôn 5, xã Trường Xuân"}


def page(client, url):
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_officer_finds_flags_and_works_a_case(client, staff, recorded, frozen):
    frozen(2027, 3, 1, 9)
    officer, headers = staff("officer", "Lê Thị Thu")
    visit = recorded(headers, meeting())
    case_id = visit["case"]["id"]
    log_in(client, officer.username)

    status, html = page(client, "/admin/cases?q=nguyen+van+pho")
    assert status == 200
    assert f'data-case-id="{case_id}"' in html and "1 hồ sơ" in html
    assert "Không có hồ sơ nào phù hợp." in page(client, "/admin/cases?q=tran+thi+b")[1]

    frozen(2027, 4, 20, 9)  # past the 10 working days to answer and the 30 days to resolve
    status, html = page(client, "/admin/cases?deadline=overdue")
    assert f'data-case-id="{case_id}"' in html
    assert re.search(r'<span class="tag tag-overdue">Quá hạn</span>', html)

    status, html = page(client, f"/admin/cases/{case_id}")
    assert status == 200
    assert "Nguyễn Văn Phò" in html and "068085001234" in html
    assert "Luật Tiếp công dân Điều 28.1" in html
    assert re.search(r"Quá hạn \d+ ngày", html)
    token = csrf_from(html)
    deadline_id = re.search(r'data-deadline-id="(\d+)"', html).group(1)

    saved = client.post(f"/admin/cases/{case_id}/notes",
                        data={"text": "Đã gửi văn bản trả lời số 12/TB-UBND", "csrf_token": token})
    assert saved.status_code == 302
    met = client.post(f"/admin/cases/{case_id}/deadlines/{deadline_id}/met",
                      data={"csrf_token": token})
    assert met.status_code == 302
    changed = client.post(f"/admin/cases/{case_id}/update", data={
        "status": "resolved", "result_note": "Đã giải quyết xong", "csrf_token": token})
    assert changed.status_code == 302
    status, html = page(client, f"/admin/cases/{case_id}")
    assert "Đã gửi văn bản trả lời số 12/TB-UBND" in html
    assert "Đã hoàn thành" in html
    assert '<dd id="case-status">Đã giải quyết</dd>' in html
    assert "Trạng thái: Đang giải quyết → Đã giải quyết" in html

    empty = client.post(f"/admin/cases/{case_id}/notes", data={"text": "  ", "csrf_token": token},
                        follow_redirects=True)
    assert "tóm tắt" not in empty.get_data(as_text=True)
    assert "không được để trống" in empty.get_data(as_text=True)


def test_access_rules_and_audit_of_the_pages(client, staff, recorded):
    officer, headers = staff("officer")
    other, _ = staff("officer")
    guard, _ = staff("security")
    leader, _ = staff("leader")
    admin, admin_headers = staff("admin")
    visit = recorded(headers, meeting(visitor=DENOUNCER, matter_type="to_cao",
                                      field="tham_nhung", summary="Tố cáo cán bộ địa chính"),
                     service="B")
    case_id = visit["case"]["id"]

    log_in(client, other.username)
    assert f'data-case-id="{case_id}"' not in page(client, "/admin/cases")[1]
    assert page(client, f"/admin/cases/{case_id}")[0] == 403
    assert page(client, "/admin/reports")[0] == 403

    log_in(client, guard.username)
    assert page(client, "/admin/cases")[0] == 403
    assert page(client, f"/admin/cases/{case_id}")[0] == 403
    assert page(client, "/admin/reports")[0] == 403

    log_in(client, leader.username)
    status, html = page(client, f"/admin/cases/{case_id}")
    assert status == 200 and "Trịnh Văn Kín" in html

    log_in(client, officer.username)
    assert "Trịnh Văn Kín" in page(client, f"/admin/cases/{case_id}")[1]

    entries = client.get("/api/v1/audit?action=case.view", headers=admin_headers).json["entries"]
    assert {(entry["username"], entry["object_id"]) for entry in entries} == {
        (leader.username, str(case_id)), (officer.username, str(case_id))}
    denied = client.get("/api/v1/audit?action=case.view.denied",
                        headers=admin_headers).json["entries"]
    assert {entry["username"] for entry in denied} >= {other.username, guard.username}


def test_leader_report_page_and_its_downloads(client, staff, recorded):
    _, headers = staff("officer")
    leader, _ = staff("leader")
    recorded(headers, meeting())
    recorded(headers, meeting(visitor={"full_name": "Y Thị Hlen", "address": "Đắk Song"},
                              party_size=8, matter_type="kien_nghi",
                              representatives=[{"full_name": "Y Thị Hlen"}], field="chinh_sach",
                              handling="huong_dan", guidance="UBND xã Đắk Song"), party_size=8)
    log_in(client, leader.username)
    today = clock.today().isoformat()
    status, html = page(client, f"/admin/reports?from={today}&to={today}")
    assert status == 200
    totals = re.search(r'<tr id="totals-row">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", totals) == [
        "Tổng số", "2", "2", "0", "9", "2", "2", "0", "1", "8"]
    assert 'id="by_content_group-chart"' in html
    links = dict(re.findall(r'<a class="btn[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', html))
    by_label = {label: href.replace("&amp;", "&") for href, label in links.items()}
    sheet = client.get(by_label["Tải báo cáo 01/TCD (.xlsx)"])
    rows = list(load_workbook(BytesIO(sheet.data)).worksheets[0].iter_rows(values_only=True))
    assert any(row[0] == "Tổng số" and row[1] == 2 for row in rows)
    book = client.get(by_label["Sổ tiếp công dân (.xlsx)"])
    assert load_workbook(BytesIO(book.data)).worksheets[0].max_row >= 3
    assert client.get(by_label["Sổ tiếp công dân (PDF để in)"]).data.startswith(b"%PDF")

    bad = page(client, f"/admin/reports?from={today}&to=2020-01-01")
    assert bad[0] == 200 and 'role="alert"' in bad[1]


def test_only_a_denunciation_resolution_offers_an_extension(client, staff, recorded):
    officer, headers = staff("officer")
    complaint = recorded(headers, meeting())
    log_in(client, officer.username)
    html = page(client, f"/admin/cases/{complaint['case']['id']}")[1]
    assert "Gia hạn" not in html and "Đã hoàn thành" in html
    denunciation = recorded(headers, meeting(visitor=DENOUNCER, matter_type="to_cao",
                                             field="tham_nhung"), service="B")
    html = page(client, f"/admin/cases/{denunciation['case']['id']}")[1]
    extend = re.search(r'action="(/admin/cases/\d+/deadlines/\d+/extend)"', html).group(1)
    done = client.post(extend, data={"csrf_token": csrf_from(html)}, follow_redirects=True)
    assert "Đã gia hạn: Giải quyết tố cáo, hạn mới" in done.get_data(as_text=True)
    again = client.post(extend, data={"csrf_token": csrf_from(html)}, follow_redirects=True)
    assert 'flash-error' in again.get_data(as_text=True)


def test_pages_in_english(client, staff, recorded):
    leader, _ = staff("leader")
    _, headers = staff("officer")
    case_id = recorded(headers, meeting())["case"]["id"]
    log_in(client, leader.username)
    for url, words in [("/admin/cases?lang=en", "Case files"),
                       (f"/admin/cases/{case_id}", "Legal deadlines"),
                       ("/admin/reports", "By content (form 02/XLD)"),
                       ("/admin/desk/1", "Save the record and finish")]:
        status, html = page(client, url)
        assert status == 200 and words in html, url

"""The staff pages of case files, reports and the logbook, through HTTP as a logged-in browser
uses them: search without diacritics, filters, deadline flags, notes and deadlines through the
forms, readable change history, access rules, masking of a denouncer, the audit log, and the
report with its downloads."""

import json
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from admin import records
from tests.admin.conftest import csrf_from, log_in
from tests.cases import conftest as cases
from tests.cases.conftest import meeting

# The case-file fixtures (staff with tokens, recorded meetings, a frozen clock) live beside
# the case tests; naming them here makes them fixtures of this module too.
staff, recorded, finish_meeting, frozen = (cases.staff, cases.recorded, cases.finish_meeting,
                                           cases.frozen)

DENOUNCER = {"full_name": "Trịnh Văn Kín", "id_number": "068090004567",
             "address": "Thôn 5, xã Trường Xuân"}


def page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response.status_code, response.get_data(as_text=True)


def case_ids(html: str) -> set[int]:
    return {int(found) for found in re.findall(r'data-case-id="(\d+)"', html)}


def history_items(html: str) -> list[str]:
    """Return the change history's lines as text ("Trạng thái: A → B")."""
    table = re.search(r'<table class="table" id="history-table">(.*?)</table>', html, re.S)
    items = re.findall(r"<li data-key=\"\w+\">(.*?)</li>", table.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", item) for item in items]


def test_officer_finds_flags_and_works_a_case(client, staff, recorded, frozen):
    frozen(2027, 3, 1, 9)  # a Monday: the 10 working days to answer end on 15/03
    officer, headers = staff("officer", "Lê Thị Thu")
    case_id = recorded(headers, meeting())["case"]["id"]
    log_in(client, officer.username)

    status, html = page(client, "/admin/cases?q=nguyen+van+pho")
    assert status == 200
    assert case_ids(html) == {case_id} and "1 hồ sơ" in html
    assert "Không có hồ sơ nào phù hợp." in page(client, "/admin/cases?q=tran+thi+b")[1]
    for query, found in [("status=in_progress&matter_type=khieu_nai&field=dat_dai", True),
                         ("field=nha_o", False), ("status=resolved", False),
                         ("matter_type=to_cao", False), ("deadline=overdue", False)]:
        assert (case_id in case_ids(page(client, f"/admin/cases?{query}")[1])) is found, query

    frozen(2027, 3, 12, 9)  # two working days before the first deadline
    html = page(client, "/admin/cases?deadline=near")[1]
    assert case_ids(html) == {case_id}
    assert '<span class="tag tag-near">Sắp đến hạn</span>' in html

    frozen(2027, 4, 20, 9)  # past the 10 working days to answer and the 30 days to resolve
    html = page(client, "/admin/cases?deadline=overdue")[1]
    assert case_ids(html) == {case_id}
    assert '<span class="tag tag-overdue">Quá hạn</span>' in html

    status, html = page(client, f"/admin/cases/{case_id}")
    assert status == 200
    assert "Nguyễn Văn Phò" in html and "068085001234" in html
    assert "Luật Tiếp công dân Điều 28.1" in html and "Luật Khiếu nại 2011 Điều 28" in html
    assert re.search(r'<span class="tag tag-overdue">Quá hạn \d+ ngày</span>', html)
    assert re.search(r'href="/api/v1/visits/\d+/receipt.pdf"', html)
    assert "Gia hạn" not in html  # a complaint's limits cannot be extended
    token = csrf_from(html)
    deadline_id = re.search(r'data-deadline-id="(\d+)" data-state="overdue"', html).group(1)

    saved = client.post(f"/admin/cases/{case_id}/notes",
                        data={"text": "Đã gửi văn bản trả lời số 12/TB-UBND", "csrf_token": token})
    assert saved.status_code == 302
    met = client.post(f"/admin/cases/{case_id}/deadlines/{deadline_id}/met",
                      data={"csrf_token": token}, follow_redirects=True)
    assert "Đã ghi nhận hoàn thành: Thông báo kết quả xử lý cho công dân." in met.get_data(
        as_text=True)
    changed = client.post(f"/admin/cases/{case_id}/update", data={
        "status": "resolved", "result_note": "Đã giải quyết xong", "flags": "1",
        "csrf_token": token})
    assert changed.status_code == 302

    status, html = page(client, f"/admin/cases/{case_id}")
    assert '<dd id="case-status">Đã giải quyết</dd>' in html
    assert f'data-deadline-id="{deadline_id}" data-state="met"' in html
    steps = re.search(r'<ol class="steps" id="steps">(.*?)</ol>', html, re.S).group(1)
    assert "Đã gửi văn bản trả lời số 12/TB-UBND" in steps
    assert "Hoàn thành thời hạn" in steps and "Thông báo kết quả xử lý cho công dân" in steps
    assert history_items(html)[:2] == [
        "Trạng thái: Đang giải quyết → Đã giải quyết",
        "Kết quả giải quyết: — → Đã giải quyết xong",
    ]
    assert any(item.startswith("Thời điểm đóng hồ sơ: — → ") for item in history_items(html))

    empty = client.post(f"/admin/cases/{case_id}/notes", data={"text": "  ", "csrf_token": token},
                        follow_redirects=True).get_data(as_text=True)
    assert "flash-error" in empty and "không được để trống" in empty
    assert empty.count('data-kind="note"') == 1  # nothing saved


def test_a_page_of_cases_at_a_time(client, staff, recorded, monkeypatch):
    monkeypatch.setattr(records, "PER_PAGE", 1)
    officer, headers = staff("officer")
    first = recorded(headers, meeting())["case"]["id"]
    second = recorded(headers, meeting(summary="Khiếu nại việc cấp giấy chứng nhận"))["case"]["id"]
    log_in(client, officer.username)
    html = page(client, "/admin/cases?q=khieu+nai")[1]
    assert case_ids(html) == {second} and "Trang 1/2" in html
    following = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "q=khieu+nai" in following
    assert case_ids(page(client, following)[1]) == {first}


def test_access_rules_and_audit_of_the_pages(client, staff, recorded):
    officer, headers = staff("officer")
    other, _ = staff("officer")
    guard, _ = staff("security")
    leader, _ = staff("leader")
    _, admin_headers = staff("admin")
    case_id = recorded(headers, meeting())["case"]["id"]

    log_in(client, other.username)
    assert case_id not in case_ids(page(client, "/admin/cases")[1])
    assert case_id not in case_ids(page(client, "/admin/cases?q=nguyen+van+pho")[1])
    assert page(client, f"/admin/cases/{case_id}")[0] == 403
    token = csrf_from(page(client, "/admin/cases")[1])
    refused = client.post(f"/admin/cases/{case_id}/notes", data={"text": "x", "csrf_token": token})
    assert refused.status_code == 403
    assert page(client, "/admin/reports")[0] == 403
    assert page(client, "/admin/logbook")[0] == 403
    assert 'href="/admin/reports"' not in page(client, "/admin/cases")[1]

    log_in(client, guard.username)
    for url in ("/admin/cases", f"/admin/cases/{case_id}", "/admin/reports", "/admin/logbook"):
        status, html = page(client, url)
        assert status == 403 and "Nguyễn Văn Phò" not in html, url
    assert 'href="/admin/cases"' not in html

    log_in(client, leader.username)
    status, html = page(client, f"/admin/cases/{case_id}",
                        environ_base={"REMOTE_ADDR": "10.20.30.40"})
    assert status == 200 and "Nguyễn Văn Phò" in html
    assert 'href="/admin/cases"' in html and 'href="/admin/reports"' in html

    viewed = client.get(f"/api/v1/audit?action=case.view&object_id={case_id}",
                        headers=admin_headers).json["entries"]
    assert [(entry["username"], entry["ip"]) for entry in viewed] == [
        (leader.username, "10.20.30.40")]
    denied = client.get("/api/v1/audit?action=case.view.denied",
                        headers=admin_headers).json["entries"]
    assert {entry["username"] for entry in denied} == {other.username, guard.username}
    searched = client.get("/api/v1/audit?action=case.search",
                          headers=admin_headers).json["entries"]
    assert {"q": "nguyen van pho"} in [entry["detail"] for entry in searched]


def test_denouncer_hidden_from_an_officer_who_is_no_longer_responsible(client, staff, recorded):
    reporter, headers = staff("officer", "Hà Văn Ghi")
    handler, _ = staff("officer", "Đỗ Thị Xử")
    leader, _ = staff("leader")
    visit = recorded(headers, meeting(visitor=DENOUNCER, matter_type="to_cao", field="tham_nhung",
                                      summary="Tố cáo cán bộ địa chính nhận tiền"), service="B")
    case_id = visit["case"]["id"]

    # The leader hands the case to another officer through the case page's form.
    log_in(client, leader.username)
    html = page(client, "/admin/cases?q=trinh+van+kin")[1]
    assert case_ids(html) == {case_id}
    html = page(client, f"/admin/cases/{case_id}")[1]
    assert "Trịnh Văn Kín" in html and "068090004567" in html
    moved = client.post(f"/admin/cases/{case_id}/update", follow_redirects=True, data={
        "status": "in_progress", "responsible_id": str(handler.id), "result_note": "",
        "flags": "1", "csrf_token": csrf_from(html)})
    html = moved.get_data(as_text=True)
    assert "Đã lưu thay đổi hồ sơ." in html
    assert '<dd id="case-responsible">Đỗ Thị Xử</dd>' in html
    assert "Cán bộ thụ lý: Hà Văn Ghi → Đỗ Thị Xử" in history_items(html)

    # The officer who received the visit still sees the case, never the denouncer.
    log_in(client, reporter.username)
    status, html = page(client, f"/admin/cases/{case_id}")
    assert status == 200 and "Tố cáo cán bộ địa chính nhận tiền" in html
    for secret in ("Trịnh", "Kín", "068090004567", "Trường Xuân"):
        assert secret not in html, secret
    assert "[Được giữ bí mật]" in html and 'id="identity-note"' in html
    assert "receipt.pdf" not in html  # the receipt names the denouncer
    assert case_id not in case_ids(page(client, "/admin/cases?q=trinh+van+kin")[1])
    assert case_id in case_ids(page(client, "/admin/cases?q=dia+chinh")[1])
    # The officer may not reassign a case.
    refused = client.post(f"/admin/cases/{case_id}/update", data={
        "status": "in_progress", "responsible_id": str(reporter.id), "csrf_token": csrf_from(html)})
    assert refused.status_code == 403

    log_in(client, handler.username)
    html = page(client, f"/admin/cases/{case_id}")[1]
    assert "Trịnh Văn Kín" in html and "068090004567" in html and "receipt.pdf" in html


def test_only_a_denunciation_resolution_offers_an_extension(client, staff, recorded):
    officer, headers = staff("officer")
    case_id = recorded(headers, meeting(visitor=DENOUNCER, matter_type="to_cao",
                                        field="tham_nhung"), service="B")["case"]["id"]
    log_in(client, officer.username)
    html = page(client, f"/admin/cases/{case_id}")[1]
    extends = re.findall(r'action="(/admin/cases/\d+/deadlines/\d+/extend)"', html)
    assert len(extends) == 1  # the resolution (Điều 30), not the 7 days to accept
    done = client.post(extends[0], data={"csrf_token": csrf_from(html)}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Đã gia hạn: Giải quyết tố cáo, hạn mới" in html and "đã gia hạn 1 lần" in html
    assert "/extend" not in html  # once only, unless complex
    again = client.post(extends[0], data={"csrf_token": csrf_from(html)}, follow_redirects=True)
    assert "flash-error" in again.get_data(as_text=True)

    complex_case = client.post(f"/admin/cases/{case_id}/update", follow_redirects=True, data={
        "status": "in_progress", "complex_case": "1", "flags": "1",
        "csrf_token": csrf_from(html)}).get_data(as_text=True)
    assert "Vụ việc phức tạp: Không → Có" in history_items(complex_case)
    assert extends[0] in complex_case  # an especially complex denunciation: twice


def head_meeting(**changes):
    return meeting(reception_kind="head_in_person", session_kind="scheduled", **changes)


@pytest.fixture
def period_data(staff, recorded):
    """Record three deterministic visits today; return the leader."""
    _, headers = staff("officer")
    leader, _ = staff("leader", "Chủ tịch Nguyễn Văn Lãnh")
    recorded(headers, meeting())
    recorded(headers, meeting(visitor={"full_name": "Y Thị Hlen", "address": "Đắk Song"},
                              party_size=8, matter_type="kien_nghi",
                              representatives=[{"full_name": "Y Thị Hlen"}], field="chinh_sach",
                              handling="huong_dan", guidance="UBND xã Đắk Song"), party_size=8)
    recorded(headers, head_meeting(visitor={"full_name": "Lò Văn Páo", "address": "Đức An"},
                                   matter_type="phan_anh", field="nha_o", handling="chuyen_don",
                                   transfer_to="Sở Xây dựng", summary="Phản ánh nhà ở xuống cấp"))
    return leader


def cells(html: str, row_id: str) -> list[str]:
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td>([^<]*)</td>", row)


def table_rows(html: str, table_id: str) -> dict[str, list[str]]:
    table = re.search(rf'id="{table_id}">(.*?)</table>', html, re.S).group(1)
    return {code: re.findall(r"<td>([^<]*)</td>", row)
            for code, row in re.findall(r'<tr data-code="(\w+)">(.*?)</tr>', table, re.S)}


def test_leader_report_page_figures_charts_and_downloads(client, period_data):
    from reception import clock

    log_in(client, period_data.username)
    today = clock.today().isoformat()
    status, html = page(client, f"/admin/reports?from={today}&to={today}")
    assert status == 200
    assert cells(html, "totals-row") == ["Tổng số", "3", "3", "0", "10", "3", "3", "0", "1", "8"]
    assert cells(html, "groups-row") == ["1", "8", "1", "1", "0"]
    assert table_rows(html, "by_matter_type-table") == {
        "khieu_nai": ["1", "1", "1", "0"], "to_cao": ["0", "0", "0", "0"],
        "kien_nghi": ["1", "8", "1", "1"], "phan_anh": ["1", "1", "1", "0"]}
    assert table_rows(html, "by_handling-table")["chuyen_don"] == ["1", "1", "1", "0"]
    assert table_rows(html, "by_field-table")["dat_dai"] == ["1", "1", "1", "0"]
    assert sum(int(row[0]) for row in table_rows(html, "by_content_group-table").values()) == 3
    head = re.search(r'id="head-table">(.*?)</table>', html, re.S).group(1)
    assert re.search(r"Thủ trưởng trực tiếp tiếp – Định kỳ</th><td>1</td><td>1</td>", head)

    charts = json.loads(re.search(r'<script type="application/json" id="report-charts">(.*?)'
                                  r"</script>", html, re.S).group(1))
    assert charts["by_matter_type"] == {"labels": ["Khiếu nại", "Tố cáo", "Kiến nghị",
                                                   "Phản ánh"], "values": [1, 0, 1, 1]}
    assert {"by_field", "by_handling", "by_content_group"} <= charts.keys()
    for key in ("by_matter_type", "by_field", "by_handling"):
        assert f'<canvas id="{key}-chart"' in html
    assert "vendor/chart.umd.min.js" in html and "js/reports.js" in html

    links = {label: href.replace("&amp;", "&") for href, label in re.findall(
        r'<a class="btn[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', html)}
    sheet = client.get(links["Tải báo cáo 01/TCD (.xlsx)"])
    assert sheet.status_code == 200
    rows = list(load_workbook(BytesIO(sheet.data)).worksheets[0].iter_rows(values_only=True))
    assert any(row[0] == "Tổng số" and row[1] == 3 for row in rows)
    book = client.get(links["Sổ tiếp công dân (.xlsx)"])
    text = [str(cell) for row in load_workbook(BytesIO(book.data)).worksheets[0].iter_rows(
        values_only=True) for cell in row if cell is not None]
    assert any("Nguyễn Văn Phò" in cell for cell in text)
    assert any("Sở Xây dựng" in cell for cell in text)
    pdf = client.get(links["Sổ tiếp công dân (PDF để in)"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    # The logbook page shows the form's 12 columns for the same period.
    status, html = page(client, links["Xem sổ tiếp công dân của kỳ này"])
    assert status == 200 and "3 lượt tiếp" in html
    headings = re.findall(r'<th scope="col" data-key="\w+">([^<]+)</th>', html)
    assert len(headings) == 12 and headings[0] == "STT" and headings[-1] == "Ghi chú"
    assert len(re.findall(r"<tr data-visit-id=", html)) == 3
    assert "Nguyễn Văn Phò" in html and "Sở Xây dựng" in html

    bad = page(client, f"/admin/reports?from={today}&to=2020-01-01")
    assert bad[0] == 200 and 'role="alert"' in bad[1] and "totals-row" not in bad[1]
    assert 'role="alert"' in page(client, "/admin/logbook?from=2026-13-01&to=2026-12-31")[1]


def test_quick_periods_and_an_empty_period(client, staff, frozen):
    frozen(2027, 5, 14, 9)
    leader, _ = staff("leader")
    log_in(client, leader.username)
    status, html = page(client, "/admin/reports")
    assert status == 200
    quick = dict(re.findall(r'data-period="(\w+)" href="[^"?]*\?([^"]+)"', html))
    assert quick == {"this_month": "from=2027-05-01&amp;to=2027-05-31",
                     "this_quarter": "from=2027-04-01&amp;to=2027-06-30",
                     "this_year": "from=2027-01-01&amp;to=2027-12-31"}
    assert 'value="01/05/2027"' in html and 'value="14/05/2027"' in html
    assert "Chưa có lượt tiếp nào trong kỳ này." in html
    assert cells(html, "totals-row")[1:] == ["0"] * 9


def test_pages_in_english(client, staff, recorded):
    leader, _ = staff("leader")
    _, headers = staff("officer")
    case_id = recorded(headers, meeting())["case"]["id"]
    log_in(client, leader.username)
    for url, words in [("/admin/cases?lang=en", ["Case files", "In progress", "Complaint"]),
                       (f"/admin/cases/{case_id}", ["Legal deadlines", "Accept for resolution"]),
                       ("/admin/reports", ["By content (form 02/XLD)", "Download form 01/TCD"]),
                       ("/admin/logbook", ["Reception logbook", "Ghi chú"])]:
        status, html = page(client, url)
        assert status == 200, url
        for word in words:
            assert word in html, (url, word)

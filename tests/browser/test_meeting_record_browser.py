"""The whole path in headless Chromium: kiosk ticket → call at the desk → identify the visitor
by scanning the ID card's QR code → record the meeting → case file → logbook export."""

import io
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.chromium import KIOSK_PORTRAIT
from tests.live import PASSWORD

pytestmark = pytest.mark.browser

DESK = {"width": 1440, "height": 1000}
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
QR_PHO = ("068085001234|245678901|Nguyễn Văn Phò|15031985|Nam|"
          "Thôn 3, xã Đức An, tỉnh Lâm Đồng|01072021")


def make_staff(server):
    server.create_user("canbo1", "officer")
    server.create_user("lanhdao", "leader")
    return {"Authorization": f"Bearer {server.token('lanhdao')}"}


def take_ticket(pages, server) -> str:
    kiosk = pages.open(server.url + "/kiosk/", KIOSK_PORTRAIT)
    kiosk.get_by_role("button", name="Khiếu nại", exact=True).click()
    kiosk.locator('#people-choices [data-size="1"]').click()
    kiosk.locator('#priority-choices [data-priority=""]').click()
    number = kiosk.locator("#ticket-number")
    expect(number).to_have_text(re.compile(r"^\d{3}$"))
    text = number.inner_text()
    kiosk.close()
    return text


def open_desk(pages, server):
    desk = pages.open(server.url + "/admin/login", DESK)
    desk.fill("input[name=username]", "canbo1")
    desk.fill("input[name=password]", PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_url(server.url + "/admin/")
    desk.locator(".counter-choice[data-counter-id='1']").click()
    expect(desk.locator("#connection")).to_have_class(re.compile("conn-on"))
    return desk


def call(desk, number: str):
    desk.get_by_role("button", name=re.compile("^Gọi tiếp")).click()
    expect(desk.locator("#current-number")).to_have_text(number)
    expect(desk.locator("#record")).to_be_visible()
    expect(desk.locator("#record-number")).to_have_text(number)


def scan(desk, text: str):
    """Type the QR text like a USB scanner does: characters, then Enter."""
    desk.locator("#qr-input").click()
    desk.keyboard.type(text)
    desk.keyboard.press("Enter")


def test_scanned_visitor_recorded_into_a_case_and_the_logbook(live_server, pages):
    with ThreadPoolExecutor(1) as pool:
        leader = pool.submit(make_staff, live_server)
        number = take_ticket(pages, live_server)
        leader = leader.result()
    desk = open_desk(pages, live_server)
    call(desk, number)
    form = desk.locator("#record-form")

    scan(desk, QR_PHO)
    expect(desk.locator("#qr-message")).to_have_text("Đã đọc thẻ CCCD của Nguyễn Văn Phò.")
    expect(form.locator("input[name=full_name]")).to_have_value("Nguyễn Văn Phò")
    expect(form.locator("input[name=id_number]")).to_have_value("068085001234")
    expect(form.locator("input[name=birth_year]")).to_have_value("1985")
    expect(form.locator("select[name=sex]")).to_have_value("nam")
    expect(form.locator("input[name=address]")).to_have_value("Thôn 3, xã Đức An, tỉnh Lâm Đồng")
    expect(desk.locator("#returning")).to_have_text("Lần đầu đến trụ sở.")
    # The scanner's Enter did not finish the meeting.
    expect(desk.locator("#current-number")).to_have_text(number)

    form.locator("select[name=matter_type]").select_option("khieu_nai")
    form.locator("select[name=field]").select_option("dat_dai")
    form.locator("textarea[name=summary]").fill(
        "Khiếu nại quyết định thu hồi đất tại thửa số 112, tờ bản đồ số 7")
    form.locator("textarea[name=requests]").fill("Đề nghị hủy quyết định thu hồi đất")
    desk.get_by_role("button", name="Thêm tài liệu").click()
    form.locator("#documents input[name=doc_title]").fill("Đơn khiếu nại")
    form.locator("select[name=handling]").select_option("thu_ly")

    # A wrong ID number is refused with a Vietnamese message; the ticket stays open and
    # nothing typed is lost.
    form.locator("input[name=id_number]").fill("06808500123")
    desk.keyboard.press("F8")
    # The message sits by the box (issue 11), which gets the focus.
    id_box = form.locator("input[name=id_number]")
    expect(id_box).to_have_attribute("aria-invalid", "true")
    expect(id_box).to_be_focused()
    expect(form.locator("label.field:has(input[name=id_number]) .field-error")).to_have_text(
        "Số định danh cá nhân phải gồm đúng 12 chữ số.")
    expect(desk.locator("#record-error")).to_contain_text("1 ô chưa hợp lệ")
    expect(desk.locator("#current-number")).to_have_text(number)
    expect(form.locator("textarea[name=summary]")).to_have_value(re.compile("thửa số 112"))

    # A reload keeps the draft.
    form.locator("input[name=id_number]").fill("068085001234")
    expect(desk.locator("#returning")).to_have_text("Lần đầu đến trụ sở.")
    desk.wait_for_function(
        "() => Object.keys(localStorage).some(k => k.startsWith('reception.desk.record.')"
        " && localStorage.getItem(k).includes('068085001234'))")
    desk.reload()
    expect(desk.locator("#record-number")).to_have_text(number)
    expect(form.locator("textarea[name=summary]")).to_have_value(re.compile("thửa số 112"))
    expect(form.locator("#documents input[name=doc_title]")).to_have_value("Đơn khiếu nại")

    if os.environ.get("SCREENSHOTS") == "1":
        desk.screenshot(path=str(IMAGES / "desk-record.png"), full_page=True)
    desk.get_by_role("button", name=re.compile("^Lưu biên bản và kết thúc")).click()
    expect(desk.locator("#message")).to_have_text(f"Đã kết thúc số {number} và lưu biên bản.")
    expect(desk.locator("#current-number")).to_have_text("—")
    expect(desk.locator("#record")).to_be_hidden()
    last = desk.locator("#last-record")
    expect(last).to_contain_text(re.compile(r"Hồ sơ \S+"))
    receipt = last.get_by_role("link", name="In giấy biên nhận tài liệu")
    response = requests.get(live_server.url + receipt.get_attribute("href"), timeout=10,
                            cookies=session_cookies(desk))
    assert response.content.startswith(b"%PDF")

    # The case file is found without diacritics and holds the visit.
    url = live_server.url + "/api/v1"
    found = requests.get(url + "/cases", params={"q": "nguyen van pho"}, headers=leader,
                         timeout=10).json()
    assert found["total"] == 1
    case = requests.get(url + f"/cases/{found['cases'][0]['id']}", headers=leader,
                        timeout=10).json()["case"]
    assert case["matter_type"] == "khieu_nai" and case["status"] == "in_progress"
    assert [visit["summary"] for visit in case["visits"]] == [
        "Khiếu nại quyết định thu hồi đất tại thửa số 112, tờ bản đồ số 7"]

    # The logbook: the xlsx row and the PDF text carry the visit with its diacritics.
    day = case["opened_on"]
    book = requests.get(url + "/logbook", params={"from": day, "to": day, "format": "xlsx"},
                        headers=leader, timeout=10)
    assert book.status_code == 200, book.text
    rows = [[cell for cell in row if cell is not None]
            for row in load_workbook(io.BytesIO(book.content)).worksheets[0].iter_rows(
                values_only=True)]
    visit_rows = [row for row in rows if any("Nguyễn Văn Phò" in str(cell) for cell in row)]
    assert len(visit_rows) == 1
    assert any("068085001234" in str(cell) for cell in visit_rows[0])
    pdf = requests.get(url + "/logbook", params={"from": day, "to": day, "format": "pdf"},
                       headers=leader, timeout=10)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Nguyễn Văn Phò" in text and "thu hồi đất" in text

    # He comes back: the desk recognises him by the scanned card and offers his case.
    second = take_ticket(pages, live_server)
    call(desk, second)
    scan(desk, QR_PHO)
    expect(desk.locator("#returning")).to_contain_text("Công dân đã đến 1 lần trước")
    choice = form.locator("select[name=case_choice]")
    expect(choice.locator(f"option[value='{case['id']}']")).to_have_count(1)
    choice.select_option(str(case["id"]))
    form.locator("select[name=matter_type]").select_option("khieu_nai")
    form.locator("select[name=field]").select_option("dat_dai")
    form.locator("textarea[name=summary]").fill("Hỏi tiến độ giải quyết khiếu nại")
    form.locator("select[name=handling]").select_option("don_doc")
    desk.keyboard.press("F8")
    expect(desk.locator("#message")).to_have_text(f"Đã kết thúc số {second} và lưu biên bản.")

    case = requests.get(url + f"/cases/{case['id']}", headers=leader, timeout=10).json()["case"]
    assert [visit["is_repeat"] for visit in case["visits"]] == [False, True]


def session_cookies(page) -> dict:
    return {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}


def test_card_scanned_at_the_kiosk_fills_the_desk_form(live_server, pages):
    with ThreadPoolExecutor(1) as pool:
        staff = pool.submit(make_staff, live_server)
        kiosk = pages.open(live_server.url + "/kiosk/?scanner=1", KIOSK_PORTRAIT)
        notice = kiosk.locator("#card-notice")
        expect(notice).to_have_text(re.compile("Có thẻ căn cước gắn chip"))
        kiosk.get_by_role("button", name="Khiếu nại", exact=True).click()
        kiosk.keyboard.type(QR_PHO.replace("068085001234", "06808500123"))  # a bad read
        kiosk.keyboard.press("Enter")
        expect(notice).to_have_attribute("data-state", "failed")
        kiosk.keyboard.type(QR_PHO)
        kiosk.keyboard.press("Enter")
        expect(notice).to_have_attribute("data-state", "read")
        expect(notice).to_have_text(
            "Đã nhận thông tin thẻ căn cước. Cán bộ tiếp sẽ không phải ghi lại.")
        # The kiosk is a public screen: what the card says is never shown on it.
        assert "Nguyễn" not in kiosk.locator("body").inner_text()
        assert "068085001234" not in kiosk.content()
        kiosk.locator('#people-choices [data-size="1"]').click()
        kiosk.locator('#priority-choices [data-priority=""]').click()
        expect(kiosk.locator("#ticket-number")).to_have_text(re.compile(r"^\d{3}$"))
        number = kiosk.locator("#ticket-number").inner_text()
        assert "Nguyễn" not in kiosk.locator("body").inner_text()
        staff.result()

    desk = open_desk(pages, live_server)
    call(desk, number)
    form = desk.locator("#record-form")
    expect(form.locator("input[name=full_name]")).to_have_value("Nguyễn Văn Phò")
    expect(form.locator("input[name=id_number]")).to_have_value("068085001234")
    expect(desk.locator("#qr-message")).to_contain_text("đã quét thẻ CCCD ở kiosk")
    expect(desk.locator("#returning")).to_have_text("Lần đầu đến trụ sở.")


def test_leader_sees_the_case_and_the_report_charts(live_server, pages):
    leader = make_staff(live_server)
    officer = {"Authorization": f"Bearer {live_server.token('canbo1')}"}
    url = live_server.url + "/api/v1"
    for summary, matter, field, handling in [
        ("Khiếu nại quyết định thu hồi đất tại thửa số 112", "khieu_nai", "dat_dai", "thu_ly"),
        ("Kiến nghị sửa đường liên thôn", "kien_nghi", "chinh_sach", "chuyen_don"),
    ]:
        ticket = requests.post(url + "/tickets", json={"service": "A"}, timeout=10).json()
        requests.post(url + "/counters/1/call-next", headers=officer, timeout=10)
        finished = requests.post(url + f"/tickets/{ticket['ticket']['id']}/finish",
                                 headers=officer, timeout=10, json={
                                     "visitor": {"qr": QR_PHO}, "matter_type": matter,
                                     "field": field, "summary": summary, "handling": handling,
                                     **({"transfer_to": "Sở Giao thông vận tải"}
                                        if handling == "chuyen_don" else {})})
        assert finished.status_code == 200, finished.text
    del leader

    page = pages.open(live_server.url + "/admin/login", DESK)
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.get_by_role("link", name="Hồ sơ vụ việc").click()
    page.fill("input[name=q]", "thua so 112")
    page.get_by_role("button", name="Tìm").click()
    rows = page.locator("#cases-table tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    expect(page.locator("#visits-table")).to_contain_text("Nguyễn Văn Phò")
    expect(page.locator("#deadlines-table")).to_contain_text("Luật Tiếp công dân Điều 28.1")
    if os.environ.get("SCREENSHOTS") == "1":
        page.screenshot(path=str(IMAGES / "case.png"), full_page=True)

    page.get_by_role("link", name="Báo cáo").click()
    expect(page.locator("#totals-row")).to_contain_text("Tổng số")
    page.wait_for_function("() => window.reportCharts && Object.keys(window.reportCharts)"
                           ".length === 4")
    assert page.evaluate("window.reportCharts.by_matter_type.data.datasets[0].data") == [
        1, 0, 1, 0]
    if os.environ.get("SCREENSHOTS") == "1":
        page.screenshot(path=str(IMAGES / "reports.png"), full_page=True)

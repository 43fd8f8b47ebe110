"""Issue 13 in headless Chromium: a citizen books on a 360 px phone, keeps the code, and checks
in at the kiosk ("Tôi đã đặt lịch") by typing the code, or by scanning the page's QR link."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.chromium import KIOSK_PORTRAIT

pytestmark = pytest.mark.browser

PHONE_360 = {"width": 360, "height": 740}


def todays_session(server) -> str:
    """Add a session today, open all day, through the API as a leader; return its id."""
    server.create_user("lanhdao", "leader")
    token = server.token("lanhdao")
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    answer = requests.post(server.url + "/api/v1/sessions", timeout=10,
                           headers={"Authorization": f"Bearer {token}"},
                           json={"date": today, "starts_at": "00:00", "ends_at": "23:59",
                                 "host_name": "Trần Văn Bình", "host_title": "Chủ tịch UBND xã",
                                 "capacity": 4, "counter_id": 3})
    assert answer.status_code == 201, answer.text
    return answer.json()["session"]["id"]


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def book_on_phone(pages, server, session_id: str, name: str) -> tuple[str, object]:
    phone = pages.open(server.url + "/dat-lich", PHONE_360)
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    card = phone.locator(f'[data-session="{session_id}"]')
    expect(card).to_contain_text("Còn")
    assert fits(phone, 360)
    card.get_by_role("link", name="Đặt lịch buổi này").click()
    phone.get_by_label("Loại việc").select_option("A")
    phone.get_by_label("Họ và tên").fill(name)
    phone.get_by_label("Số điện thoại").fill("0912 345 678")
    phone.get_by_label("Tóm tắt nội dung").fill("Đề nghị xem xét cấp giấy chứng nhận.")
    assert fits(phone, 360)
    phone.get_by_role("button", name="Đặt lịch", exact=True).click()
    expect(phone.locator("#appointment-status")).to_have_text("Đã đặt lịch")
    code = phone.locator("#appointment-code").inner_text().strip()
    qr = phone.locator("#appointment-qr")
    expect(qr).to_be_visible()
    # Visible is not loaded: wait for the picture itself (a broken one never gets a width).
    phone.wait_for_function("() => document.getElementById('appointment-qr').naturalWidth > 0")
    assert fits(phone, 360)
    return code, phone


def test_book_on_a_phone_and_check_in_at_the_kiosk(live_server, pages):
    session_id = todays_session(live_server)
    code, phone = book_on_phone(pages, live_server, session_id, "Nguyễn Thị Hồng Nhung")
    assert len(code) == 10

    kiosk = pages.open(live_server.url + "/kiosk/", KIOSK_PORTRAIT)
    kiosk.get_by_role("button", name="Tôi đã đặt lịch").click()
    kiosk.get_by_label("Mã hẹn").fill(code.lower())
    kiosk.get_by_role("button", name="Lấy số").click()
    number = kiosk.locator("#ticket-number")
    expect(number).to_have_text("001")
    expect(kiosk.locator("section[data-step='ticket']")).not_to_contain_text("Khiếu nại")

    phone.reload()
    expect(phone.locator("#appointment-status")).to_have_text("Đã lấy số tại kiosk")
    expect(phone.locator(".ticket-line")).to_contain_text("001")

    # A wrong code is told in Vietnamese, and the kiosk goes back to its start.
    kiosk.goto(live_server.url + "/kiosk/")
    kiosk.get_by_role("button", name="Tôi đã đặt lịch").click()
    kiosk.get_by_label("Mã hẹn").fill("ABCDEFGHJK")
    kiosk.get_by_role("button", name="Lấy số").click()
    expect(kiosk.locator("#error-message")).to_have_text("Không tìm thấy lịch hẹn.")


def test_the_scanner_reads_the_qr_link_on_the_start_screen(live_server, pages):
    session_id = todays_session(live_server)
    code, _phone = book_on_phone(pages, live_server, session_id, "Lê Văn Tám")
    kiosk = pages.open(live_server.url + "/kiosk/?scanner=1", KIOSK_PORTRAIT)
    expect(kiosk.get_by_role("button", name="Khiếu nại", exact=True)).to_be_visible()
    # A USB scanner types the QR code's text (the appointment page's address) and Enter.
    kiosk.locator("#card-input").press_sequentially(f"{live_server.url}/hen/{code}")
    kiosk.locator("#card-input").press("Enter")
    expect(kiosk.locator("#ticket-number")).to_have_text("001")

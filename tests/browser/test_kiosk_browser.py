"""The kiosk in headless Chromium (issue 11, items 4-7): a dead server, the ticket kept with its
QR code when nothing printed, the matters explained, the numpad and the chosen matter.

The browser speaks English: the kiosk must still speak Vietnamese to the next citizen.
"""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.chromium import KIOSK_LANDSCAPE, KIOSK_PORTRAIT, pages_in

pytestmark = pytest.mark.browser

SIZES = pytest.mark.parametrize("viewport", [KIOSK_PORTRAIT, KIOSK_LANDSCAPE],
                                ids=["portrait", "landscape"])
TICKETS_URL = re.compile(r"/api/v1/tickets\?")
SERVICES_URL = re.compile(r"/api/v1/services\?")
# The browser is set to English: the kiosk must still open in Vietnamese (app.pick_language).
KIOSK = "/kiosk/"
# The kiosk checks every 5 s while the server answers; away, after 2, 4, 8, 15, then 30 s.
CHECK_MS = 5_000 + 3_000
BACK_MS = 30_000 + 5_000
OFFLINE_TEXT = ("Máy chưa kết nối được với hệ thống. Xin vui lòng hỏi cán bộ tiếp công dân "
                "hoặc bảo vệ để được hướng dẫn.")


@pytest.fixture
def pages(browser):
    """Like tests/browser/conftest.py's pages, in a browser set to English."""
    yield from pages_in(browser, "en-US")


def matter(kiosk, name: str):
    return kiosk.get_by_role("button", name=name, exact=True)


def box(locator) -> dict:
    return locator.bounding_box()


def within(inner: dict, outer: dict) -> bool:
    return (inner["x"] >= outer["x"] - 1 and inner["y"] >= outer["y"] - 1
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1)


def screen_of(viewport: dict) -> dict:
    return {"x": 0, "y": 0, **viewport}


def test_an_english_browser_still_gets_vietnamese(live_server, pages):
    kiosk = pages.open(live_server.url + "/kiosk/", KIOSK_PORTRAIT)
    expect(matter(kiosk, "Khiếu nại")).to_be_visible()
    expect(kiosk.locator("html")).to_have_attribute("lang", "vi")


def test_a_dead_server_is_told_on_the_start_screen_and_the_kiosk_comes_back(live_server, pages):
    # Real time: a faked clock jumping ahead would also fire the checks' own timeouts.
    kiosk = pages.open(live_server.url + KIOSK, KIOSK_PORTRAIT)
    notice = kiosk.locator("#offline-notice")
    expect(matter(kiosk, "Khiếu nại")).to_be_visible()
    expect(notice).to_be_hidden()

    live_server.stop()
    # No tap: the kiosk's next check (every 5 s) finds the server gone.
    expect(notice).to_be_visible(timeout=CHECK_MS)
    expect(notice).to_contain_text("Máy lấy số tạm thời chưa hoạt động")
    expect(notice).to_contain_text(OFFLINE_TEXT)
    expect(notice).to_contain_text("Máy sẽ tự hoạt động lại khi có kết nối.")
    # No buttons that would only end on a spinner and an error.
    expect(kiosk.locator("#matter-choices button")).to_have_count(0)
    assert within(box(notice), screen_of(KIOSK_PORTRAIT))
    kiosk.set_viewport_size(KIOSK_LANDSCAPE)
    assert within(box(notice), screen_of(KIOSK_LANDSCAPE))

    live_server.start()
    # Checks back off while the server is away (at most 30 s apart); then it comes back.
    expect(notice).to_be_hidden(timeout=BACK_MS)
    expect(matter(kiosk, "Khiếu nại")).to_be_enabled()
    matter(kiosk, "Khiếu nại").click()
    expect(kiosk.locator("#people-chosen")).to_have_text("Việc: Khiếu nại")


@SIZES
def test_with_nothing_printed_the_number_stays_with_its_qr_code(live_server, pages, viewport):
    kiosk = pages.open(live_server.url + KIOSK, viewport, fake_clock=True)
    matter(kiosk, "Tố cáo").click()
    kiosk.locator('#people-choices [data-size="1"]').click()
    with kiosk.expect_response(TICKETS_URL) as answer:
        kiosk.locator('#priority-choices [data-priority=""]').click()
    ticket = answer.value.json()["ticket"]
    assert ticket["print_status"] == "none"  # the default: no printer

    number = kiosk.locator("#ticket-number")
    image = kiosk.locator("#ticket-qr-image")
    expect(number).to_have_text("001")
    expect(image).to_have_attribute("src", ticket["status_url"] + "/qr.svg")
    kiosk.wait_for_function("() => document.getElementById('ticket-qr-image').naturalWidth > 0")
    expect(kiosk.locator("#ticket-qr")).to_contain_text(
        "Quét mã QR bằng điện thoại để giữ số thứ tự và theo dõi lượt gọi")
    # Number, QR code and "Xong" all on screen, the QR code no smaller than 250 px.
    screen = screen_of(viewport)
    for part in (number, image, kiosk.locator("#done")):
        assert within(box(part), screen), part
    assert box(image)["width"] >= 250
    # The QR code is the status page's (the page answers), and the screen names no matter.
    svg = requests.get(live_server.url + ticket["status_url"] + "/qr.svg", timeout=5)
    assert svg.status_code == 200 and svg.headers["Content-Type"].startswith("image/svg+xml")
    ticket_screen = kiosk.locator('section[data-step="ticket"]')
    expect(ticket_screen).not_to_contain_text("Tố cáo")
    expect(ticket_screen).not_to_contain_text("Việc:")
    assert "Tố cáo" not in kiosk.content()

    # No countdown: ten minutes later the number is still there...
    expect(kiosk.locator("#ticket-countdown")).to_have_text(
        "Người tiếp theo: chạm vào màn hình để lấy số")
    kiosk.clock.run_for(600_000)
    expect(number).to_have_text("001")
    expect(image).to_be_visible()
    # ...until the next citizen touches the screen: the start, and no QR code left behind.
    kiosk.locator("#ticket-wait").click()
    expect(matter(kiosk, "Khiếu nại")).to_be_visible()
    expect(kiosk.locator("#ticket-qr-image")).not_to_have_attribute("src", re.compile("."))


def test_a_printed_ticket_still_goes_after_its_countdown_without_a_qr_code(live_server, pages):
    kiosk = pages.open(live_server.url + KIOSK, KIOSK_LANDSCAPE, fake_clock=True)

    def printed(route):
        body = route.fetch().json()
        body["ticket"]["print_status"] = "printed"
        route.fulfill(status=201, json=body)

    kiosk.route(TICKETS_URL, printed)
    matter(kiosk, "Khiếu nại").click()
    kiosk.locator('#people-choices [data-size="2"]').click()
    kiosk.locator('#priority-choices [data-priority=""]').click()
    expect(kiosk.locator("#ticket-print")).to_have_text("Mời nhận phiếu in bên dưới")
    expect(kiosk.locator("#ticket-qr")).to_be_hidden()
    expect(kiosk.locator("#ticket-countdown")).to_have_text(
        "Màn hình tự trở về trang đầu sau 15 giây")
    kiosk.clock.run_for(15_000)
    expect(matter(kiosk, "Khiếu nại")).to_be_visible()


@SIZES
def test_matters_are_explained_and_the_unsure_ask_the_information_desk(live_server, pages,
                                                                      viewport):
    kiosk = pages.open(live_server.url + KIOSK, viewport)
    explained = {
        "Khiếu nại": "Không đồng ý với quyết định, hành vi của cơ quan, cán bộ",
        "Tố cáo": "Báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật",
        "Kiến nghị, phản ánh": "Góp ý, đề xuất hoặc cho biết một vấn đề cần cơ quan xem xét",
        "Chưa rõ — hỏi cán bộ": "Cán bộ sẽ giúp bạn xác định việc cần làm",
    }
    main = box(kiosk.locator(".kiosk-main"))
    for name, line in explained.items():
        choice = matter(kiosk, name)
        expect(choice).to_have_accessible_description(line)
        expect(choice).to_contain_text(line)
        # Every choice fits on the screen without scrolling.
        assert within(box(choice), main), name

    unsure = matter(kiosk, "Chưa rõ — hỏi cán bộ")
    expect(unsure).to_be_enabled()
    unsure.click()
    expect(kiosk.locator("#people-chosen")).to_have_text("Việc: Chưa rõ — hỏi cán bộ")
    kiosk.locator('#people-choices [data-size="1"]').click()
    expect(kiosk.locator("#priority-chosen")).to_have_text("Việc: Chưa rõ — hỏi cán bộ · 1 người")
    with kiosk.expect_request(TICKETS_URL) as sent:
        kiosk.locator('#priority-choices [data-priority=""]').click()
    assert sent.value.post_data_json["service"] == "D"  # "Nộp đơn, hỏi thông tin"
    expect(kiosk.locator("#ticket-number")).to_have_text("001")


def test_the_unsure_button_is_hidden_without_an_information_desk(live_server, pages):
    kiosk = pages.context.new_page()

    def without_d(route):
        body = route.fetch().json()
        body["services"] = [s for s in body["services"] if s["code"] != "D"]
        route.fulfill(json=body)

    kiosk.route(SERVICES_URL, without_d)
    kiosk.set_viewport_size(KIOSK_PORTRAIT)
    kiosk.goto(live_server.url + KIOSK)
    expect(matter(kiosk, "Khiếu nại")).to_be_visible()
    # The three matters left, and "Tôi đã đặt lịch" (issue 13), which is no matter.
    expect(kiosk.locator("#matter-choices button")).to_have_count(4)
    expect(kiosk.locator('#matter-choices [data-service="appointment"]')).to_have_count(1)
    expect(matter(kiosk, "Chưa rõ — hỏi cán bộ")).to_have_count(0)


@SIZES
def test_the_numpad_error_moves_no_key_and_the_matter_shows_while_choosing(live_server, pages,
                                                                          viewport):
    kiosk = pages.open(live_server.url + KIOSK, viewport)
    matter(kiosk, "Khiếu nại").click()
    expect(kiosk.locator("#people-chosen")).to_have_text("Việc: Khiếu nại")
    kiosk.get_by_role("button", name="5 người trở lên").click()
    expect(kiosk.locator("#numpad-chosen")).to_have_text("Việc: Khiếu nại")

    keys = [kiosk.locator(f'[data-key="{key}"]') for key in ("1", "3", "0", "ok")]
    expect(keys[-1]).to_be_enabled()
    # The whole step fits: no scrolling (a click would scroll the keys away from the finger).
    assert kiosk.evaluate("""() => {
        const main = document.querySelector(".kiosk-main");
        return main.scrollHeight <= main.clientHeight;
    }""")
    before = [box(key) for key in keys]
    keys[1].click()
    keys[-1].click()
    message = kiosk.locator("#numpad-message")
    expect(message).to_have_text("Số người phải từ 5 đến 500. Vui lòng nhập lại.")
    assert [box(key) for key in keys] == before
    # The keys stay on screen with the message.
    for key in keys:
        assert within(box(key), screen_of(viewport))
    kiosk.get_by_role("button", name="Xóa").click()
    kiosk.locator('[data-key="6"]').click()
    keys[-1].click()
    expect(kiosk.locator("#priority-chosen")).to_have_text("Việc: Khiếu nại · 6 người")
    kiosk.locator('#priority-choices [data-priority=""]').click()
    expect(kiosk.locator("#ticket-number")).to_have_text("001")
    expect(kiosk.locator('section[data-step="ticket"]')).not_to_contain_text("Việc:")


def test_a_denunciation_is_not_repeated_while_choosing(live_server, pages):
    """Kept from issue 9: others may read the screen over the citizen's shoulder."""
    kiosk = pages.open(live_server.url + KIOSK, KIOSK_PORTRAIT)
    matter(kiosk, "Tố cáo").click()
    expect(kiosk.locator("#people-choices button").first).to_be_visible()
    expect(kiosk.locator("#people-chosen")).to_be_hidden()
    kiosk.locator('#people-choices [data-size="2"]').click()
    expect(kiosk.locator("#priority-chosen")).to_have_text("2 người")

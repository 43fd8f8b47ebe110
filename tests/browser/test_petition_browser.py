"""A citizen sends a petition from a 360 px phone on the real server; the SMS confirmation
reaches the local gateway without anyone running the sender by hand. With SCREENSHOTS=1 it
saves docs/images/gui-don.png."""

import os
from pathlib import Path

from tests.chromium import pages_in
from tests.live import LiveServer, wait_for
from tests.notifications.conftest import sms_gateway  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
PHONE_360 = {"width": 360, "height": 740}
PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_petition_sent_from_a_small_phone(tmp_path, browser, sms_gateway):  # noqa: F811
    url, gateway = sms_gateway
    server = LiveServer(tmp_path, {"RECEPTION_SMS_URL": url,
                                   "RECEPTION_PETITION_FOLDER": str(tmp_path / "don")}).start()
    try:
        for pages in pages_in(browser, "en-US"):  # an English phone still gets Vietnamese
            page = pages.open(server.url + "/gui-don", PHONE_360)
            assert page.locator("h1").inner_text() == "Gửi đơn trực tuyến"
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.fill("#p-name", "Phạm Thị Đơn")
            page.fill("#p-phone", "0987654321")
            page.fill("#p-address", "Thôn 5, xã Đức An")
            page.select_option("#p-service", "C")
            page.fill("#p-content", "Kiến nghị sửa đường liên thôn.")
            if os.environ.get("SCREENSHOTS") == "1":
                page.screenshot(path=str(ROOT / "docs/images/gui-don.png"), full_page=True)
            page.set_input_files("#p-files", files=[
                {"name": "anh.pdf", "mimeType": "application/pdf", "buffer": PDF}])
            # A bad phone is refused with the server's Vietnamese message, nothing sent.
            page.fill("#p-phone", "098765432")
            page.click("#p-send")
            page.wait_for_selector("#p-error:not([hidden])")
            assert "10 chữ số" in page.locator("#p-error").inner_text()
            page.fill("#p-phone", "0987654321")
            page.click("#p-send")
            page.wait_for_selector("#p-done:not([hidden])")
            code = page.locator("#p-code").inner_text()
            assert len(code) == 10
            assert page.locator("#p-done-title").inner_text() == "Đã nhận đơn"
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            wait_for(lambda code=code: any(code in r["json"]["text"] for r in gateway.received),
                     timeout=15, message="the SMS confirmation")
            [sms] = [r for r in gateway.received if code in r["json"]["text"]]
            assert sms["json"]["to"] == "0987654321"
            # The file is on disk under the configured folder.
            assert [p.name for p in (tmp_path / "don" / code).iterdir()][0].endswith(".pdf")
    finally:
        server.discard()

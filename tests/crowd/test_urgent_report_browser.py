"""The crowd view shows who was told of an alert by SMS, live, on the real server; the urgent
report opens as a one-page PDF."""

import io
import re

import pytest
import requests
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.console import CspWatch
from tests.crowd.test_crowd_browser import issue
from tests.live import PASSWORD, LiveServer, wait_for
from tests.notifications.conftest import sms_gateway  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_the_crowd_view_shows_who_was_told(tmp_path, browser, sms_gateway):  # noqa: F811
    url, gateway = sms_gateway
    server = LiveServer(tmp_path, {"RECEPTION_SMS_URL": url,
                                   "RECEPTION_ALERT_PHONES": "0911000111,0922000222"}).start()
    try:
        told_on_the_crowd_view(browser, server, gateway)
    finally:
        server.discard()


def told_on_the_crowd_view(browser, server, gateway):
    server.create_user("lanhdao1", "leader", full_name="Trần Lãnh Đạo")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    csp = CspWatch()
    csp.attach(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + "/admin/login?next=/admin/crowd")
    page.fill("input[name=username]", "lanhdao1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/admin/crowd")
    expect(page.locator("#connection")).to_have_class(re.compile("conn-on"))

    group = issue(server.url, 9, "A")
    wait_for(lambda: len(gateway.received) == 2, timeout=15, message="two urgent SMS")
    assert {r["json"]["to"] for r in gateway.received} == {"0911000111", "0922000222"}
    assert all(f"phiếu số {group['number']}, 9 người" in r["json"]["text"]
               for r in gateway.received)
    alert = page.locator("#alerts .alert-item").first
    expect(alert).to_contain_text("Đã báo ngay cho: 0911000111 (sms đã gửi); "
                                  "0922000222 (sms đã gửi)")
    alert.get_by_role("button", name="Xác nhận").click()
    page.locator("#ack-confirm").click()
    expect(page.locator("#alerts .alert-item").first).to_contain_text(
        "Đã xác nhận: Trần Lãnh Đạo")
    link = page.locator("#urgent-report")
    expect(link).to_have_text("In báo cáo nhanh (PDF)")
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    report = requests.get(server.url + link.get_attribute("href"), cookies=cookies, timeout=10)
    assert report.status_code == 200
    pdf = PdfReader(io.BytesIO(report.content))
    assert len(pdf.pages) == 1 and "0922000222 (đã gửi)" in pdf.pages[0].extract_text()
    assert not errors, errors
    csp.check()
    context.close()

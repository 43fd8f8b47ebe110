"""The security view in headless Chromium against the served app, updating live as tickets
are issued through the API. With SCREENSHOTS=1 it saves docs/images/crowd.png.

It opens its own context in the session's one Chromium (tests/conftest.py `browser`)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.console import CspWatch
from tests.live import PASSWORD

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CROWD_SCREEN = {"width": 1600, "height": 1000}


def issue(url, size, service="A"):
    response = requests.post(url + "/api/v1/tickets", timeout=5,
                             json={"service": service, "party_size": size})
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def test_security_view_updates_live(browser, live_server):
    url = live_server.url
    live_server.create_user("baove1", "security", full_name="Nguyễn Văn Bảo")
    live_server.create_user("canbo1", "officer")
    officer = {"Authorization": f"Bearer {live_server.token('canbo1')}"}
    context = browser.new_context(viewport=CROWD_SCREEN, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    csp = CspWatch()
    csp.attach(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + "/admin/login?next=/admin/crowd")
    page.fill("input[name=username]", "baove1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/admin/crowd")
    expect(page.locator("#connection")).to_have_class(re.compile("conn-on"))
    expect(page.locator("#people-in-hall")).to_have_text("0")
    page.locator("#sound-overlay").click()
    expect(page.locator("#sound-overlay")).to_be_hidden()

    issue(url, 3)
    expect(page.locator("#people-in-hall")).to_have_text("3")
    group = issue(url, 40, "B")  # a denunciation: security never sees the matter
    expect(page.locator("#people-in-hall")).to_have_text("43")
    expect(page.locator("#groups .group-item")).to_have_count(1)
    expect(page.locator("#groups .group-item").first).to_contain_text("40 người")
    expect(page.locator("#groups")).not_to_contain_text("Tố cáo")
    alert = page.locator("#alerts .alert-item").first
    expect(alert).to_contain_text(f"Đoàn đông người: phiếu số {group['number']}, 40 người.")
    expect(page.locator("#alerts-panel")).to_have_class(re.compile("has-open"))

    alert.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#ack-dialog")).to_be_visible()
    page.fill("#ack-note", "Đã báo lãnh đạo, mời đại diện đoàn vào phòng tiếp")
    page.locator("#ack-confirm").click()
    expect(page.locator("#alerts .alert-item").first).to_contain_text("Đã xác nhận: Nguyễn Văn Bảo")
    expect(page.locator("#incidents")).to_contain_text("Đã báo lãnh đạo")

    # A delegation without tickets is recorded at the door: the hall becomes "đông".
    page.locator("#walk-in-details summary").click()
    page.fill("#walk-in-form input[name=party_size]", "15")
    page.fill("#walk-in-form input[name=note]", "Đoàn thôn Đắk Thốt")
    page.fill("#walk-in-form textarea[name=representatives]", "Y Bhiar\nH'Nga")
    page.locator("#walk-in-form button[type=submit]").click()
    expect(page.locator("#people-in-hall")).to_have_text("58")
    expect(page.locator("#level")).to_have_text("Đông")
    expect(page.locator("body")).to_have_class(re.compile("level-crowded"))
    expect(page.locator("#walk-ins .walk-in-item")).to_contain_text("Đại diện: Y Bhiar, H'Nga")

    # Tickets finish: the count falls live.
    called = requests.post(url + "/api/v1/counters/1/call-next", headers=officer,
                           timeout=5).json()["ticket"]
    requests.post(f"{url}/api/v1/tickets/{called['id']}/finish", headers=officer, timeout=5)
    expect(page.locator("#people-in-hall")).to_have_text("55")
    page.locator("#walk-ins .walk-in-item").get_by_role("button", name="Đã rời trụ sở").click()
    expect(page.locator("#people-in-hall")).to_have_text("40")
    expect(page.locator("#level")).to_have_text("Bình thường")
    expect(page.locator("#day-peak")).to_contain_text("Cao nhất: 58 người")
    assert page.evaluate("window.Chart !== undefined")

    if os.environ.get("SCREENSHOTS") == "1":
        screenshot_state(url, officer, page, live_server)
    assert not errors, errors
    csp.check()
    context.close()


def screenshot_state(url, officer, page, live_server):
    """Fill the hall and a month of history for the README picture; save docs/images/crowd.png."""
    subprocess.run([sys.executable, "-m", "tests.crowd.history_seed"], cwd=ROOT, check=True,
                   env=live_server.env, capture_output=True, timeout=120)
    for size, service in ((2, "A"), (120, "A"), (4, "C"), (6, "D"), (1, "A"), (3, "C")):
        issue(url, size, service)
    requests.post(url + "/api/v1/counters/2/call-next", headers=officer, timeout=5)
    requests.post(url + "/api/v1/counters/3/call-next", headers=officer, timeout=5)
    page.locator("#walk-in-details summary").click()
    page.fill("#walk-in-form input[name=party_size]", "9")
    page.fill("#walk-in-form input[name=note]", "Hộ dân dự án đường liên xã")
    page.locator("#walk-in-form button[type=submit]").click()
    expect(page.locator("#people-in-hall")).to_have_text("185")
    expect(page.locator("#level")).to_have_text("Quá đông")
    # Yesterday's chart (or Friday's after a weekend) and the month's hourly counts.
    # The day field shows today as dd/mm/yyyy and takes a day typed the same way.
    last_open = page.evaluate("""() => {
      const [d, m, y] = document.getElementById("history-day").value.split("/").map(Number);
      const day = new Date(y, m - 1, d, 12);
      do { day.setDate(day.getDate() - 1); } while (day.getDay() === 0 || day.getDay() === 6);
      const two = (n) => String(n).padStart(2, "0");
      return two(day.getDate()) + "/" + two(day.getMonth() + 1) + "/" + day.getFullYear();
    }""")
    page.fill("#history-day", last_open)
    page.locator("#history-day").blur()
    expect(page.locator("#day-peak")).to_contain_text("Cao nhất")
    page.reload()
    expect(page.locator("#connection")).to_have_class(re.compile("conn-on"))
    expect(page.locator("#open-days")).not_to_have_text(re.compile("^0 ngày"))
    page.locator("#sound-overlay").click()
    page.fill("#history-day", last_open)
    expect(page.locator("#day-peak")).to_contain_text("Cao nhất")
    page.locator("#history-day").blur()
    images = ROOT / "docs" / "images"
    images.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)
    page.screenshot(path=str(images / "crowd.png"), full_page=True, animations="disabled")

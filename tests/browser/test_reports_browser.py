"""The leader's pages in headless Chromium: find a case without diacritics, work it through the
page's buttons, then the report page draws its charts (Chart.js) from the embedded figures."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from playwright.sync_api import expect

from tests.live import PASSWORD

pytestmark = pytest.mark.browser

SCREEN = {"width": 1440, "height": 1000}
QR_PHO = ("068085001234|245678901|Nguyễn Văn Phò|15031985|Nam|"
          "Thôn 3, xã Đức An, tỉnh Lâm Đồng|01072021")
VISITS = [
    ("Khiếu nại quyết định thu hồi đất tại thửa số 112", "khieu_nai", "dat_dai", "thu_ly", {}),
    ("Kiến nghị sửa đường liên thôn", "kien_nghi", "chinh_sach", "chuyen_don",
     {"transfer_to": "Sở Giao thông vận tải"}),
    ("Phản ánh tiếng ồn của xưởng gỗ", "phan_anh", "khac", "huong_dan",
     {"guidance": "UBND xã Đức An"}),
]


def record_visits(server):
    """Create the staff and record VISITS through the API as an officer at counter 1."""
    server.create_user("lanhdao", "leader")
    server.create_user("canbo1", "officer")
    officer = {"Authorization": f"Bearer {server.token('canbo1')}"}
    url = server.url + "/api/v1"
    for summary, matter, field, handling, extra in VISITS:
        ticket = requests.post(url + "/tickets", json={"service": "A"}, timeout=10).json()
        called = requests.post(url + "/counters/1/call-next", headers=officer, timeout=10)
        assert called.status_code == 200, called.text
        finished = requests.post(
            url + f"/tickets/{ticket['ticket']['id']}/finish", headers=officer, timeout=10,
            json={"visitor": {"qr": QR_PHO}, "matter_type": matter, "field": field,
                  "summary": summary, "handling": handling, **extra})
        assert finished.status_code == 200, finished.text


def test_leader_works_a_case_and_sees_the_report_charts(live_server, pages):
    with ThreadPoolExecutor(1) as pool:
        seeding = pool.submit(record_visits, live_server)
        page = pages.open(live_server.url + "/admin/login", SCREEN)
        seeding.result()
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.get_by_role("link", name="Hồ sơ vụ việc").click()
    page.fill("input[name=q]", "thua so 112")
    page.get_by_role("button", name="Tìm", exact=True).click()
    rows = page.locator("#cases-table tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    expect(page.locator("#visits-table")).to_contain_text("Nguyễn Văn Phò")
    answer = page.locator("#deadlines-table tbody tr", has_text="Luật Tiếp công dân Điều 28.1")
    answer.get_by_role("button", name="Đã hoàn thành").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã ghi nhận hoàn thành")
    expect(answer).to_have_attribute("data-state", "met")

    page.get_by_role("link", name="Báo cáo").click()
    expect(page.locator("#totals-row td").nth(1)).to_have_text("3")
    page.wait_for_function(
        "() => window.reportCharts && Object.keys(window.reportCharts).length === 4")
    for key in ("by_matter_type", "by_field", "by_handling", "by_content_group"):
        canvas = page.locator(f"#{key}-chart")
        expect(canvas).to_be_visible()
        # Chart.js registered a chart on the canvas and drew it at a real size.
        assert page.evaluate(
            "id => { const c = Chart.getChart(id); return !!c && c.width > 0 && c.height > 0; }",
            f"{key}-chart"), key
    assert page.evaluate("Chart.getChart('by_matter_type-chart').data.datasets[0].data") == [
        1, 0, 1, 1]
    assert page.evaluate("Chart.getChart('by_handling-chart').data.labels").count(
        "Chuyển đơn đến cơ quan có thẩm quyền") == 1

    # A quick period reloads the page with the same figures (the visits are this month's).
    page.locator("[data-period=this_month]").click()
    expect(page.locator("[data-period=this_month]")).to_have_attribute("aria-current", "true")
    page.wait_for_function("() => window.reportCharts && window.reportCharts.by_field")
    expect(page.locator("#totals-row td").nth(1)).to_have_text("3")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo 01/TCD (.xlsx)").click()
    assert re.fullmatch(r"bao-cao-01-tcd_\d{4}-\d\d-01_\d{4}-\d\d-\d\d\.xlsx",
                        download.value.suggested_filename)
    with open(download.value.path(), "rb") as sheet:
        assert sheet.read(2) == b"PK"  # a zip: the xlsx container

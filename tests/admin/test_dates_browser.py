"""Staff pages in headless Chromium with an American English browser (issue 11, items 14 and
19): dates are typed and shown dd/mm/yyyy whatever the browser's language, security staff land
on the crowd view, and an alert whose condition has ended neither asks for acknowledgement nor
counts in the badge.

Each test opens its own context in the session's one Chromium (tests/conftest.py `browser`)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.chromium import DESK, log_in
from tests.console import CspWatch

pytestmark = pytest.mark.browser


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def american_page(browser, csp):
    context = browser.new_context(viewport=DESK, locale="en-US",
                                  timezone_id="America/New_York")
    context.set_default_timeout(10_000)
    csp.attach(context)
    return context, context.new_page()


def test_dates_are_dd_mm_yyyy_in_an_english_browser(browser, live_server):
    url = live_server.url
    live_server.create_user("quantri1", "admin", full_name="Quản Trị Viên")
    csp = CspWatch()
    context, page = american_page(browser, csp)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    assert page.evaluate("navigator.language") == "en-US"
    log_in(page, url, "quantri1", "/admin/")
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()

    page.goto(url + "/admin/reports")
    start, end = page.locator("input[name=from]"), page.locator("input[name=to]")
    expect(start).to_have_attribute("type", "text")
    expect(start).to_have_attribute("placeholder", "dd/mm/yyyy")
    expect(start).to_have_value(dmy(today.replace(day=1)))
    expect(end).to_have_value(dmy(today))
    # An American month-first date breaks the pattern: the browser holds the form back.
    start.fill("12/31/2026")
    assert start.evaluate("field => field.checkValidity()") is False
    first = today.replace(month=1, day=1)
    start.fill(dmy(first))
    assert start.evaluate("field => field.checkValidity()") is True
    page.locator(".report-period button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/reports\?from=01%2F01%2F"))
    expect(page.locator("input[name=from]")).to_have_value(dmy(first))
    expect(page.locator("body")).to_contain_text(f"Kỳ báo cáo: {dmy(first)} – {dmy(today)}")
    # An old bookmark with ISO dates still opens the same period.
    page.goto(f"{url}/admin/logbook?from={first.isoformat()}&to={today.isoformat()}")
    expect(page.locator("input[name=from]")).to_have_value(dmy(first))
    expect(page.locator("input[name=to]")).to_have_value(dmy(today))

    # The duty roster: a shift typed dd/mm/yyyy lands on that day in the calendar.
    monday = today + timedelta(days=7 - today.weekday())
    page.goto(url + "/admin/schedule")
    form = page.locator("#shift-form")
    form.locator("input[name=person_name]").fill("Trần Thị Cúc")
    form.locator("input[name=first_day]").fill(dmy(monday))
    form.locator("input[name=last_day]").fill(dmy(monday))
    form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Đã thêm 1 ca trực.")
    row = page.locator(f"#calendar tr[data-date='{monday.isoformat()}']")
    expect(row).to_contain_text(dmy(monday))
    expect(row).to_contain_text("Trần Thị Cúc")
    assert page.locator("input[type=date]").count() == 0

    # The crowd view's day picker reads dd/mm/yyyy too.
    page.goto(url + "/admin/crowd")
    expect(page.locator("#history-day")).to_have_value(dmy(today))
    page.fill("#history-day", "12-31-2026")
    page.locator("#history-day").blur()
    expect(page.locator("#message")).to_contain_text("Ngày phải có dạng dd/mm/yyyy")
    assert not errors, errors
    csp.check()
    context.close()


def test_security_lands_on_the_crowd_view_and_ended_alerts_leave_the_badge(browser, live_server):
    url = live_server.url
    live_server.create_user("baove1", "security")
    live_server.create_user("canbo1", "officer")
    officer = {"Authorization": f"Bearer {live_server.token('canbo1')}"}
    csp = CspWatch()
    context, page = american_page(browser, csp)
    log_in(page, url, "baove1", "/admin/crowd")  # no ?next=: the role's start page
    expect(page.locator(".mainnav a")).to_have_count(1)
    expect(page.locator(".mainnav a")).to_have_attribute("href", "/admin/crowd")
    expect(page.locator("#connection")).to_have_class(re.compile("conn-on"))

    response = requests.post(url + "/api/v1/tickets", timeout=5,
                             json={"service": "A", "party_size": 40})
    assert response.status_code == 201, response.text
    ticket = response.json()["ticket"]
    alert = page.locator("#alerts .alert-item").first
    expect(alert).to_contain_text(f"phiếu số {ticket['number']}, 40 người")
    expect(page.locator("#alert-count")).to_have_text("1")
    expect(alert.get_by_role("button", name="Xác nhận")).to_be_visible()

    # The group is served and leaves: the alert ends by itself.
    called = requests.post(url + "/api/v1/counters/1/call-next", headers=officer, timeout=5)
    assert called.json()["ticket"]["id"] == ticket["id"]
    requests.post(f"{url}/api/v1/tickets/{ticket['id']}/finish", headers=officer, timeout=5)
    expect(alert).to_have_class(re.compile("is-cleared"))
    expect(page.locator("#alert-count")).to_have_text("0")
    expect(page.locator("#alerts-panel")).not_to_have_class(re.compile("has-open"))
    expect(alert.get_by_role("button")).to_have_count(0)

    # A chart's tooltip opens below the point, inside the plot: never over the legend or the
    # panel's heading (the tallest bar reaches the top of the plot).
    page.reload()
    page.wait_for_function("() => window.Chart && Chart.getChart('hourly-chart')")
    page.locator("#hourly-chart").scroll_into_view_if_needed()
    point = page.evaluate("""() => {
      const chart = Chart.getChart('hourly-chart'), box = chart.canvas.getBoundingClientRect();
      const bars = chart.getDatasetMeta(0).data;
      const top = bars.reduce((a, b) => (b.y < a.y ? b : a));
      return {x: box.left + top.x, y: box.top + top.y + 2};
    }""")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function("() => Chart.getChart('hourly-chart').tooltip.opacity === 1")
    tip = page.evaluate("""() => {
      const chart = Chart.getChart('hourly-chart');
      return {top: chart.tooltip.y, plot: chart.chartArea.top};
    }""")
    assert tip["top"] >= tip["plot"], tip
    heading = page.locator("#hourly-heading").bounding_box()
    canvas = page.locator("#hourly-chart").bounding_box()
    assert canvas["y"] + tip["top"] > heading["y"] + heading["height"]
    csp.check()
    context.close()

"""The hall's public screens in Chromium (issue 11): the board shows calls from the first second
whether or not the browser allows sound, reads from 10 m, every public screen is Vietnamese
whatever the browser's language, and the public schedule fills a 1920×1080 screen."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.chromium import BOARD, CHROMIUM, CHROMIUM_ARGS, KIOSK_PORTRAIT, PHONE, Pages
from tests.live import PASSWORD, LiveServer

pytestmark = pytest.mark.browser

# How a kiosk-mode hall TV is started (README): sound without a first tap.
AUTOPLAY_ARGS = ["--autoplay-policy=no-user-gesture-required"]
ENGLISH_BROWSER = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en-US,en;q=0.9"}}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Start one server for the module: each test reads only what it made itself."""
    live = LiveServer(tmp_path_factory.mktemp("board")).start()
    live.create_user("canbo1", "officer")
    live.officer = {"Authorization": f"Bearer {live.token('canbo1')}"}
    yield live
    live.discard()


@pytest.fixture(scope="module")
def autoplay_browser(browser):
    """Launch, once for the module, a Chromium started as the README's kiosk TV is."""
    chromium = browser.browser_type.launch(executable_path=CHROMIUM,
                                           args=CHROMIUM_ARGS + AUTOPLAY_ARGS)
    yield chromium
    chromium.close()


def opened(chromium, **context_options):
    """Return Pages in a new context: Vietnamese Chromium unless the options say otherwise."""
    options = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", **context_options}
    context = chromium.new_context(**options)
    context.set_default_timeout(10_000)
    return Pages(context)


def closed(pages: Pages) -> None:
    pages.context.close()
    assert not pages.errors, pages.errors
    pages.csp.check()


@pytest.fixture
def tv(autoplay_browser):
    pages = opened(autoplay_browser)
    yield pages
    closed(pages)


@pytest.fixture
def english(browser):
    """A stock Chromium set to English (en-US)."""
    pages = opened(browser, **ENGLISH_BROWSER)
    yield pages
    closed(pages)


def issue_and_call(server, counter: int) -> str:
    requests.post(server.url + "/api/v1/tickets", json={"service": "C"},
                  timeout=5).raise_for_status()
    response = requests.post(f"{server.url}/api/v1/counters/{counter}/call-next",
                             headers=server.officer, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()["ticket"]["number"]


def open_board(pages, server):
    board = pages.open(server.url + "/display/", BOARD)
    expect(board.locator("body")).to_have_attribute("data-synced", "true")
    return board


def on_top(page, selector: str) -> bool:
    """Whether the element under the centre of `selector` is that element (or inside it)."""
    return page.evaluate("""(selector) => {
        const target = document.querySelector(selector);
        const box = target.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return hit !== null && (hit === target || target.contains(hit));
    }""", selector)


def font_px(page, selector: str) -> float:
    return page.eval_on_selector(selector, "(node) => parseFloat(getComputedStyle(node).fontSize)")


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, """(node) => {
        const r = node.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                width: r.width, height: r.height};
    }""")


def overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] \
        and b["top"] < a["bottom"]


# ---------- Item 2: sound never hides the board ----------

def test_a_kiosk_tv_allowed_sound_shows_no_note_and_announces_without_a_tap(server, tv):
    board = open_board(tv, server)
    expect(board.locator("body")).to_have_attribute("data-sound", "on")
    expect(board.locator("#sound-note")).to_have_count(0)
    expect(board.locator("#sound-overlay")).to_have_count(0)

    number = issue_and_call(server, counter=2)

    expect(board.locator("#hero-number")).to_have_text(number)
    assert on_top(board, "#hero-number")
    # Nobody touched the TV: the call was still played (clips, as headless has no voice).
    board.wait_for_function("""(number) => window.Announcer.history.some(
        (entry) => entry.text.includes(number) && entry.played.length > 0)""",
                            arg=number, timeout=30_000)


def test_a_browser_that_blocks_sound_says_so_in_a_corner_and_shows_every_number(server, pages):
    board = open_board(pages, server)
    expect(board.locator("body")).to_have_attribute("data-sound", "blocked")
    note = board.locator("#sound-note")
    expect(note).to_have_text("Chưa có âm thanh — chạm vào màn hình để bật")
    expect(board.locator("#sound-overlay")).to_have_count(0)

    number = issue_and_call(server, counter=1)

    expect(board.locator("#hero-number")).to_have_text(number)
    expect(board.locator('[data-counter="1"] .counter-number')).to_have_text(number)
    expect(board.locator(".call-row .call-number").first).to_have_text(number)
    for selector in ("#hero-number", '[data-counter="1"] .counter-number',
                     ".call-row .call-number", "#waiting-total"):
        assert on_top(board, selector), f"{selector} is covered"
        assert not overlaps(box(board, "#sound-note"), box(board, selector))
    # The note is small: a corner, not a cover.
    note_box = box(board, "#sound-note")
    assert note_box["width"] * note_box["height"] < 0.05 * BOARD["width"] * BOARD["height"]

    board.mouse.click(BOARD["width"] / 2, BOARD["height"] / 2)  # a tap anywhere
    expect(note).to_have_count(0)
    expect(board.locator("body")).to_have_attribute("data-sound", "on")


# ---------- Item 8: readable from 10 m ----------

def test_the_numbers_fill_a_1920x1080_board(server, tv):
    board = open_board(tv, server)
    for counter in (1, 2, 3):
        issue_and_call(server, counter)
    board.wait_for_function("() => document.querySelectorAll('.counter-card[data-status=called]')"
                            ".length === 3")
    for counter in (1, 2, 3):
        selector = f'[data-counter="{counter}"] .counter-number'
        assert font_px(board, selector) >= 160, selector
        assert box(board, selector)["height"] >= 160
        assert on_top(board, selector)
        # Three digits fit in their card.
        assert board.eval_on_selector(selector, "(n) => n.scrollWidth <= n.clientWidth")
    assert font_px(board, ".call-row .call-number") >= 80
    assert box(board, ".call-row .call-number")["height"] >= 80
    # Every recent call is on screen, none clipped by its panel.
    panel = box(board, ".panel-calls")
    rows = board.locator(".call-row")
    for index in range(rows.count()):
        row = rows.nth(index).bounding_box()
        assert row["y"] + row["height"] <= panel["bottom"] + 1
    # Only the hall's total is public (issue 9): no per-counter waiting counts.
    assert board.locator(".counter-card").filter(has_text=re.compile("Chờ")).count() == 0
    assert board.evaluate("() => document.documentElement.scrollHeight") <= BOARD["height"]


# ---------- Item 3: Vietnamese whatever the browser's language ----------

def test_an_english_browser_gets_vietnamese_until_english_is_chosen(server, english):
    kiosk = english.open(server.url + "/kiosk/", KIOSK_PORTRAIT)
    assert kiosk.evaluate("() => navigator.language") == "en-US"
    expect(kiosk.locator("html")).to_have_attribute("lang", "vi")
    expect(kiosk.get_by_role("button", name="Khiếu nại", exact=True)).to_be_visible()

    board = open_board(english, server)
    expect(board.locator("html")).to_have_attribute("lang", "vi")
    expect(board.locator(".panel-title")).to_have_text("Vừa gọi")

    ticket = requests.post(server.url + "/api/v1/tickets", json={"service": "A"},
                           timeout=5).json()["ticket"]
    status = english.open(server.url + ticket["status_url"], PHONE)
    expect(status.locator("html")).to_have_attribute("lang", "vi")
    expect(status.locator("#status-headline")).to_have_text("Đang chờ")

    # The status page's switch, like the kiosk's; the choice is remembered on this device.
    status.get_by_role("link", name="English").click()
    expect(status.locator("#status-headline")).to_have_text("Waiting")
    expect(status.locator("html")).to_have_attribute("lang", "en")
    status.goto(server.url + ticket["status_url"])
    expect(status.locator("#status-headline")).to_have_text("Waiting")
    board.reload()
    expect(board.locator(".panel-title")).to_have_text("Recent calls")
    status.get_by_role("link", name="Tiếng Việt").click()
    expect(status.locator("#status-headline")).to_have_text("Đang chờ")
    board.reload()
    expect(board.locator(".panel-title")).to_have_text("Vừa gọi")


def test_the_status_switch_names_both_languages_on_a_phone(server, pages):
    ticket = requests.post(server.url + "/api/v1/tickets", json={"service": "A"},
                           timeout=5).json()["ticket"]
    status = pages.open(server.url + ticket["status_url"], PHONE)
    switch = status.locator("#status-lang a")
    expect(switch).to_have_text(["Tiếng Việt", "English"])
    expect(switch.first).to_have_attribute("aria-current", "true")
    for index in range(2):
        link = switch.nth(index).bounding_box()
        assert link["height"] >= 40  # a thumb's target
    assert status.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


# ---------- Item 20: the public schedule on a hall screen ----------

def add_weekly_session(server) -> None:
    admin = requests.Session()
    server.create_user("quantri", "admin")
    token = CSRF.search(admin.get(server.url + "/admin/login", timeout=5).text).group(1)
    admin.post(server.url + "/admin/login", timeout=5, data={
        "username": "quantri", "password": PASSWORD, "csrf_token": token}).raise_for_status()
    token = CSRF.search(admin.get(server.url + "/admin/schedule", timeout=5).text).group(1)
    for weekday in ("1", "3"):
        saved = admin.post(server.url + "/admin/schedule/sessions", timeout=5,
                           allow_redirects=False, data={
                               "csrf_token": token, "leader_name": "Nguyễn Văn Bình",
                               "leader_title": "Chủ tịch UBND xã", "kind": "scheduled",
                               "recurrence": "weekly", "weekday": weekday,
                               "start_time": "07:30", "end_time": "11:30", "counter": "3",
                               "on_holiday": "next_working_day",
                               "location": "Phòng tiếp công dân, tầng 1"})
        assert saved.status_code == 302, saved.text


def test_the_public_schedule_fills_a_hall_screen(server, pages):
    add_weekly_session(server)
    page = pages.open(server.url + "/display/schedule", BOARD)
    table = page.locator("#public-sessions")
    expect(table).to_contain_text("Nguyễn Văn Bình")
    assert box(page, "#public-sessions")["width"] >= 0.9 * BOARD["width"]
    assert font_px(page, "#public-sessions td") >= 24
    assert font_px(page, ".public-schedule h1") >= 48
    assert page.evaluate("() => document.documentElement.scrollWidth") <= BOARD["width"]
    # On a phone it still fits the width.
    page.set_viewport_size(PHONE)
    assert font_px(page, "#public-sessions td") >= 16

"""Issue 12 in Chromium: with RECEPTION_WORKERS=2 on PostgreSQL and Redis, display boards and an
officer's desk connect with a websocket first, so they stay connected whichever of the two
processes they reach, and every board shows every call made through either process."""

import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.chromium import BOARD
from tests.live import LiveServer, wait_for

pytestmark = pytest.mark.browser
BOARDS = 6
PASSWORD = "mat-khau-an-toan"


def log_in(page, url, username):
    page.goto(url + "/admin/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/admin/")


def test_boards_and_a_desk_work_on_either_of_two_workers(tmp_path, postgres_database,
                                                           redis_url, pages):
    tag = uuid.uuid4().hex[:8]
    server = LiveServer(tmp_path, {
        "RECEPTION_DATABASE_URL": postgres_database,
        "RECEPTION_SOCKETIO_MESSAGE_QUEUE": redis_url,
        "RECEPTION_SOCKETIO_CHANNEL": f"reception-test-{tag}",
        "RECEPTION_RATELIMIT_KEY_PREFIX": f"reception-test-{tag}",
        "RECEPTION_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        "RECEPTION_WORKERS": "2",
        "THREADS": "32",
    }).start()
    try:
        server.create_user("canbo1", "officer", PASSWORD)
        officer = {"Authorization": f"Bearer {server.token('canbo1')}"}
        desk = pages.open(server.url + "/admin/login", {"width": 1440, "height": 900})
        log_in(desk, server.url, "canbo1")
        desk.locator(".counter-choice[data-counter-id='1']").click()
        expect(desk.locator("#connection")).to_have_class(re.compile("conn-on"))

        boards = []
        for _ in range(BOARDS):
            board = pages.open(server.url + "/display/", BOARD)
            expect(board.locator("body")).to_have_attribute("data-synced", "true")
            boards.append(board)
        # Each page's websocket is a connection of its own: both workers hold some.
        workers = server.worker_pids()
        assert len(workers) == 2
        wait_for(lambda: set(server.connections_by_worker()) == set(workers), timeout=10,
                 message="connections held by both workers")

        session = requests.Session()
        for counter in (1, 2, 1):
            issued = session.post(server.url + "/api/v1/tickets", json={"service": "C"},
                                  timeout=10)
            assert issued.status_code == 201
            called = session.post(f"{server.url}/api/v1/counters/{counter}/call-next",
                                  headers=officer, timeout=10)
            assert called.status_code == 200
            number = called.json()["ticket"]["number"]
            for board in boards:
                expect(board.locator("#hero-number")).to_have_text(number)
                expect(board.locator("body")).to_have_attribute("data-connected", "true")
            if counter == 1:
                expect(desk.locator("#current-number")).to_have_text(number)
        expect(desk.locator("#connection")).to_have_class(re.compile("conn-on"))
    finally:
        server.discard()

"""Two server processes on PostgreSQL and Redis: a logout in one is refused in the other (pages,
API and a desk socket held by the other), and failed sign-ins counted by one process lock the
account in the other too."""

import re
import uuid

import requests
import socketio

from tests.live import LiveServer, wait_for

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def browser_login(url: str, username: str, password: str) -> tuple[requests.Session, str]:
    browser = requests.Session()
    page = browser.get(url + "/admin/login", timeout=5)
    token = CSRF_FIELD.search(page.text).group(1)
    answer = browser.post(url + "/admin/login", allow_redirects=False, timeout=5,
                          data={"username": username, "password": password, "csrf_token": token})
    assert answer.status_code == 302, answer.text
    return browser, token


def test_logout_in_one_process_is_refused_in_the_other(tmp_path, postgres_database, redis_url):
    env = {
        "RECEPTION_DATABASE_URL": postgres_database,
        "RECEPTION_SOCKETIO_MESSAGE_QUEUE": redis_url,
        # Channel and counters of their own so parallel runs on this machine never meet.
        "RECEPTION_SOCKETIO_CHANNEL": f"reception-test-{uuid.uuid4().hex[:8]}",
        "RECEPTION_RATELIMIT_KEY_PREFIX": f"reception-test-{uuid.uuid4().hex[:8]}",
        "RECEPTION_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        # Each process re-checks its staff sockets' sign-ins this often.
        "RECEPTION_SOCKET_RECHECK_SECONDS": "0.2",
    }
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = LiveServer(tmp_path / "a", env).start()
    second = LiveServer(tmp_path / "b", env).start()
    desk = socketio.Client(reconnection=False)
    try:
        password = first.create_user("canbo", "officer")
        browser, token = browser_login(first.url, "canbo", password)
        thief = requests.Session()
        thief.cookies.set("session", browser.cookies["session"])
        assert thief.get(second.url + "/api/v1/desk", timeout=5).status_code == 200
        states = []
        desk.on("desk_state", states.append, namespace="/desk")
        desk.connect(second.url, namespaces=["/desk"], transports=["websocket"],
                     headers={"Cookie": f"session={browser.cookies['session']}"})
        wait_for(lambda: states, message="the desk socket's first state")

        logout = browser.post(first.url + "/admin/logout", data={"csrf_token": token},
                              allow_redirects=False, timeout=5)
        assert logout.status_code == 302

        assert thief.get(second.url + "/api/v1/desk", timeout=5).status_code == 401
        page = thief.get(second.url + "/admin/", allow_redirects=False, timeout=5)
        assert page.status_code == 302 and "/admin/login" in page.headers["Location"]
        # The other process finds the socket of the ended sign-in and closes it.
        wait_for(lambda: not desk.connected, timeout=10, message="the desk socket closed")

        # The failure counters live in Redis: five failures on one process lock the other.
        for _ in range(5):
            failed = requests.post(first.url + "/api/v1/auth/token", timeout=5,
                                   json={"username": "canbo", "password": "sai-mat-khau"})
            assert failed.status_code == 401
        locked = requests.post(second.url + "/api/v1/auth/token", timeout=5,
                               json={"username": "canbo", "password": password})
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    finally:
        desk.disconnect()
        first.discard()
        second.discard()

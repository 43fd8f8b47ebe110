"""Sign-ins end on the server: logout, logout everywhere, a new password, deactivation, idleness.

A copied session cookie must be worth nothing once its sign-in has ended (issue 10, item 1).
"""

import sqlite3
from datetime import datetime, timedelta

import pytest

from app import create_app
from reception import clock, realtime, schema, sessions
from reception.config import Settings
from reception.database import connection
from reception.extensions import socketio
from reception.models import StaffSession, User
from reception.users import update_user
from tests.admin.conftest import csrf_from, log_in
from tests.cases.conftest import meeting


@pytest.fixture
def case_visit(client, officer, issue):
    """Record a meeting that opens a case; return (visit id, case id)."""
    ticket = issue("A")
    assert client.post("/api/v1/counters/1/call-next", headers=officer).status_code == 200
    finished = client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=officer,
                           json=meeting())
    assert finished.status_code == 200, finished.json
    visit = client.get(f"/api/v1/tickets/{ticket['id']}/visit", headers=officer).json["visit"]
    return visit["id"], visit["case"]["id"]


def copy_of(app, client):
    """Return a second browser holding a copy of client's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_in(browser) -> bool:
    """Tell whether a browser's cookie still opens a staff page."""
    response = browser.get("/admin/")
    if response.status_code == 302:
        assert "/admin/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def test_a_copied_cookie_is_refused_after_logout(app, client, make_user, case_visit):
    visit_id, case_id = case_visit
    leader, password = make_user("leader")
    token = log_in(client, leader.username, password)
    thief = copy_of(app, client)
    assert thief.get(f"/admin/cases/{case_id}").status_code == 200
    assert thief.get(f"/api/v1/visits/{visit_id}/identity").status_code == 200

    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302

    page = thief.get(f"/admin/cases/{case_id}")
    assert page.status_code == 302 and "/admin/login" in page.headers["Location"]
    identity = thief.get(f"/api/v1/visits/{visit_id}/identity")
    assert identity.status_code == 401
    assert identity.json["error"]["code"] == "login_required"
    with connection():
        assert not StaffSession.select().where(StaffSession.user == leader.id).exists()


def test_only_the_session_that_logged_out_ends(app, make_user):
    user, password = make_user("officer")
    first, second = app.test_client(), app.test_client()
    token = log_in(first, user.username, password)
    log_in(second, user.username, password)
    first.post("/admin/logout", data={"csrf_token": token})
    assert not signed_in(first)
    assert signed_in(second)


def test_logout_everywhere_ends_every_session_and_token(app, client, make_user):
    user, password = make_user("officer")
    other = app.test_client()
    log_in(other, user.username, password)
    api_token = client.post("/api/v1/auth/token",
                            json={"username": user.username, "password": password}).json["token"]
    bearer = {"Authorization": f"Bearer {api_token}"}
    assert client.get("/api/v1/desk", headers=bearer).status_code == 200
    token = log_in(client, user.username, password)

    page = client.get("/admin/")
    assert "/admin/logout-all" in page.get_data(as_text=True)
    response = client.post("/admin/logout-all", data={"csrf_token": token})
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]

    assert not signed_in(client) and not signed_in(other)
    assert client.get("/api/v1/desk", headers=bearer).status_code == 401


def test_api_logout_all_revokes_every_token_and_session(app, client, make_user):
    user, password = make_user("officer")
    browser = app.test_client()
    log_in(browser, user.username, password)
    tokens = [client.post("/api/v1/auth/token",
                          json={"username": user.username, "password": password}).json["token"]
              for _ in range(2)]
    first, second = ({"Authorization": f"Bearer {token}"} for token in tokens)

    ended = client.post("/api/v1/auth/logout-all", headers=first)
    assert ended.status_code == 200
    assert ended.json == {"ended_sessions": 1, "revoked_tokens": 2}
    assert client.get("/api/v1/desk", headers=first).status_code == 401
    assert client.get("/api/v1/desk", headers=second).status_code == 401
    assert not signed_in(browser)


def test_api_logout_ends_only_the_token_or_session_used(app, client, make_user):
    user, password = make_user("officer")
    tokens = [client.post("/api/v1/auth/token",
                          json={"username": user.username, "password": password}).json["token"]
              for _ in range(2)]
    first, second = ({"Authorization": f"Bearer {token}"} for token in tokens)
    assert client.post("/api/v1/auth/logout", headers=first).status_code == 204
    assert client.get("/api/v1/desk", headers=first).status_code == 401
    assert client.get("/api/v1/desk", headers=second).status_code == 200

    browser = app.test_client()
    csrf = log_in(browser, user.username, password)
    # A session needs its CSRF token for a POST, like every other write through the API.
    assert browser.post("/api/v1/auth/logout").status_code == 403
    assert browser.post("/api/v1/auth/logout", headers={"X-CSRFToken": csrf}).status_code == 204
    assert not signed_in(browser)
    assert client.get("/api/v1/desk", headers=second).status_code == 200
    assert client.post("/api/v1/auth/logout").status_code == 401


def test_a_new_password_ends_the_other_sessions_and_tokens(app, client, make_user):
    user, password = make_user("officer")
    browser = app.test_client()
    log_in(browser, user.username, password)
    thief = copy_of(app, browser)
    api_token = client.post("/api/v1/auth/token",
                            json={"username": user.username, "password": password}).json["token"]
    admin, admin_password = make_user("admin")
    csrf = log_in(client, admin.username, admin_password)

    changed = client.post(f"/admin/users/{user.id}/password",
                          data={"csrf_token": csrf, "password": "mat-khau-moi-123"})
    assert changed.status_code == 302
    assert not signed_in(browser) and not signed_in(thief)
    assert client.get("/api/v1/desk",
                      headers={"Authorization": f"Bearer {api_token}"}).status_code == 401
    assert signed_in(client)
    log_in(browser, user.username, "mat-khau-moi-123")
    assert signed_in(browser)


def test_an_admin_changing_their_own_password_keeps_this_page_only(app, client, make_user):
    admin, password = make_user("admin")
    elsewhere = app.test_client()
    log_in(elsewhere, admin.username, password)
    csrf = log_in(client, admin.username, password)
    changed = client.post(f"/admin/users/{admin.id}/password",
                          data={"csrf_token": csrf, "password": "mat-khau-moi-123"})
    assert changed.status_code == 302
    assert signed_in(client)
    assert not signed_in(elsewhere)


def test_deactivation_ends_sessions_tokens_and_sockets(app, client, make_user):
    user, password = make_user("officer")
    browser = app.test_client()
    log_in(browser, user.username, password)
    api_token = client.post("/api/v1/auth/token",
                            json={"username": user.username, "password": password}).json["token"]
    by_session = socketio.test_client(app, namespace="/desk", flask_test_client=browser)
    by_token = socketio.test_client(app, namespace="/desk", auth={"token": api_token})
    assert by_session.is_connected("/desk") and by_token.is_connected("/desk")
    admin, admin_password = make_user("admin")
    csrf = log_in(client, admin.username, admin_password)

    done = client.post(f"/admin/users/{user.id}/active", data={"csrf_token": csrf, "active": "0"})
    assert done.status_code == 302

    assert not signed_in(browser)
    assert client.get("/api/v1/desk",
                      headers={"Authorization": f"Bearer {api_token}"}).status_code == 401
    assert not by_session.is_connected("/desk")
    assert not by_token.is_connected("/desk")
    # Reactivating the account does not bring old sign-ins back.
    client.post(f"/admin/users/{user.id}/active", data={"csrf_token": csrf, "active": "1"})
    assert not signed_in(browser)
    assert client.get("/api/v1/desk",
                      headers={"Authorization": f"Bearer {api_token}"}).status_code == 401


def test_logout_closes_the_sessions_sockets_in_this_process(app, client, make_user):
    user, password = make_user("leader")
    csrf = log_in(client, user.username, password)
    desk = socketio.test_client(app, namespace="/desk", flask_test_client=client)
    crowd = socketio.test_client(app, namespace="/crowd", flask_test_client=client)
    other = app.test_client()
    log_in(other, user.username, password)
    other_desk = socketio.test_client(app, namespace="/desk", flask_test_client=other)
    try:
        assert desk.is_connected("/desk") and crowd.is_connected("/crowd")
        client.post("/admin/logout", data={"csrf_token": csrf})
        assert not desk.is_connected("/desk") and not crowd.is_connected("/crowd")
        assert other_desk.is_connected("/desk")
    finally:
        other_desk.disconnect("/desk")


def test_sockets_of_a_sign_in_ended_by_another_process_are_found_by_the_recheck(
        app, client, make_user):
    user, password = make_user("officer")
    log_in(client, user.username, password)
    desk = socketio.test_client(app, namespace="/desk", flask_test_client=client)
    other = app.test_client()
    log_in(other, user.username, password)
    other_desk = socketio.test_client(app, namespace="/desk", flask_test_client=other)
    try:
        key = client.get_cookie("session")
        assert key and desk.is_connected("/desk")
        # Another process ends the first sign-in: only the database row disappears here.
        with connection():
            first = StaffSession.select().where(StaffSession.user == user.id).order_by(
                StaffSession.id).first()
            first.delete_instance()
        assert desk.is_connected("/desk")
        assert realtime.close_staff_sockets(None, sessions.still_valid) == 1
        assert not desk.is_connected("/desk")
        assert other_desk.is_connected("/desk")
    finally:
        other_desk.disconnect("/desk")


def test_a_copied_cookie_cannot_open_a_socket_after_logout(app, client, make_user):
    user, password = make_user("officer")
    csrf = log_in(client, user.username, password)
    thief = copy_of(app, client)
    client.post("/admin/logout", data={"csrf_token": csrf})
    desk = socketio.test_client(app, namespace="/desk", flask_test_client=thief)
    assert not desk.is_connected("/desk")


@pytest.fixture
def idle_limit(app):
    """Freeze the clock for a test whose app has the idle timeout on (marked app_config
    SESSION_IDLE_MINUTES=30): returns a clock mover."""
    assert Settings.of(app).session_idle_minutes == 30
    clock.frozen_now = datetime(2027, 3, 1, 9, 0, tzinfo=clock.TIMEZONE)

    def move(**delta):
        clock.frozen_now += timedelta(**delta)

    yield move
    clock.frozen_now = None


def last_seen(user) -> datetime:
    with connection():
        return StaffSession.get(StaffSession.user == user.id).last_seen_at


@pytest.mark.app_config(SESSION_IDLE_MINUTES=30)
def test_an_idle_session_ends_after_the_limit(app, client, make_user, idle_limit):
    user, password = make_user("officer")
    log_in(client, user.username, password)
    signed_at = last_seen(user)
    idle_limit(seconds=30)
    assert signed_in(client)
    # Activity is written at most once a minute, not on every request.
    assert last_seen(user) == signed_at
    idle_limit(minutes=29)
    assert signed_in(client)
    assert last_seen(user) == clock.stored_now()
    idle_limit(minutes=29)
    assert signed_in(client)
    idle_limit(minutes=30, seconds=1)
    assert not signed_in(client)
    with connection():
        assert not StaffSession.select().where(StaffSession.user == user.id).exists()


@pytest.mark.app_config(SESSION_IDLE_MINUTES=30)
def test_the_idle_limit_applies_to_the_api_through_a_session(app, client, make_user,
                                                            idle_limit):
    user, password = make_user("officer")
    log_in(client, user.username, password)
    assert client.get("/api/v1/desk").status_code == 200
    idle_limit(minutes=31)
    assert client.get("/api/v1/desk").status_code == 401


def test_the_login_page_still_works_after_a_session_ended(app, client, make_user):
    user, password = make_user("officer")
    csrf = log_in(client, user.username, password)
    client.post("/admin/logout", data={"csrf_token": csrf})
    page = client.get("/admin/login")
    assert page.status_code == 200 and csrf_from(page.get_data(as_text=True))


def test_a_database_of_version_2_gets_the_sign_in_table(tmp_path):
    """Migration 3 adds staff_session to a site upgraded from schema version 2."""
    path = tmp_path / "old.db"
    config = {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}",
              "CLOSING_TIME": "", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
              "SESSION_IDLE_MINUTES": 0}
    create_app(config)
    schema.init_db()
    with sqlite3.connect(path) as raw:  # the schema as version 2 had it
        raw.execute("DROP TABLE staff_session")
        raw.execute("DELETE FROM schema_version")
        raw.execute("INSERT INTO schema_version (version, applied_at) VALUES (2, '2026-01-01')")
    app = create_app(config)
    assert schema.init_db() == max(version for version, _ in schema.MIGRATIONS)
    with sqlite3.connect(path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
        versions = [row[0] for row in raw.execute("SELECT version FROM schema_version")]
    assert "staff_session" in tables
    assert versions == [2] + [version for version, _ in schema.MIGRATIONS if version > 2]
    client = app.test_client()
    method = Settings.of(app).password_hash_method
    schema.ensure_admin(method)
    with connection():
        update_user(User.get(User.username == "admin").id, password="mat-khau-an-toan",
                    hash_method=method)
    log_in(client, "admin")
    assert signed_in(client)

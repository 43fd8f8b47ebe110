"""Password guessing is throttled per account and per address (issue 10, item 2).

The throttle's counters use the `limits` memory storage, whose clock is replaced here by one
the test moves, so "until the window passes" needs no waiting.
"""

import limits.storage.memory
import pytest

from reception import rate_limits, users
from reception.cases.models import AuditLog
from reception.config import Settings
from reception.database import connection
from tests.admin.conftest import csrf_from

WINDOW = 15 * 60


class FakeTime:
    """Stands in for the time module of the throttle and of the limits memory storage."""

    def __init__(self, now: float = 1_900_000_000.0):
        self.now = now

    def time(self) -> float:
        return self.now

    def move(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_time(app, monkeypatch):
    moved = FakeTime()
    monkeypatch.setattr(limits.storage.memory, "time", moved)
    monkeypatch.setattr(rate_limits, "time", moved)
    return moved


def form_login(client, username, password, address="127.0.0.1"):
    """Post the login form from an address like a browser there would."""
    environ = {"REMOTE_ADDR": address}
    token = csrf_from(client.get("/admin/login", environ_base=environ).get_data(as_text=True))
    return client.post("/admin/login", environ_base=environ,
                       data={"username": username, "password": password, "csrf_token": token})


def token_login(client, username, password, address="127.0.0.1"):
    return client.post("/api/v1/auth/token", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def lockouts(scope: str) -> list:
    with connection():
        return [row for row in AuditLog.select().where(AuditLog.action == "login.lockout")
                if row.object_type == scope]


def test_sixth_wrong_password_is_refused_until_the_window_passes(app, make_user, fake_time):
    client = app.test_client()
    user, password = make_user("officer")
    for _ in range(5):
        assert form_login(client, user.username, "sai-mat-khau").status_code == 401
        fake_time.move(10)

    refused = form_login(client, user.username, "sai-mat-khau")
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert WINDOW - 60 < retry_after <= WINDOW
    html = refused.get_data(as_text=True)
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút." in html

    # The right password is refused as well: otherwise guessing would go on unhindered.
    right = form_login(client, user.username, password)
    assert right.status_code == 429 and "Retry-After" in right.headers
    assert client.get("/admin/").status_code == 302

    fake_time.move(retry_after - 5)
    assert form_login(client, user.username, password).status_code == 429
    fake_time.move(5)
    assert form_login(client, user.username, password).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_token_route_answers_429_in_json(app, client, make_user, fake_time):
    user, password = make_user("officer")
    for _ in range(5):
        failed = token_login(client, user.username, "sai-mat-khau")
        assert failed.status_code == 401 and failed.json["error"]["code"] == "bad_credentials"
    refused = token_login(client, user.username, password)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == WINDOW
    assert refused.json == {"error": {
        "code": "too_many_sign_ins",
        "message": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."}}
    fake_time.move(WINDOW)
    assert token_login(client, user.username, password).status_code == 200


def test_the_form_and_the_api_share_an_accounts_failures(app, client, make_user, fake_time):
    user, password = make_user("officer")
    for _ in range(3):
        form_login(client, user.username, "sai-mat-khau")
    for _ in range(2):
        token_login(client, f"  {user.username.upper()} ", "sai-mat-khau")
    assert token_login(client, user.username, password).status_code == 429


def test_an_account_locks_from_every_address(app, client, make_user, fake_time):
    user, password = make_user("officer")
    for number in range(5):
        form_login(client, user.username, "sai-mat-khau", address=f"10.0.0.{number + 1}")
    assert form_login(client, user.username, password, address="10.0.9.9").status_code == 429
    # Other accounts are not touched.
    other, other_password = make_user("officer")
    assert form_login(client, other.username, other_password).status_code == 302


def test_an_address_locks_after_twenty_failures_over_any_accounts(app, make_user, fake_time):
    client = app.test_client()
    guessed = [make_user("officer")[0] for _ in range(5)]
    for user in guessed:
        for _ in range(4):
            assert token_login(client, user.username, "sai", address="10.1.1.1").status_code == 401
    user, password = make_user("officer")
    refused = token_login(client, user.username, password, address="10.1.1.1")
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert form_login(client, user.username, password, address="10.1.1.1").status_code == 429
    # The same account signs in from another address; no single account was locked.
    assert token_login(client, user.username, password, address="10.1.1.2").status_code == 200
    assert token_login(client, guessed[0].username, "mat-khau-an-toan",
                       address="10.1.1.2").status_code == 200


def test_successful_sign_ins_are_not_counted(app, client, make_user, fake_time):
    user, password = make_user("officer")
    for _ in range(25):
        assert token_login(client, user.username, password).status_code == 200
    for _ in range(4):
        token_login(client, user.username, "sai-mat-khau")
    assert token_login(client, user.username, password).status_code == 200


def test_unknown_usernames_are_counted_too(app, client, fake_time):
    for _ in range(5):
        assert token_login(client, "khong-co-ai", "sai").status_code == 401
    assert token_login(client, "khong-co-ai", "sai").status_code == 429


def test_one_audit_row_per_lockout(app, client, make_user, fake_time):
    user, _ = make_user("officer")
    for _ in range(9):
        token_login(client, user.username, "sai-mat-khau", address="10.2.2.2")
    rows = lockouts("user")
    assert len(rows) == 1
    assert rows[0].object_id == user.username and rows[0].ip == "10.2.2.2"
    assert rows[0].user_id is None
    assert '"scope": "account"' in rows[0].detail and '"failures": 5' in rows[0].detail

    fake_time.move(WINDOW + 1)
    for _ in range(5):
        token_login(client, user.username, "sai-mat-khau", address="10.2.2.2")
    assert len(lockouts("user")) == 2


def test_an_address_lockout_is_audited(app, client, fake_time):
    for number in range(20):
        token_login(client, f"ten-{number}", "sai", address="10.3.3.3")
    rows = lockouts("address")
    assert len(rows) == 1 and rows[0].object_id == "10.3.3.3"


def test_unknown_and_deactivated_accounts_cost_one_hash_check(app, client, make_user,
                                                              monkeypatch, fake_time):
    checked = []
    real_check = users.check_password_hash

    def counting_check(stored, password):
        checked.append(stored)
        return real_check(stored, password)

    monkeypatch.setattr(users, "check_password_hash", counting_check)
    assert token_login(client, "khong-co-ai", "mat-khau-an-toan").status_code == 401
    method = Settings.of(app).password_hash_method
    assert checked == [users.dummy_hash(method)]
    assert users.dummy_hash(method).startswith("pbkdf2:sha256:1$")

    user, password = make_user("officer")
    with connection():
        users.update_user(user.id, active=False)
    checked.clear()
    assert token_login(client, user.username, password).status_code == 401
    assert len(checked) == 1 and checked[0] != users.dummy_hash(method)

    checked.clear()
    assert token_login(client, user.username, "sai-mat-khau").status_code == 401
    assert len(checked) == 1


def test_a_locked_out_attempt_checks_no_password(app, client, make_user, monkeypatch,
                                                 fake_time):
    user, password = make_user("officer")
    for _ in range(5):
        token_login(client, user.username, "sai-mat-khau")
    monkeypatch.setattr(users, "check_password_hash",
                        lambda *args: pytest.fail("password checked while locked out"))
    assert token_login(client, user.username, password).status_code == 429


def test_the_hash_method_is_configurable(app, make_user):
    user, _ = make_user("officer")
    assert user.password_hash.startswith("pbkdf2:sha256:1$")


def test_openapi_names_the_sign_out_routes_and_the_429(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    token = paths["/auth/token"]["post"]["responses"]
    assert "Retry-After" in token["429"]["headers"]
    assert "204" in paths["/auth/logout"]["post"]["responses"]
    logout_all = paths["/auth/logout-all"]["post"]["responses"]["200"]
    schema = logout_all["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"ended_sessions", "revoked_tokens"}

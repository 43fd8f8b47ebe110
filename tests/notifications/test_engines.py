"""The outbox and petitions on SQLite and PostgreSQL: two senders at once deliver each message
exactly once; a petition is received, classified and confirmed; a group is reported."""

import threading

import pytest

from reception import clock, notifications
from reception.config import Settings
from reception.database import connection, write_transaction
from reception.notifications import sender
from reception.notifications.models import Notification
from reception.users import create_user
from tests.admin.conftest import log_in
from tests.notifications.conftest import make_app
from tests.petitions.conftest import PDF, files, form
from tests.sites import ENGINES


@pytest.fixture(params=ENGINES)
def engine_app(request, tmp_path, smtp_server, sms_gateway):
    url = (f"sqlite:///{tmp_path / 'reception.db'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_database"))
    application = make_app(tmp_path, DATABASE_URL=url, SMTP_URL=smtp_server[0],
                           SMS_URL=sms_gateway[0], ALERT_PHONES="0955000555")
    yield application
    clock.frozen_now = None


def test_two_senders_at_once_deliver_each_message_once(engine_app, smtp_server, sms_gateway):
    with connection(), write_transaction():
        for number in range(15):
            notifications.enqueue("test", email=f"dan{number}@example.vn",
                                  phone=f"09120000{number:02d}", subject=f"Thư {number}",
                                  body=f"Nội dung {number}")
    start = threading.Barrier(2)
    outcomes = []

    def run():
        start.wait()
        outcomes.append(sender.send_due())

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(o["sent"] for o in outcomes) == 30
    assert len(smtp_server[1].messages) == 15 and len(sms_gateway[1].received) == 15
    assert len({r["json"]["id"] for r in sms_gateway[1].received}) == 15
    with connection():
        assert {n.status for n in Notification.select()} == {"sent"}


def test_a_petition_is_received_classified_and_a_group_reported(engine_app, sms_gateway):
    client = engine_app.test_client()
    answer = client.post("/api/v1/petitions", content_type="multipart/form-data",
                         data={**form(service="C"), "files": files((PDF, "don.pdf"))})
    assert answer.status_code == 201, answer.json
    code = answer.json["petition"]["code"]
    # Not the make_user fixture: it would open the shared fixtures' app on another database.
    with connection():
        leader = create_user("lanh-dao", "mat-khau-an-toan", "leader",
                             hash_method=Settings.of(engine_app).password_hash_method)
    password = "mat-khau-an-toan"
    browser = engine_app.test_client()
    csrf = log_in(browser, leader.username, password)
    listing = browser.get("/admin/petitions").get_data(as_text=True)
    assert code in listing
    petition_id = int(listing.split("/admin/petitions/")[1].split('"')[0])
    saved = browser.post(f"/admin/petitions/{petition_id}/classify",
                         data={"csrf_token": csrf, "matter_type": "kien_nghi",
                               "field": "chinh_sach", "handling": "huong_dan"})
    assert saved.status_code == 302
    assert client.get(f"/api/v1/petitions/{code}").json["petition"]["status"] == "classified"
    assert client.post("/api/v1/tickets", json={"service": "A",
                                                "party_size": 6}).status_code == 201
    assert sender.send_due() == {"sent": 3, "failed": 0}
    texts = [r["json"]["text"] for r in sms_gateway[1].received]
    assert any("đã nhận đơn" in t for t in texts)
    assert any("đã được xem xét, phân loại" in t for t in texts)
    assert any(t.startswith("KHẨN") and "6 người" in t for t in texts)

"""The outbox: queued inside the caller's transaction, delivered to a real SMTP server and a
real HTTP SMS gateway, retried with exponential back-off up to a maximum, logged for admins."""

from datetime import datetime, timedelta

import pytest

from reception import clock, notifications
from reception.database import connection, write_transaction
from reception.notifications import sender
from reception.notifications.models import DeliveryAttempt, Notification
from tests.admin.conftest import log_in
from tests.live import wait_for
from tests.notifications.conftest import make_app

MORNING = datetime(2026, 12, 7, 8, 0, tzinfo=clock.TIMEZONE)


def queue_one(**changes):
    values = {"email": "dan@example.vn", "phone": "0912345678", "subject": "Tiêu đề thử",
              "body": "Nội dung có dấu: Đức An, Lâm Đồng.", "about": "test:1",
              "name": "Nguyễn Văn A"}
    values.update(changes)
    with connection(), write_transaction():
        return notifications.enqueue("test", **values)


def rows():
    with connection():
        return list(Notification.select().order_by(Notification.id))


def test_a_rolled_back_request_sends_nothing(app, smtp_server, sms_gateway):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), connection(), write_transaction():
        notifications.enqueue("test", email="dan@example.vn", phone="0912345678",
                              subject="Không gửi", body="Không gửi")
        raise Refused
    assert rows() == []
    assert sender.send_due() == {"sent": 0, "failed": 0}
    assert smtp_server[1].messages == [] and sms_gateway[1].received == []


def test_email_and_sms_are_delivered(app, smtp_server, sms_gateway):
    queued = queue_one(sms="Tin ngắn có dấu: đã nhận đơn.")
    assert [r.channel for r in queued] == ["email", "sms"]
    assert sender.send_due() == {"sent": 2, "failed": 0}
    [mail] = smtp_server[1].messages
    assert mail["to"] == ["dan@example.vn"] and mail["subject"] == "Tiêu đề thử"
    assert "Đức An, Lâm Đồng" in mail["body"] and "tiepdan@ducan.example.vn" in mail["from"]
    [sms] = sms_gateway[1].received
    assert sms["json"] == {"to": "0912345678", "text": "Tin ngắn có dấu: đã nhận đơn.",
                           "id": str(queued[1].id)}
    assert sms["auth"] == "Bearer bi-mat-cong"
    assert sms["content_type"].startswith("application/json")
    assert [(r.status, r.attempts) for r in rows()] == [("sent", 1), ("sent", 1)]
    # Nothing is sent twice.
    assert sender.send_due() == {"sent": 0, "failed": 0}
    assert len(sms_gateway[1].received) == 1


def test_invalid_addresses_are_skipped(app):
    assert queue_one(email="không phải thư", phone="12345") == []
    assert [r.recipient for r in queue_one(email=None, phone="+84 912 345 678")] == [
        "0912345678"]


def test_failures_are_retried_with_exponential_back_off(app, smtp_server, sms_gateway):
    clock.frozen_now = MORNING
    sms_gateway[1].answers = [500, 503]
    smtp_server[1].refuse = 1
    queue_one()
    assert sender.send_due() == {"sent": 0, "failed": 2}
    mail, sms = rows()
    assert mail.status == sms.status == "pending" and sms.attempts == 1
    assert "451" in mail.last_error and sms.last_error == "Cổng SMS trả lời 500."
    first_wait = clock.from_storage(sms.next_attempt_at) - MORNING
    assert first_wait == timedelta(seconds=60)
    # Not due yet: nothing is tried.
    clock.frozen_now = MORNING + timedelta(seconds=59)
    assert sender.send_due() == {"sent": 0, "failed": 0}
    clock.frozen_now = MORNING + timedelta(seconds=60)
    assert sender.send_due() == {"sent": 1, "failed": 1}  # the mail goes; the gateway 503s
    mail, sms = rows()
    assert mail.status == "sent" and smtp_server[1].messages[0]["subject"] == "Tiêu đề thử"
    assert sms.attempts == 2 and sms.last_error == "Cổng SMS trả lời 503."
    assert clock.from_storage(sms.next_attempt_at) - clock.now() == timedelta(seconds=120)
    clock.frozen_now = MORNING + timedelta(seconds=180)
    assert sender.send_due() == {"sent": 1, "failed": 0}
    assert rows()[1].status == "sent" and rows()[1].attempts == 3
    with connection():
        log = [(a.ok, a.error) for a in DeliveryAttempt.select()
               .where(DeliveryAttempt.notification == sms.id).order_by(DeliveryAttempt.id)]
    assert log == [(False, "Cổng SMS trả lời 500."), (False, "Cổng SMS trả lời 503."),
                   (True, "")]
    # Every SMS try carried the same id, so a gateway can drop a repeat.
    assert {r["json"]["id"] for r in sms_gateway[1].received} == {str(sms.id)}


@pytest.mark.app_config(NOTIFY_MAX_ATTEMPTS=3)
def test_after_the_maximum_of_tries_a_message_fails_and_can_be_sent_again(
        app, sms_gateway, make_user):
    clock.frozen_now = MORNING
    sms_gateway[1].answers = [500] * 3
    queue_one(email=None)
    waits = []
    for _ in range(3):
        sender.send_due()
        row = rows()[0]
        waits.append(clock.from_storage(row.next_attempt_at) - clock.now())
        clock.frozen_now = clock.from_storage(row.next_attempt_at)
    row = rows()[0]
    assert row.status == "failed" and row.attempts == 3
    assert waits[:2] == [timedelta(seconds=60), timedelta(seconds=120)]
    clock.frozen_now = MORNING + timedelta(hours=5)
    assert sender.send_due() == {"sent": 0, "failed": 0}
    assert len(sms_gateway[1].received) == 3

    # The admin's delivery log shows it, with its error, and puts it back in the outbox.
    admin, password = make_user("admin")
    browser = app.test_client()
    csrf = log_in(browser, admin.username, password)
    page = browser.get("/admin/notifications?status=failed").get_data(as_text=True)
    assert "Nhật ký gửi thông báo" in page and "Gửi không được" in page
    assert "Cổng SMS trả lời 500." in page and "0912345678" in page
    again = browser.post(f"/admin/notifications/{row.id}/retry", data={"csrf_token": csrf})
    assert again.status_code == 302
    assert sender.send_due() == {"sent": 1, "failed": 0}
    assert rows()[0].status == "sent"
    refused = browser.post(f"/admin/notifications/{row.id}/retry", data={"csrf_token": csrf},
                           follow_redirects=True)
    assert "Chỉ gửi lại được thông báo đã gửi không thành công." in refused.get_data(
        as_text=True)
    # Only admins read the log.
    officer, password = make_user("officer")
    other = app.test_client()
    log_in(other, officer.username, password)
    assert other.get("/admin/notifications").status_code == 403


def test_an_unreachable_server_counts_as_a_failed_try(tmp_path):
    make_app(tmp_path, SMTP_URL="smtp://127.0.0.1:9", SMS_URL="http://127.0.0.1:9/sms",
             NOTIFY_TIMEOUT=2)
    clock.frozen_now = MORNING
    try:
        queue_one()
        assert sender.send_due() == {"sent": 0, "failed": 2}
        assert [r.status for r in rows()] == ["pending", "pending"]
        assert all(r.last_error for r in rows())
    finally:
        clock.frozen_now = None


def test_a_channel_without_settings_fails_at_once(tmp_path):
    make_app(tmp_path)
    queue_one()
    assert sender.send_due() == {"sent": 0, "failed": 2}
    assert [(r.status, r.attempts) for r in rows()] == [("failed", 1), ("failed", 1)]
    assert rows()[0].last_error == "Chưa cấu hình máy chủ thư (RECEPTION_SMTP_URL)."
    assert rows()[1].last_error == "Chưa cấu hình cổng SMS (RECEPTION_SMS_URL)."


def test_the_cli_sends_what_is_due(app, runner, smtp_server, sms_gateway):
    queue_one()
    status = runner.invoke(args=["notifications", "status"])
    assert "Chờ gửi: 2" in status.output
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    assert "Đã gửi 2 thông báo" in result.output
    assert len(smtp_server[1].messages) == 1 and len(sms_gateway[1].received) == 1


@pytest.mark.app_config(NOTIFY_IMMEDIATELY=True)
def test_kick_sends_in_the_background_after_commit(app, smtp_server, sms_gateway):
    queue_one()
    notifications.kick()
    wait_for(lambda: len(sms_gateway[1].received) == 1 and len(smtp_server[1].messages) == 1,
             timeout=10)
    wait_for(lambda: [r.status for r in rows()] == ["sent", "sent"], timeout=10)


def test_the_neutral_texts_name_no_matter(app):
    from reception.notifications import texts

    with connection():
        made = [texts.petition_received("K7QDTM4HXA", "https://x/tra-cuu?ma=K7QDTM4HXA"),
                texts.petition_classified("K7QDTM4HXA", "https://x/tra-cuu?ma=K7QDTM4HXA"),
                texts.booking_made("H8KD3MXQ", "08:00 ngày 10/12/2026", "https://x/hen/H8KD3MXQ"),
                texts.booking_reminder("H8KD3MXQ", "08:00 ngày 10/12/2026", "https://x/hen/1"),
                texts.session_cancelled("H8KD3MXQ", "08:00 ngày 10/12/2026"),
                texts.turn_near("015", 3)]
    for subject, body, sms in made:
        assert "UBND xã Đức An, tỉnh Lâm Đồng" in body and len(sms) <= 320
        for word in ("Tố cáo", "tố cáo", "Khiếu nại", "khiếu nại", "Kiến nghị", "Phản ánh"):
            assert word not in subject + body + sms
    assert made[5][2].startswith("UBND xã Đức An, tỉnh Lâm Đồng: còn 3 người trước số 015.")

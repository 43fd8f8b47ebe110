"""Urgent reports out of the building: a large group or a crowded hall is reported at once by
e-mail and SMS to the leader on duty, the inspectorate and the police post; the crowd view
shows who was told and who acknowledged; the day prints as a one-page urgent report."""

import io
from datetime import datetime

from pypdf import PdfReader

from reception import clock
from reception.crowd import live
from reception.crowd.models import CrowdAlert
from reception.database import connection, write_transaction
from reception.notifications import sender
from reception.notifications.models import Notification
from reception.schedule.models import DutyShift
from tests.admin.conftest import log_in
from tests.notifications.conftest import make_app

MORNING = datetime(2026, 12, 7, 9, 15, tzinfo=clock.TIMEZONE)


def signed_in(app, make_user, role):
    user, password = make_user(role)
    browser = app.test_client()
    browser.csrf = log_in(browser, user.username, password)
    browser.user = user
    return browser


def add_recipients(app, make_user):
    """Set the recipients on the admin page; put leader Hùng on today's duty roster."""
    admin = signed_in(app, make_user, "admin")
    leader, _ = make_user("leader")
    rows = [
        {"kind": "inspectorate", "name": "Thanh tra tỉnh", "email": "thanhtra@example.vn",
         "phone": "0911000111"},
        {"kind": "police", "name": "Công an xã Đức An", "email": "", "phone": "0922 000 222"},
        {"kind": "leader", "name": "Phó Chủ tịch Hùng", "email": "hung@example.vn",
         "phone": "0933000333", "user": str(leader.id)},
        {"kind": "leader", "name": "Chủ tịch Lan", "email": "lan@example.vn",
         "phone": "0944000444"},
    ]
    for row in rows:
        answer = admin.post("/admin/alert-recipients",
                            data={"csrf_token": admin.csrf, "active": "on", **row})
        assert answer.status_code == 302, answer.get_data(as_text=True)
    with connection(), write_transaction():
        DutyShift.create(day=clock.today(), user=leader, person_name="Phó Chủ tịch Hùng",
                         created_at=clock.stored_now())
    page = admin.get("/admin/alert-recipients").get_data(as_text=True)
    assert "Hôm nay sẽ báo cho: Thanh tra tỉnh, Công an xã Đức An, Phó Chủ tịch Hùng" in page
    return admin


def outbox(about=None):
    with connection():
        query = Notification.select().order_by(Notification.id)
        if about:
            query = query.where(Notification.about == about)
        return [(n.recipient_name, n.channel, n.recipient) for n in query]


def test_a_large_group_is_reported_at_once(app, make_user, client, auth_headers, smtp_server,
                                           sms_gateway):
    clock.frozen_now = MORNING
    add_recipients(app, make_user)
    ticket = client.post("/api/v1/tickets", json={"service": "A", "party_size": 7})
    assert ticket.status_code == 201
    with connection():
        alert = CrowdAlert.get(CrowdAlert.kind == "group")
    about = f"crowd_alert:{alert.id}"
    assert outbox(about) == [
        ("Thanh tra tỉnh", "email", "thanhtra@example.vn"),
        ("Thanh tra tỉnh", "sms", "0911000111"),
        ("Công an xã Đức An", "sms", "0922000222"),
        ("Phó Chủ tịch Hùng", "email", "hung@example.vn"),
        ("Phó Chủ tịch Hùng", "sms", "0933000333"),
    ]  # Chủ tịch Lan is not on duty today
    assert sender.send_due() == {"sent": 5, "failed": 0}
    number = ticket.json["ticket"]["number"]
    mails = {m["to"][0]: m for m in smtp_server[1].messages}
    mail = mails["thanhtra@example.vn"]
    assert mail["subject"].startswith(f"[KHẨN] Đoàn đông người: phiếu số {number}, 7 người.")
    assert "Số người: 7" in mail["body"] and "Nội dung: Khiếu nại" in mail["body"]
    assert "Thời điểm: 09:15 ngày 07/12/2026" in mail["body"]
    texts = {r["json"]["to"]: r["json"]["text"] for r in sms_gateway[1].received}
    assert texts["0922000222"].startswith("KHẨN UBND xã Đức An, tỉnh Lâm Đồng: Đoàn đông người")
    assert "Khiếu nại" in texts["0922000222"] and "09:15 ngày 07/12/2026" in texts["0922000222"]

    # The crowd view shows who was told, and then who acknowledged.
    guard = auth_headers("security")
    [shown] = client.get("/api/v1/crowd", headers=guard).json["alerts"]
    told = {(n["name"], n["channel"], n["status"]) for n in shown["notified"]}
    assert told == {("Thanh tra tỉnh", "email", "sent"), ("Thanh tra tỉnh", "sms", "sent"),
                    ("Công an xã Đức An", "sms", "sent"), ("Phó Chủ tịch Hùng", "email", "sent"),
                    ("Phó Chủ tịch Hùng", "sms", "sent")}
    acknowledged = client.post(f"/api/v1/crowd/alerts/{alert.id}/ack", headers=guard,
                               json={"note": "Đã mời đại diện vào phòng tiếp"})
    assert acknowledged.status_code == 200
    [shown] = client.get("/api/v1/crowd", headers=guard).json["alerts"]
    assert shown["acknowledged_by"] and len(shown["notified"]) == 5

    # The one-page urgent report.
    viewer = signed_in(app, make_user, "security")
    report = viewer.get("/admin/crowd/report.pdf")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    pdf = PdfReader(io.BytesIO(report.data))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    for expected in ("BÁO CÁO NHANH", "07/12/2026", "Đoàn đông người", "Thanh tra tỉnh",
                     "Công an xã Đức An", "Đã mời đại diện vào phòng tiếp"):
        assert expected in text, expected
    assert "Khiếu nại" not in text  # the report names no matter: it goes to the police as is
    # Each alert is reported once: the same group still present raises nothing new.
    client.post("/api/v1/tickets", json={"service": "A", "party_size": 1})
    assert len(outbox(about)) == 5


def test_a_denunciation_group_is_reported_without_its_matter(app, make_user, client,
                                                             smtp_server, sms_gateway):
    clock.frozen_now = MORNING
    add_recipients(app, make_user)
    assert client.post("/api/v1/tickets",
                       json={"service": "B", "party_size": 8}).status_code == 201
    sender.send_due()
    sent = [m["subject"] + m["body"] for m in smtp_server[1].messages] + [
        r["json"]["text"] for r in sms_gateway[1].received]
    assert len(sent) == 5
    for text in sent:
        assert "Đoàn đông người" in text and "8 người" in text
        assert "Tố cáo" not in text and "Nội dung:" not in text


def test_a_crowded_hall_is_reported_and_a_long_wait_is_not(app, make_user, client,
                                                           auth_headers):
    clock.frozen_now = MORNING
    add_recipients(app, make_user)
    admin = auth_headers("admin")
    assert client.put("/api/v1/crowd/thresholds", headers=admin,
                      json={"crowded": 3, "overcrowded": 50,
                            "long_wait_minutes": 5}).status_code == 200
    for _ in range(3):
        client.post("/api/v1/tickets", json={"service": "C", "party_size": 1})
    with connection():
        crowded = CrowdAlert.get(CrowdAlert.kind == "crowded")
    assert len(outbox(f"crowd_alert:{crowded.id}")) == 5
    with connection():
        body = Notification.get(Notification.about == f"crowd_alert:{crowded.id}").body
    assert "Đông người: 3 người trong trụ sở" in body and "Số người: 3" in body
    clock.frozen_now = datetime(2026, 12, 7, 9, 30, tzinfo=clock.TIMEZONE)
    live.crowd_changed()  # what the housekeeping loop does every 30 seconds
    with connection():
        late = CrowdAlert.get(CrowdAlert.kind == "long_wait")
    assert outbox(f"crowd_alert:{late.id}") == []


def test_without_recipients_the_configured_defaults_are_told(tmp_path, smtp_server,
                                                             sms_gateway):
    app = make_app(tmp_path, SMTP_URL=smtp_server[0], SMS_URL=sms_gateway[0],
                   ALERT_EMAILS="truc@example.vn, thanhtra@example.vn",
                   ALERT_PHONES="0955000555")
    try:
        clock.frozen_now = MORNING
        client = app.test_client()
        assert client.post("/api/v1/tickets", json={"service": "A",
                                                    "party_size": 5}).status_code == 201
        assert sorted(r[2] for r in outbox()) == ["0955000555", "thanhtra@example.vn",
                                                   "truc@example.vn"]
        assert sender.send_due() == {"sent": 3, "failed": 0}
        assert sorted(m["to"][0] for m in smtp_server[1].messages) == [
            "thanhtra@example.vn", "truc@example.vn"]
    finally:
        clock.frozen_now = None


def test_recipient_form_refusals(app, make_user):
    admin = signed_in(app, make_user, "admin")
    refused = admin.post("/admin/alert-recipients",
                         data={"csrf_token": admin.csrf, "kind": "police", "name": "Công an",
                               "phone": "12345"})
    assert refused.status_code == 400
    assert "cần có thư điện tử hoặc số điện thoại hợp lệ" in refused.get_data(as_text=True)
    unknown = admin.post("/admin/alert-recipients",
                         data={"csrf_token": admin.csrf, "kind": "hacker", "name": "X",
                               "phone": "0912345678"})
    assert unknown.status_code == 400
    officer = signed_in(app, make_user, "officer")
    assert officer.get("/admin/alert-recipients").status_code == 403

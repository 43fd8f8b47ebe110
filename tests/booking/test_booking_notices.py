"""Issue 13: a citizen who booked is told by e-mail and SMS — when booking, the day before,
when the office cancels the session, and when their turn is near — in neutral words, each
message once, and nothing for a request that was refused."""

from datetime import timedelta

import pytest

from reception import clock
from reception.booking import appointments
from reception.database import connection
from reception.notifications.models import Notification
from tests.booking.conftest import NEXT_WEEK, add_session, citizen, frozen


def messages(kind=None):
    with connection():
        query = Notification.select().order_by(Notification.id)
        if kind:
            query = query.where(Notification.kind == kind)
        return [(n.kind, n.channel, n.recipient, n.body) for n in query]


def book(client, session_id, **changes):
    answer = client.post("/api/v1/appointments", json=citizen(session_id, **changes))
    assert answer.status_code == 201, answer.json
    return answer.json["appointment"]["code"]


def test_booking_sends_the_code_and_its_page_in_neutral_words(client, session):
    code = book(client, session["id"], service="B", email="nhung@example.vn")
    sent = messages("booking_made")
    assert {(kind, channel, to) for kind, channel, to, _ in sent} == {
        ("booking_made", "email", "nhung@example.vn"), ("booking_made", "sms", "0912345678")}
    for _kind, _channel, _to, body in sent:
        assert code in body and f"/hen/{code}" in body and "07:30 ngày 03/03/2027" in body
        # A denunciation's booking: nothing says what it is about.
        assert "Tố cáo" not in body and "tố cáo" not in body
    # The same request again (a double tap) books once and tells once.
    again = client.post("/api/v1/appointments", json=citizen(session["id"], service="B",
                                                              email="nhung@example.vn"),
                        headers={"Idempotency-Key": "k1"})
    client.post("/api/v1/appointments", json=citizen(session["id"], service="B",
                                                     email="nhung@example.vn"),
                headers={"Idempotency-Key": "k1"})
    assert again.status_code == 201
    assert len(messages("booking_made")) == 4


def test_a_refused_booking_tells_nobody(client, session):
    refused = client.post("/api/v1/appointments", json=citizen(session["id"], phone="12345"))
    assert refused.status_code == 400
    assert messages() == []
    for place in range(session["capacity"]):
        book(client, session["id"], phone=f"09123456{place:02d}")
    full = client.post("/api/v1/appointments", json=citizen(session["id"], phone="0911111111"))
    assert full.status_code == 409 and full.json["error"]["code"] == "session_full"
    assert len(messages("booking_made")) == session["capacity"]
    assert "0911111111" not in [to for _kind, _channel, to, _body in messages()]


def test_cancelling_a_session_tells_each_booking(client, leader, session):
    first = book(client, session["id"])
    second = book(client, session["id"], phone="0987654321")
    assert client.delete(f"/api/v1/sessions/{session['id']}", headers=leader).status_code == 200
    cancelled = messages("session_cancelled")
    assert sorted(to for _kind, _channel, to, _body in cancelled) == ["0912345678", "0987654321"]
    assert any(first in body for *_rest, body in cancelled)
    assert any(second in body for *_rest, body in cancelled)


def test_the_day_before_each_booking_is_reminded_once(client, leader, session):
    later = add_session(client, leader, date=NEXT_WEEK).json["session"]
    code = book(client, later["id"])
    frozen(day="2027-03-09", hour=9)  # the day before
    with connection():
        assert appointments.send_reminders("https://tiepdan.example.vn") == 1
        assert appointments.send_reminders("https://tiepdan.example.vn") == 0
    reminded = messages("booking_reminder")
    assert len(reminded) == 1 and f"https://tiepdan.example.vn/hen/{code}" in reminded[0][3]
    # Today's booking is not reminded (its day is not tomorrow).
    assert clock.today() + timedelta(days=1) != clock.parse_date(session["date"])


@pytest.mark.app_config(APPOINTMENTS_FIRST=False)
def test_the_booked_ticket_hears_when_three_are_ahead(app, client, session, officer):
    walk_ins = [client.post("/api/v1/tickets", json={"service": "C"}).json["ticket"]
                for _ in range(4)]
    code = book(client, session["id"], service="C", email="nhung@example.vn")
    ticket = client.post("/api/v1/tickets", json={"appointment": code}).json["ticket"]
    assert messages("turn_near") == []
    called = client.post("/api/v1/counters/3/call-next", headers=officer).json["ticket"]
    assert called["id"] == walk_ins[0]["id"]
    near = messages("turn_near")
    assert {channel for _kind, channel, _to, _body in near} == {"email", "sms"}
    assert all(ticket["number"] in body and "3" in body for *_rest, body in near)
    # Told once: the next call (two ahead now) queues nothing more.
    client.post("/api/v1/counters/3/call-next", headers=officer)
    assert len(messages("turn_near")) == 2

"""Issue 13: check-in with POST /api/v1/tickets {"appointment": code} on the session's day:
a ticket of the booked matter at the session's counter, called before walk-ins there; the
same code again gives the same ticket; another day or a cancelled booking gives 409."""

import pytest

from tests.booking.conftest import NEXT_WEEK, add_session, citizen, frozen


def booked(client, session_id, **changes) -> str:
    answer = client.post("/api/v1/appointments", json=citizen(session_id, **changes))
    assert answer.status_code == 201, answer.json
    return answer.json["appointment"]["code"]


def check_in(client, code, **extra):
    return client.post("/api/v1/tickets", json={"appointment": code, **extra})


def test_check_in_gives_a_ticket_then_the_same_ticket(client, session, officer):
    code = booked(client, session["id"])
    first = check_in(client, code)
    assert first.status_code == 201, first.json
    assert first.json["created"] is True
    assert "Idempotent-Replayed" not in first.headers
    again = check_in(client, code.lower())
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json["ticket"]["id"] == first.json["ticket"]["id"]
    # The kiosk's answer is a walk-in's: the same fields, no matter.
    walk_in = client.post("/api/v1/tickets", json={"service": "A"}).json["ticket"]
    assert set(first.json["ticket"]) == set(walk_in)
    assert "service" not in first.json["ticket"]
    # Staff see the booked matter; the appointment shows its ticket.
    ticket = client.get(f"/api/v1/tickets/{first.json['ticket']['id']}", headers=officer)
    assert ticket.json["ticket"]["service"] == "A"
    mine = client.get(f"/api/v1/appointments/{code}").json["appointment"]
    assert mine["status"] == "checked_in"
    assert mine["ticket"]["number"] == first.json["ticket"]["number"]
    cancel = client.post(f"/api/v1/appointments/{code}/cancel")
    assert (cancel.status_code, cancel.json["error"]["code"]) == (409, "appointment_checked_in")


def test_the_qr_link_checks_in_too(client, session):
    code = booked(client, session["id"])
    answer = check_in(client, f"http://192.168.1.10:5000/hen/{code}")
    assert answer.status_code == 201, answer.json


def test_the_appointment_is_called_first_at_the_sessions_counter(client, session, officer):
    # Counter 3 receives C and D; walk-ins of C (one a priority) came before the appointment.
    walk_in = client.post("/api/v1/tickets", json={"service": "C"}).json["ticket"]
    client.post("/api/v1/tickets", json={"service": "C", "priority": "elderly"})
    code = booked(client, session["id"], service="A")
    ticket = check_in(client, code).json["ticket"]
    # Counter 1 receives A, but the appointment waits for the session's counter.
    first_at_1 = client.post("/api/v1/counters/1/call-next", headers=officer).json["ticket"]
    assert first_at_1["id"] != ticket["id"]
    called = client.post("/api/v1/counters/3/call-next", headers=officer).json["ticket"]
    assert called["id"] == ticket["id"]
    assert called["service"] == "A"
    assert called["counter"]["number"] == 3
    assert walk_in["id"] != called["id"]


@pytest.mark.app_config(APPOINTMENTS_FIRST=False)
def test_appointments_first_can_be_switched_off(app, client, session, officer):
    walk_in = client.post("/api/v1/tickets", json={"service": "C"}).json["ticket"]
    ticket = check_in(client, booked(client, session["id"])).json["ticket"]
    first = client.post("/api/v1/counters/3/call-next", headers=officer).json["ticket"]
    second = client.post("/api/v1/counters/3/call-next", headers=officer).json["ticket"]
    assert [first["id"], second["id"]] == [walk_in["id"], ticket["id"]]


def test_another_day_is_refused(client, leader, session):
    later = add_session(client, leader, date=NEXT_WEEK).json["session"]
    code = booked(client, later["id"])
    refused = check_in(client, code)
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "appointment_not_today")
    assert "10/03/2027" in refused.json["error"]["message"]
    frozen(NEXT_WEEK, 9)
    assert check_in(client, code).status_code == 201


@pytest.mark.parametrize("how", ["citizen", "office"])
def test_a_cancelled_booking_is_refused(client, leader, session, how):
    code = booked(client, session["id"])
    if how == "citizen":
        client.post(f"/api/v1/appointments/{code}/cancel")
    else:
        client.delete(f"/api/v1/sessions/{session['id']}", headers=leader)
    refused = check_in(client, code)
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "appointment_cancelled")
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 0


def test_unknown_codes_and_empty_requests(client, session):
    missing = check_in(client, "ABCDEFGHJK")
    assert missing.status_code == 404
    assert missing.json["error"]["message"] == "Không tìm thấy lịch hẹn."
    empty = client.post("/api/v1/tickets", json={})
    assert empty.status_code == 400
    assert "service" in empty.json["error"]["message"]

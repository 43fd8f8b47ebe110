"""Issue 13: POST /api/v1/appointments (public, Idempotency-Key), GET and cancel by code,
the reception staff's list (security 403), the limit per address."""

import re

import pytest

from reception.booking.appointments import CODE_ALPHABET
from tests.booking.conftest import citizen


def book(client, session_id, **changes):
    return client.post("/api/v1/appointments", json=citizen(session_id, **changes))


def test_a_booking_answers_its_code_and_the_session(client, session):
    answer = book(client, session["id"], email="nhung@example.vn", id_number="066190000123")
    assert answer.status_code == 201, answer.json
    appointment = answer.json["appointment"]
    assert appointment["status"] == "booked"
    assert appointment["session"]["id"] == session["id"]
    assert appointment["session"]["booked"] == 1
    assert appointment["manage_url"] == f"/hen/{appointment['code']}"
    # Unguessable and unambiguous: 10 characters, never 0, O, 1, I or L.
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{10}}", appointment["code"])
    assert not set("0O1IL") & set(CODE_ALPHABET)
    # The holder's view names no matter and no name; the phone is masked.
    assert appointment["phone"] == "•••••••678"
    for key in ("service", "name", "summary", "id_number", "email"):
        assert key not in appointment


def test_codes_differ_and_are_found_however_typed(client, session):
    codes = {book(client, session["id"]).json["appointment"]["code"] for _ in range(5)}
    assert len(codes) == 5
    code = sorted(codes)[0]
    spaced = f" {code[:5].lower()}-{code[5:]} "
    assert client.get(f"/api/v1/appointments/{spaced}").json["appointment"]["code"] == code
    for wrong in ("O" * 10, code[:9], "ABCDEFGHJK"):
        missing = client.get(f"/api/v1/appointments/{wrong}")
        assert missing.status_code == 404
        assert missing.json["error"]["message"] == "Không tìm thấy lịch hẹn."


def test_a_retry_with_the_same_key_books_once(client, session):
    key = {"Idempotency-Key": "dien-thoai-1"}
    first = client.post("/api/v1/appointments", json=citizen(session["id"]), headers=key)
    again = client.post("/api/v1/appointments", json=citizen(session["id"]), headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json["appointment"]["code"] == first.json["appointment"]["code"]
    other = client.post("/api/v1/appointments", json=citizen(session["id"], name="Khác"),
                        headers=key)
    assert (other.status_code, other.json["error"]["code"]) == (409, "idempotency_conflict")
    assert client.get("/api/v1/sessions").json["sessions"][0]["booked"] == 1


def test_bad_bookings_are_refused_and_take_no_place(client, session):
    cases = [
        ({"phone": "912345678"}, 400, "invalid_phone"),
        ({"phone": "09123456789"}, 400, "invalid_phone"),
        ({"phone": "1912345678"}, 400, "invalid_phone"),
        ({"name": "   "}, 400, "invalid_value"),
        ({"service": "Z"}, 400, "unknown_service"),
        ({"session_id": "999-20270303"}, 400, "unknown_session"),
        ({"session_id": "khong-co"}, 400, "unknown_session"),
        ({"summary": "x" * 2001}, 400, "invalid_value"),
        ({"party_size": 0}, 400, "invalid_party_size"),
        ({"email": "khong-phai-thu"}, 400, "invalid_value"),
        ({"id_number": "12345"}, 400, "id_number_length"),
    ]
    for change, status, code in cases:
        answer = client.post("/api/v1/appointments", json={**citizen(session["id"]), **change})
        assert (answer.status_code, answer.json["error"]["code"]) == (status, code), change
        assert answer.json["error"]["message"], change
    assert "10 chữ số" in book(client, session["id"], phone="123").json["error"]["message"]
    english = client.post("/api/v1/appointments?lang=en", json=citizen(session["id"],
                                                                       phone="123"))
    assert "10 digits" in english.json["error"]["message"]
    assert client.get("/api/v1/sessions").json["sessions"][0]["booked"] == 0
    # A phone written with spaces or dots is the same number.
    assert book(client, session["id"], phone="0912 345.678").status_code == 201


def test_the_last_place_goes_then_the_session_is_full(client, session):
    for _ in range(5):
        assert book(client, session["id"]).status_code == 201
    full = book(client, session["id"])
    assert (full.status_code, full.json["error"]["code"]) == (409, "session_full")
    assert "hết chỗ" in full.json["error"]["message"]
    listed = client.get("/api/v1/sessions").json["sessions"][0]
    assert (listed["booked"], listed["bookable"]) == (5, False)


def test_cancelling_frees_the_place(client, session):
    codes = [book(client, session["id"]).json["appointment"]["code"] for _ in range(5)]
    cancelled = client.post(f"/api/v1/appointments/{codes[0]}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json["appointment"]["status"] == "cancelled"
    assert client.get("/api/v1/sessions").json["sessions"][0]["booked"] == 4
    # Cancelling again changes nothing, and frees no second place.
    again = client.post(f"/api/v1/appointments/{codes[0]}/cancel")
    assert (again.status_code, again.json["appointment"]["status"]) == (200, "cancelled")
    assert client.get("/api/v1/sessions").json["sessions"][0]["booked"] == 4
    assert book(client, session["id"]).status_code == 201
    assert book(client, session["id"]).status_code == 409
    assert client.post("/api/v1/appointments/ABCDEFGHJK/cancel").status_code == 404


def test_staff_list_a_session_security_may_not(client, auth_headers, session):
    book(client, session["id"])
    secret = book(client, session["id"], service="B", name="Phạm Văn Tố",
                  phone="0987654321").json["appointment"]
    url = f"/api/v1/appointments?session_id={session['id']}"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=auth_headers("security")).status_code == 403
    listed = client.get(url, headers=auth_headers("leader")).json["appointments"]
    assert [a["name"] for a in listed] == ["Nguyễn Thị Hồng Nhung", "Phạm Văn Tố"]
    assert listed[1]["service"] == "B" and listed[1]["phone"] == "0987654321"
    # An officer sees that a booking is there, not a denouncer's name or matter.
    seen = client.get(url, headers=auth_headers("officer")).json["appointments"]
    assert seen[0]["name"] == "Nguyễn Thị Hồng Nhung"
    assert seen[1]["code"] == secret["code"]
    assert {seen[1][k] for k in ("name", "phone", "service", "summary")} == {None}
    assert client.get("/api/v1/appointments", headers=auth_headers("officer")).status_code == 400
    assert client.get("/api/v1/appointments?session_id=7-20270303",
                      headers=auth_headers("officer")).status_code == 404


def test_one_address_books_sixty_a_minute(client, leader, morning):
    from tests.booking.conftest import add_session

    big = add_session(client, leader, capacity=100).json["session"]
    answers = [book(client, big["id"]).status_code for _ in range(60)]
    assert answers == [201] * 60


@pytest.mark.app_config(BOOKING_LIMIT_ADDRESS="3 per minute")
def test_the_limit_per_address_answers_429_in_vietnamese(app, client, session):
    answers = [book(client, session["id"]) for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[3].json["error"]["code"] == "rate_limited"
    assert "Quá nhiều yêu cầu" in answers[3].json["error"]["message"]
    assert int(answers[3].headers["Retry-After"]) >= 1
    # Another address still books.
    other = client.post("/api/v1/appointments", json=citizen(session["id"]),
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201

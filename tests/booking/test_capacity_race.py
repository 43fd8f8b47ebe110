"""Issue 13: 20 citizens booking the last 5 places at once: exactly 5 succeed, on SQLite and
PostgreSQL (one conditional UPDATE takes a place; nothing reads then writes)."""

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.booking.conftest import add_session, citizen
from tests.sites import DAY


def test_twenty_citizens_race_for_the_last_five_places(site):
    leader = site.staff("leader")
    session = add_session(site.client, leader, date=DAY, capacity=8).json["session"]
    for _ in range(3):
        assert site.client.post("/api/v1/appointments",
                                json=citizen(session["id"])).status_code == 201
    application = site.client.application
    start = threading.Barrier(20)

    def one_citizen(number):
        client = application.test_client()
        start.wait(timeout=20)
        return client.post("/api/v1/appointments", json=citizen(
            session["id"], phone=f"09{number:08d}", name=f"Công dân {number}"))

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(one_citizen, range(20)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * 5 + [409] * 15, [a.json for a in answers if a.status_code >= 500]
    assert {a.json["error"]["code"] for a in answers if a.status_code == 409} == {"session_full"}
    listed = site.client.get(f"/api/v1/sessions?from={DAY}&to={DAY}").json["sessions"][0]
    assert (listed["booked"], listed["capacity"], listed["bookable"]) == (8, 8, False)
    staff = site.client.get(f"/api/v1/appointments?session_id={session['id']}",
                            headers=site.staff("officer")).json["appointments"]
    assert len(staff) == 8
    # A cancellation racing with new bookings still never overfills the session.
    code = staff[0]["code"]
    start = threading.Barrier(6)

    def cancel_or_book(number):
        client = application.test_client()
        start.wait(timeout=20)
        if number == 0:
            return client.post(f"/api/v1/appointments/{code}/cancel")
        return client.post("/api/v1/appointments", json=citizen(session["id"]))

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(cancel_or_book, range(6)))
    assert answers[0].status_code == 200
    assert sum(a.status_code == 201 for a in answers[1:]) <= 1
    final = site.client.get(f"/api/v1/sessions?from={DAY}&to={DAY}").json["sessions"][0]
    assert final["booked"] <= 8
    live = site.client.get(f"/api/v1/appointments?session_id={session['id']}",
                           headers=site.staff("leader")).json["appointments"]
    assert final["booked"] == sum(a["status"] == "booked" for a in live)

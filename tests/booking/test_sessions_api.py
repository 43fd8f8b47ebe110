"""Issue 13: GET /api/v1/sessions (public totals), POST / PATCH / DELETE (leaders and admins),
one day of a recurring rule cancelled on its own."""

import json

from reception import clock
from reception.database import connection
from reception.schedule.models import WEEKLY, LeaderReception
from tests.booking.conftest import NEXT_WEEK, TODAY, add_session, citizen, frozen


def weekly_rule(capacity=3) -> int:
    """Store a weekly Wednesday reception with `capacity` places; return its id."""
    with connection():
        entry = LeaderReception.create(
            leader_name="Lê Thị Mai", leader_title="Phó Chủ tịch UBND xã", recurrence=WEEKLY,
            weekday=2, start_time="13:30", end_time="16:30", capacity=capacity, counter=1,
            created_at=clock.stored_now())
    return entry.id


def test_a_leader_adds_a_session_everyone_reads_its_totals(client, leader, session):
    listed = client.get(f"/api/v1/sessions?from={TODAY}&to={TODAY}")
    assert listed.status_code == 200
    assert listed.json["sessions"] == [session]
    assert session["id"] == f"{session['id'].split('-')[0]}-20270303"
    assert {key: session[key] for key in ("date", "starts_at", "ends_at", "kind", "host",
                                          "counter_id", "capacity", "booked", "bookable")} == {
        "date": TODAY, "starts_at": "07:30", "ends_at": "11:30", "kind": "scheduled",
        "host": {"name": "Trần Văn Bình", "title": "Chủ tịch UBND xã"}, "counter_id": 3,
        "capacity": 5, "booked": 0, "bookable": True}
    booked = client.post("/api/v1/appointments", json=citizen(session["id"], service="B"))
    assert booked.status_code == 201
    after = client.get("/api/v1/sessions").json["sessions"][0]
    assert (after["booked"], after["bookable"]) == (1, True)
    # Totals only: nothing about who booked or for which matter.
    text = json.dumps(after, ensure_ascii=False)
    for secret in ("Nguyễn", "0912345678", "Tố cáo", '"B"', "service"):
        assert secret not in text


def test_only_leaders_and_admins_change_sessions(client, auth_headers, morning, session):
    body = {"date": NEXT_WEEK, "starts_at": "07:30", "ends_at": "11:30", "host_name": "A",
            "capacity": 2}
    for role, status in (("officer", 403), ("security", 403), ("admin", 201)):
        answer = client.post("/api/v1/sessions", json=body, headers=auth_headers(role))
        assert answer.status_code == status, (role, answer.json)
    assert client.post("/api/v1/sessions", json=body).status_code == 401
    officer = auth_headers("officer")
    assert client.patch(f"/api/v1/sessions/{session['id']}", json={"capacity": 9},
                        headers=officer).status_code == 403
    assert client.delete(f"/api/v1/sessions/{session['id']}",
                         headers=officer).status_code == 403
    assert client.get("/api/v1/sessions").json["sessions"][0]["capacity"] == 5


def test_bad_sessions_are_refused_in_vietnamese_and_change_nothing(client, leader, morning):
    cases = [({"date": "2027-02-30"}, "Ngày tiếp"), ({"date": "2027-03-02"}, "đã qua"),
             ({"starts_at": "25:00"}, "HH:MM"), ({"ends_at": "07:00"}, "sau giờ bắt đầu"),
             ({"host_name": "  "}, "không được để trống"), ({"capacity": -1}, "Sức chứa"),
             ({"counter_id": 99}, "Quầy tiếp")]
    for change, words in cases:
        answer = add_session(client, leader, **change)
        assert answer.status_code == 400, change
        assert words in answer.json["error"]["message"], (change, answer.json)
    assert client.get("/api/v1/sessions").json["sessions"] == []
    assert client.get("/api/v1/sessions?from=03/03/2027").status_code == 400
    assert client.get(f"/api/v1/sessions?from={NEXT_WEEK}&to={TODAY}").status_code == 400


def test_patch_changes_capacity_and_hours_never_below_the_booked(client, leader, session):
    for _ in range(3):
        assert client.post("/api/v1/appointments",
                           json=citizen(session["id"])).status_code == 201
    url = f"/api/v1/sessions/{session['id']}"
    refused = client.patch(url, json={"capacity": 2}, headers=leader)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "capacity_below_booked"
    changed = client.patch(url, json={"capacity": 3, "starts_at": "08:00",
                                      "host_title": "Bí thư, Chủ tịch UBND xã"}, headers=leader)
    assert changed.status_code == 200, changed.json
    assert {k: changed.json["session"][k] for k in ("capacity", "starts_at", "bookable")} == {
        "capacity": 3, "starts_at": "08:00", "bookable": False}
    assert changed.json["session"]["host"]["title"] == "Bí thư, Chủ tịch UBND xã"
    full = client.post("/api/v1/appointments", json=citizen(session["id"]))
    assert (full.status_code, full.json["error"]["code"]) == (409, "session_full")
    assert client.patch("/api/v1/sessions/9-20270303", json={"capacity": 3},
                        headers=leader).status_code == 404


def test_one_day_of_a_weekly_rule_is_cancelled_alone(client, leader, morning):
    rule = weekly_rule()
    days = [s["id"] for s in client.get(f"/api/v1/sessions?from={TODAY}&to=2027-03-17")
            .json["sessions"]]
    assert days == [f"{rule}-20270303", f"{rule}-20270310", f"{rule}-20270317"]
    booked = client.post("/api/v1/appointments", json=citizen(days[1])).json["appointment"]
    other = client.post("/api/v1/appointments", json=citizen(days[2])).json["appointment"]
    # A recurring day changes its own capacity and hours, not the rule's leader.
    refused = client.patch(f"/api/v1/sessions/{days[1]}", json={"host_name": "Người khác"},
                           headers=leader)
    assert (refused.status_code, refused.json["error"]["code"]) == (
        409, "session_recurring_field")
    cancelled = client.delete(f"/api/v1/sessions/{days[1]}", headers=leader)
    assert cancelled.status_code == 200
    assert cancelled.json["cancelled_appointments"] == 1
    assert cancelled.json["session"]["cancelled"] is True
    left = [s["id"] for s in client.get(f"/api/v1/sessions?from={TODAY}&to=2027-03-17")
            .json["sessions"]]
    assert left == [days[0], days[2]]
    mine = client.get(f"/api/v1/appointments/{booked['code']}").json["appointment"]
    assert (mine["status"], mine["cancelled_by"]) == ("cancelled", "office")
    assert client.get(f"/api/v1/appointments/{other['code']}").json["appointment"][
        "status"] == "booked"
    late = client.post("/api/v1/appointments", json=citizen(days[1]))
    assert (late.status_code, late.json["error"]["code"]) == (409, "session_closed")
    # The public schedule page no longer lists the cancelled day either.
    page = client.get("/display/schedule").get_data(as_text=True)
    assert "17/03/2027" in page and "10/03/2027" not in page


def test_a_past_session_is_closed(client, session):
    frozen(hour=11, minute=30)
    answer = client.post("/api/v1/appointments", json=citizen(session["id"]))
    assert (answer.status_code, answer.json["error"]["code"]) == (409, "session_closed")
    assert "đã kết thúc" in answer.json["error"]["message"]
    assert client.get("/api/v1/sessions").json["sessions"][0]["bookable"] is False

"""The reception schedule: rules, holidays and Tết, conflicts, duty gaps, routing tickets to
the leader's counter, the board's data, the public page and the admin page."""

import re
from datetime import date, datetime

import pytest

from reception import clock, schedule, state
from reception.database import connection
from reception.errors import ReceptionError
from reception.models import Ticket
from reception.schedule import edit as schedule_edit
from tests.admin.conftest import csrf_from

WEEKLY_THURSDAY = {"leader_name": "Nguyễn Văn Bình", "leader_title": "Chủ tịch UBND xã",
                   "kind": "scheduled", "recurrence": "weekly", "weekday": "3",
                   "start_time": "07:30", "end_time": "11:30", "counter": "3",
                   "on_holiday": "next_working_day"}


def save(**changes):
    with connection():
        return schedule_edit.save_session({**WEEKLY_THURSDAY, **changes})


def sessions(first, last):
    with connection():
        return [(o.day, o.entry.leader_name, o.moved_from) for o in
                schedule.occurrences(first, last)]


def test_weekly_rule_moves_off_tet_without_doubling(app):
    save()
    days = [day for day, _name, _moved in sessions(date(2027, 1, 28), date(2027, 2, 25))]
    # Thursday 4 February 2027 is the 29th of Tết; the holiday runs to Wednesday 10 February,
    # so that session moves to Thursday 11 February, which is the rule's own day: one session.
    assert days == [date(2027, 1, 28), date(2027, 2, 11), date(2027, 2, 18), date(2027, 2, 25)]
    save(leader_name="Phó Chủ tịch", on_holiday="keep")
    assert (date(2027, 2, 4), "Phó Chủ tịch", None) in sessions(date(2027, 2, 4),
                                                               date(2027, 2, 4))


def test_monthly_rules_explicit_dates_and_validity(app):
    save(leader_name="Chủ tịch UBND tỉnh", recurrence="monthly_day", month_day="31",
         on_holiday="skip")
    save(leader_name="Giám đốc Sở", recurrence="monthly_weekday", weekday="4",
         week_of_month="-1")
    save(leader_name="Đột xuất", kind="unscheduled", recurrence="dates",
         dates="03/12/2026, 2026-12-17", valid_until="2026-12-10")
    found = sessions(date(2026, 11, 1), date(2027, 1, 31))
    province = [d for d, name, _ in found if name == "Chủ tịch UBND tỉnh"]
    # 30/11 (short month: its last day), 31/12; 31/1/2027 is a Sunday but not a holiday.
    assert province == [date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31)]
    agency = [d for d, name, _ in found if name == "Giám đốc Sở"]
    assert agency == [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29)]
    assert [d for d, name, _ in found if name == "Đột xuất"] == [date(2026, 12, 3)]
    with connection():
        assert schedule.describe(schedule.LeaderReception.get(leader_name="Giám đốc Sở")) == (
            "Thứ Sáu tuần cuối cùng hằng tháng, 07:30–11:30")
    # 1/1/2027 (Tết Dương lịch) is skipped by a rule that says so.
    save(leader_name="Bỏ ngày lễ", recurrence="monthly_day", month_day="1", on_holiday="skip")
    assert [d for d, n, _ in sessions(date(2027, 1, 1), date(2027, 2, 1)) if n == "Bỏ ngày lễ"] \
        == [date(2027, 2, 1)]


def test_refused_sessions(app):
    for changes, field in (({"leader_name": " "}, "Họ tên lãnh đạo"),
                           ({"start_time": "11:30", "end_time": "07:30"}, "Giờ kết thúc"),
                           ({"weekday": "7"}, "Thứ trong tuần"),
                           ({"recurrence": "dates", "dates": "31/02/2027"}, "Ngày tiếp"),
                           ({"counter": "", "route_tickets": "on"},
                            "Chuyển phiếu đến quầy lãnh đạo"),
                           ({"counter": "99"}, "Quầy tiếp")):
        with pytest.raises(ReceptionError) as refused:
            save(**changes)
        assert refused.value.params["field"] == field, changes


def test_conflicts_and_days_without_duty(app, make_user):
    leader, _ = make_user("leader")
    save(leader_user=str(leader.id), counter="")  # Thursdays, no counter
    save(leader_name="Phó Chủ tịch", counter="3", start_time="10:00", end_time="12:00")
    with connection():
        schedule_edit.add_shifts({"user": str(leader.id), "first_day": "2026-12-03",
                                  "start_time": "08:00", "end_time": "09:00",
                                  "duty": "khac"})
        schedule_edit.add_shifts({"person_name": "Trần Thị Cúc", "first_day": "2026-11-30",
                                  "last_day": "2026-12-06", "days": "working",
                                  "start_time": "07:30", "end_time": "17:00"})
        days = {d["date"]: d for d in schedule.review(date(2026, 11, 30), date(2026, 12, 6))}
    thursday = {flag["kind"] for flag in days[date(2026, 12, 3)]["flags"]}
    assert thursday == {"no_counter", "double_booked"}
    assert days[date(2026, 12, 1)]["flags"] == []
    # The seed plan wants someone on duty on days off too: the weekend is flagged.
    assert [f["kind"] for f in days[date(2026, 12, 5)]["flags"]] == ["no_duty"]
    with connection():
        schedule_edit.save_options({"duty_days": "working", "public_days": "30"})
        days = {d["date"]: d for d in schedule.review(date(2026, 12, 5), date(2026, 12, 6))}
    assert days[date(2026, 12, 5)]["flags"] == []
    # Two sessions at one counter at once.
    save(leader_name="Chánh Thanh tra", counter="3", start_time="11:00", end_time="12:00")
    with connection():
        flags = schedule.review(date(2026, 12, 3), date(2026, 12, 3))[0]["flags"]
    assert "counter_clash" in {flag["kind"] for flag in flags}


def test_tickets_during_the_session_go_to_the_leaders_counter(app, client, auth_headers):
    save(route_tickets="on", route_services=["A"])

    def target(ticket):
        with connection():
            return Ticket.get_by_id(ticket["ticket"]["id"]).target_counter_id

    clock.frozen_now = datetime(2026, 12, 3, 8, 0, tzinfo=clock.TIMEZONE)  # a Thursday
    routed = client.post("/api/v1/tickets", json={"service": "A", "party_size": 2}).json
    other = client.post("/api/v1/tickets", json={"service": "C", "party_size": 1}).json
    assert (target(routed), target(other)) == (3, None)
    clock.frozen_now = datetime(2026, 12, 3, 11, 30, tzinfo=clock.TIMEZONE)
    after = client.post("/api/v1/tickets", json={"service": "A", "party_size": 1}).json
    assert target(after) is None
    # Counter 3 serves only C and D, yet calls the routed complaint first.
    called = client.post("/api/v1/counters/3/call-next", headers=auth_headers("officer"))
    assert called.json["ticket"]["id"] == routed["ticket"]["id"]


def test_board_gets_today_and_the_next_leader_day(app, client):
    save()
    save(leader_name="Đột xuất", kind="unscheduled", recurrence="dates", dates="01/12/2026",
         counter="")
    clock.frozen_now = datetime(2026, 12, 1, 9, 0, tzinfo=clock.TIMEZONE)
    with connection():
        board = state.display_state()["schedule"]
    assert [s["leader_name"] for s in board["today"]] == ["Đột xuất"]
    assert board["today"][0]["kind_label"] == "Tiếp đột xuất"
    assert board["next_leader_day"]["date"] == "2026-12-03"
    assert board["next_leader_day"]["weekday"] == "Thứ Năm"
    assert board["next_leader_day"]["sessions"][0]["counter"] == {"number": 3, "name": "Quầy 3"}
    assert board["duty_today"] is False


def test_public_page_and_api_need_no_login(app, client):
    save(location="Phòng tiếp công dân, tầng 1")
    with connection():
        schedule_edit.add_shifts({"person_name": "Trần Thị Cúc", "first_day": "2026-12-31",
                                  "last_day": "2027-01-01", "start_time": "07:30",
                                  "end_time": "11:30"})
    clock.frozen_now = datetime(2026, 11, 30, 9, 0, tzinfo=clock.TIMEZONE)
    page = client.get("/display/schedule")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="vi">' in html
    assert "Lịch tiếp công dân" in html and "Nguyễn Văn Bình" in html
    assert "Phòng tiếp công dân, tầng 1" in html and "03/12/2026" in html
    assert "Tết Dương lịch" in html and "Có cán bộ trực tiếp công dân" in html
    assert "Trần Thị Cúc" not in html  # officers' names stay internal
    listed = client.get("/api/v1/schedule?days=14").json
    assert [s["date"] for s in listed["sessions"]] == ["2026-12-03", "2026-12-10"]
    assert client.get("/api/v1/schedule?days=400").status_code == 400


def test_admin_manages_the_schedule(client, staff_client):
    admin = staff_client("admin")
    page = admin.get("/admin/schedule")
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    saved = admin.post("/admin/schedule/sessions", data={
        **WEEKLY_THURSDAY, "csrf_token": token, "route_tickets": "on",
        "route_services": ["A", "B"]})
    assert saved.status_code == 302
    html = admin.get("/admin/schedule").get_data(as_text=True)
    assert "Đã lưu lịch tiếp của Nguyễn Văn Bình." in html
    assert "Thứ Năm hằng tuần, 07:30–11:30" in html
    entry_id = re.search(r'data-entry-id="(\d+)"', html).group(1)
    edit = admin.get(f"/admin/schedule?edit={entry_id}").get_data(as_text=True)
    assert 'value="Nguyễn Văn Bình"' in edit and "Sửa lịch tiếp của Nguyễn Văn Bình" in edit
    refused = admin.post("/admin/schedule/sessions", data={
        **WEEKLY_THURSDAY, "csrf_token": token, "start_time": "12:00"})
    assert refused.status_code == 400
    assert "Giờ kết thúc không hợp lệ: phải sau giờ bắt đầu" in refused.get_data(as_text=True)
    added = admin.post("/admin/schedule/shifts", data={
        "csrf_token": token, "person_name": "Trần Thị Cúc", "first_day": "2027-02-04",
        "last_day": "2027-02-10", "days": "off", "duty": "tiep_dan",
        "start_time": "07:30", "end_time": "11:30"})
    assert added.status_code == 302
    html = admin.get("/admin/schedule?from=2027-02-04&days=7").get_data(as_text=True)
    assert "Đã thêm 7 ca trực." in html  # Tết 2027: every day of it is a day off
    assert "Giao thừa Tết Nguyên Đán" in html and html.count("07:30–11:30 Trần Thị Cúc") == 7
    cancel = admin.post(f"/admin/schedule/sessions/{entry_id}/cancel",
                        data={"csrf_token": token})
    assert cancel.status_code == 302
    assert "Đã hủy" in admin.get("/admin/schedule").get_data(as_text=True)
    assert staff_client("security").get("/admin/schedule").status_code == 403


def test_the_leaders_own_session_is_the_desks_default_reception(client, make_user):
    from tests.admin.conftest import log_in

    leader, password = make_user("leader")
    save(leader_user=str(leader.id))
    log_in(client, leader.username, password)
    selected = re.compile(r'<option value="(\w+)" selected>')
    clock.frozen_now = datetime(2026, 12, 3, 8, 0, tzinfo=clock.TIMEZONE)  # his session
    try:
        page = client.get("/admin/desk/3").get_data(as_text=True)
        assert selected.findall(page) == ["head_in_person", "scheduled"]
        clock.frozen_now = datetime(2026, 12, 3, 14, 0, tzinfo=clock.TIMEZONE)  # after it
        page = client.get("/admin/desk/3").get_data(as_text=True)
        assert selected.findall(page) == ["officer", "scheduled"]
    finally:
        clock.frozen_now = None

"""Legal time limits: working days skip weekends, public holidays (Tết) and admin days off;
limits are configurable; cases near or past a limit are flagged."""

from datetime import date

from reception.cases import deadlines, options
from reception.cases.deadlines import WorkCalendar, add_working_days, due_date
from reception.database import connection, write_transaction
from tests.cases.conftest import meeting


def test_working_days_cross_tet_2027(app):
    # Tết Đinh Mùi: Thu 4/2/2027 to Wed 10/2/2027 are public holidays (holidays package).
    with connection():
        calendar = WorkCalendar(2027, 2027)
        assert not calendar.is_working(date(2027, 2, 4))
        assert not calendar.is_working(date(2027, 2, 10))
        assert calendar.is_working(date(2027, 2, 11))
        # Received Wed 3/2: the 7 working days are 11, 12, 15, 16, 17, 18, 19 February.
        assert add_working_days(date(2027, 2, 3), 7) == date(2027, 2, 19)
        # Without Tết it would have been Fri 12/2.
        assert add_working_days(date(2027, 3, 3), 7) == date(2027, 3, 12)
        # 10 working days from Mon 1/2/2027: 2, 3, then 11, 12, 15, 16, 17, 18, 19, 22.
        assert add_working_days(date(2027, 2, 1), 10) == date(2027, 2, 22)


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day(app):
    with connection():
        # 30 days from 7/1/2027 is Sat 6/2/2027, inside Tết: the limit ends Thu 11/2.
        assert due_date(date(2027, 1, 7), 30, working=False) == date(2027, 2, 11)
        assert due_date(date(2027, 1, 8), 30, working=False) == date(2027, 2, 11)
        assert due_date(date(2027, 1, 20), 30, working=False) == date(2027, 2, 19)
        with write_transaction():
            options.put("cases.roll_to_working_day", False)
        assert due_date(date(2027, 1, 7), 30, working=False) == date(2027, 2, 6)


def test_admin_days_off_and_configured_limits(client, staff, recorded, frozen):
    frozen(2027, 2, 1, 8, 0)
    _admin, admin_headers = staff("admin")
    _officer, headers = staff("officer")
    added = client.post("/api/v1/days-off", headers=admin_headers,
                        json={"day": "2027-02-22", "reason": "Nghỉ bù theo quyết định của tỉnh"})
    assert added.status_code == 201
    assert client.post("/api/v1/days-off", headers=headers,
                       json={"day": "2027-02-23"}).status_code == 403
    listed = client.get("/api/v1/days-off?year=2027", headers=headers).json["days_off"]
    assert {"day": "2027-02-22", "reason": "Nghỉ bù theo quyết định của tỉnh",
            "source": "admin"} in listed
    assert any(item["day"] == "2027-02-06" and item["source"] == "holidays" for item in listed)
    configured = client.put("/api/v1/record-options", headers=admin_headers, json={
        "deadline_limits": {"denunciation_accept": {"days": 10}}, "near_working_days": 3})
    assert configured.status_code == 200
    assert configured.json["deadline_limits"]["denunciation_accept"]["days"] == 10
    assert configured.json["deadline_limits"]["denunciation_accept"]["working"] is True

    visit = recorded(headers, meeting(matter_type="to_cao", field="tham_nhung",
                                      summary="Tố cáo cán bộ nhận hối lộ"), service="B")
    case = client.get(f"/api/v1/cases/{visit['case']['id']}", headers=headers).json["case"]
    limits = {d["kind"]: d for d in case["deadlines"]}
    # From Mon 1/2/2027: 2, 3, (Tết 4–10), 11, 12, 15, 16, 17, 18, 19, (22 off), 23 → 23/2.
    assert limits["denunciation_accept"]["due_on"] == "2027-02-23"
    assert limits["denunciation_accept"]["days"] == 10
    assert limits["reply_visitor"]["due_on"] == "2027-02-23"
    # 30 days → Wed 3/3/2027; the law allows one extension of 30 days (twice if complex).
    assert limits["denunciation_resolve"]["due_on"] == "2027-03-03"
    extend_url = (f"/api/v1/cases/{case['id']}/deadlines/"
                  f"{limits['denunciation_resolve']['id']}/extend")
    extended = client.post(extend_url, headers=headers)
    assert extended.status_code == 200 and extended.json["deadline"]["due_on"] == "2027-04-02"
    again = client.post(extend_url, headers=headers)
    assert again.status_code == 409 and "tối đa 1 lần" in again.json["error"]["message"]
    assert client.delete("/api/v1/days-off/2027-02-22", headers=admin_headers).status_code == 204


def test_near_and_overdue_cases_are_flagged(client, staff, recorded, frozen):
    _officer, headers = staff("officer")
    frozen(2026, 11, 2, 9, 0)
    old = recorded(headers, meeting(handling="chuyen_don", transfer_to="Sở Xây dựng",
                                    summary="Phản ánh xây dựng trái phép", matter_type="phan_anh",
                                    field="nha_o"))
    frozen(2026, 11, 5, 9, 0)
    recent = recorded(headers, meeting(visitor={"full_name": "Hà Thị Yến",
                                                "address": "Xã Đức An"}))
    # Transfer report 7 working days from Mon 2/11 → Wed 11/11; reply 10 → Mon 16/11.
    frozen(2026, 11, 12, 9, 0)
    overdue = client.get("/api/v1/cases?deadline=overdue", headers=headers).json
    assert [c["id"] for c in overdue["cases"]] == [old["case"]["id"]]
    assert overdue["cases"][0]["deadline_flag"] == "overdue"
    near = client.get("/api/v1/cases?deadline=near", headers=headers).json
    # Near = due by Mon 16/11 (2 working days after Thu 12/11): the old case's reply.
    assert [c["id"] for c in near["cases"]] == [old["case"]["id"]]
    frozen(2026, 11, 17, 9, 0)
    near = client.get("/api/v1/cases?deadline=near", headers=headers).json
    # Thu 19/11 is the recent case's reply (10 working days from Thu 5/11).
    assert [c["id"] for c in near["cases"]] == [recent["case"]["id"]]
    assert near["cases"][0]["deadline_flag"] == "near"
    case = client.get(f"/api/v1/cases/{old['case']['id']}", headers=headers).json["case"]
    report = next(d for d in case["deadlines"] if d["kind"] == "transfer_report")
    met = client.post(f"/api/v1/cases/{case['id']}/deadlines/{report['id']}/met",
                      headers=headers)
    assert met.status_code == 200 and met.json["deadline"]["state"] == "met"
    assert client.get("/api/v1/cases?deadline=soon", headers=headers).status_code == 400


def test_limit_days_for_complex_and_remote_complaints():
    spec = options.DEFAULT_LIMITS["complaint_first"]
    assert deadlines.limit_days(spec) == 30
    assert deadlines.limit_days(spec, complex_case=True) == 45
    assert deadlines.limit_days(spec, remote_area=True) == 45
    assert deadlines.limit_days(spec, complex_case=True, remote_area=True) == 60
    second = options.DEFAULT_LIMITS["complaint_second"]
    assert deadlines.limit_days(second, complex_case=True, remote_area=True) == 70

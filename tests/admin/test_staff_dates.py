"""Dates on the staff pages are typed and shown dd/mm/yyyy whatever the browser's language
(issue 11, item 19): text fields with a dd/mm/yyyy pattern instead of native date inputs,
parsed on the server, which still takes YYYY-MM-DD from links and old bookmarks."""

import re

import pytest

from reception import clock
from reception.cases.models import Case
from reception.database import connection
from tests.admin.conftest import log_in
from tests.cases import conftest as cases
from tests.cases.conftest import meeting

staff, recorded, finish_meeting, frozen = (cases.staff, cases.recorded, cases.finish_meeting,
                                           cases.frozen)
DATE_FIELD = re.compile(r'<input type="text" name="(\w+)" value="([^"]*)" '
                        r'placeholder="dd/mm/yyyy" pattern="[^"]+" inputmode="numeric"')


def fields(html: str) -> dict[str, str]:
    return dict(DATE_FIELD.findall(html))


def test_clock_reads_both_spellings_and_shows_dd_mm_yyyy():
    assert clock.parse_date("05/03/2027") == clock.parse_date("2027-03-05")
    assert clock.parse_date("5/3/2027").isoformat() == "2027-03-05"
    for wrong in ("", "03/15/2027", "2027/03/05", "31/02/2027", "hôm nay", None):
        assert clock.parse_date(wrong) is None, wrong
    assert clock.show_date("2027-03-05") == "05/03/2027"
    assert clock.show_date("5/3/2027") == "05/03/2027"
    assert clock.show_date("sai") == "sai"  # a refused entry is shown as it was typed


def test_no_staff_page_uses_a_native_date_input(client, staff, recorded, frozen):
    frozen(2027, 5, 14, 9)
    _officer, headers = staff("officer", "Lê Thị Thu")
    case_id = recorded(headers, meeting())["case"]["id"]
    admin, _ = staff("admin", "Quản Trị Viên")
    log_in(client, admin.username)
    for path in ("/admin/reports", "/admin/logbook", "/admin/cases", f"/admin/cases/{case_id}",
                 "/admin/schedule", "/admin/crowd"):
        html = client.get(path).get_data(as_text=True)
        assert 'type="date"' not in html, path
    assert fields(client.get("/admin/reports").get_data(as_text=True)) == {
        "from": "01/05/2027", "to": "14/05/2027"}
    cases_html = client.get("/admin/cases").get_data(as_text=True)
    assert "14/05/2027" in cases_html and "2027-05-14" not in cases_html
    case_html = client.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert fields(case_html) == {"accepted_on": "14/05/2027"}
    crowd = client.get("/admin/crowd").get_data(as_text=True)
    assert 'id="history-day"' in crowd and 'value="14/05/2027"' in crowd


@pytest.mark.parametrize("query", ["from=01/04/2027&to=30/04/2027",
                                   "from=1/4/2027&to=30/4/2027",
                                   "from=2027-04-01&to=2027-04-30"])
def test_report_and_logbook_read_typed_dates_and_old_bookmarks(client, staff, frozen, query):
    frozen(2027, 5, 14, 9)
    leader, _ = staff("leader", "Phạm Văn Đức")
    log_in(client, leader.username)
    for path in ("/admin/reports", "/admin/logbook"):
        response = client.get(f"{path}?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert fields(html) == {"from": "01/04/2027", "to": "30/04/2027"}, path
        # Links (downloads, the other page) keep the API's YYYY-MM-DD.
        assert "from=2027-04-01&amp;to=2027-04-30" in html, path
        assert "phải có dạng" not in html
    assert "Kỳ báo cáo: 01/04/2027 – 30/04/2027" in client.get(
        f"/admin/reports?{query}").get_data(as_text=True)


def test_a_date_in_another_shape_is_refused_in_words(client, staff, frozen):
    frozen(2027, 5, 14, 9)
    leader, _ = staff("leader", "Phạm Văn Đức")
    log_in(client, leader.username)
    html = client.get("/admin/reports?from=04/31/2027&to=14/05/2027").get_data(as_text=True)
    assert "ngày “04/31/2027” phải có dạng dd/mm/yyyy" in html
    assert fields(html)["from"] == "04/31/2027"  # kept as typed, to correct it


def test_case_acceptance_date_typed_dd_mm_yyyy(client, staff, recorded, frozen):
    frozen(2027, 5, 14, 9)
    officer, headers = staff("officer", "Lê Thị Thu")
    case_id = recorded(headers, meeting())["case"]["id"]
    token = log_in(client, officer.username)
    saved = client.post(f"/admin/cases/{case_id}/update",
                        data={"accepted_on": "03/05/2027", "csrf_token": token})
    assert saved.status_code == 302
    with connection():
        assert Case.get_by_id(case_id).accepted_on.isoformat() == "2027-05-03"
    html = client.get(f"/admin/cases/{case_id}").get_data(as_text=True)
    assert fields(html) == {"accepted_on": "03/05/2027"}
    client.post(f"/admin/cases/{case_id}/update",
                data={"accepted_on": "2027-05-04", "csrf_token": token})
    with connection():
        assert Case.get_by_id(case_id).accepted_on.isoformat() == "2027-05-04"
    client.post(f"/admin/cases/{case_id}/update",
                data={"accepted_on": "05/13/2027", "csrf_token": token})
    with connection():
        assert Case.get_by_id(case_id).accepted_on.isoformat() == "2027-05-04"  # refused


def test_schedule_dates_typed_dd_mm_yyyy(client, make_user):
    admin, password = make_user("admin")
    token = log_in(client, admin.username, password)
    html = client.get("/admin/schedule").get_data(as_text=True)
    assert set(fields(html)) == {"valid_from", "valid_until", "first_day", "last_day"}
    saved = client.post("/admin/schedule/sessions", data={
        "leader_name": "Nguyễn Văn Bình", "kind": "scheduled", "recurrence": "weekly",
        "weekday": "3", "start_time": "07:30", "end_time": "11:30",
        "on_holiday": "next_working_day", "valid_from": "01/02/2027",
        "valid_until": "30/06/2027", "csrf_token": token})
    assert saved.status_code == 302
    html = client.get("/admin/schedule").get_data(as_text=True)
    entry_id = re.search(r'data-entry-id="(\d+)"', html).group(1)
    edit = client.get(f"/admin/schedule?edit={entry_id}").get_data(as_text=True)
    assert fields(edit)["valid_from"] == "01/02/2027"
    assert fields(edit)["valid_until"] == "30/06/2027"
    added = client.post("/admin/schedule/shifts", data={
        "person_name": "Trần Thị Cúc", "first_day": "08/02/2027", "last_day": "09/02/2027",
        "days": "all", "duty": "tiep_dan", "start_time": "07:30", "end_time": "11:30",
        "csrf_token": token})
    assert added.status_code == 302
    for start in ("08/02/2027", "2027-02-08"):
        week = client.get(f"/admin/schedule?from={start}&days=2").get_data(as_text=True)
        assert week.count("07:30–11:30 Trần Thị Cúc") == 2, start
        assert "08/02/2027" in week and "09/02/2027" in week

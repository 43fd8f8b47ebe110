"""A refused meeting record gets a clear Vietnamese message and saves nothing: the ticket
stays open and no visitor, visit or case is stored."""

import pytest

from reception.cases.models import AuditLog, Case, Visit, Visitor
from reception.database import connection
from tests.cases.conftest import meeting


def nothing_saved():
    with connection():
        return (Visitor.select().count(), Visit.select().count(), Case.select().count()) == (
            0, 0, 0)


@pytest.mark.parametrize(
    ("record", "fragments"),
    [
        (meeting(visitor={"full_name": "Nguyễn Văn A", "id_number": "06808500123"}),
         ["visitor.id_number", "Số định danh cá nhân phải gồm đúng 12 chữ số"]),
        (meeting(received_at="2099-01-01T09:00:00+07:00"),
         ["Thời điểm tiếp không được là ngày trong tương lai"]),
        (meeting(visitor={"full_name": "Nguyễn Văn A", "address": "Đức An",
                          "birth_date": "2099-05-01"}),
         ["Ngày sinh không được là ngày trong tương lai"]),
        (meeting(field="hang_khong"), ["Lĩnh vực “hang_khong” không có trong danh mục"]),
        (meeting(matter_type="khieu_kien"), ["loại vụ việc (matter_type): phải là một trong"]),
        (meeting(party_size=30, representatives=[
            {"full_name": f"Người đại diện {n}"} for n in range(6)]),
         ["người đại diện (representatives): tối đa 5 mục"]),
        (meeting(party_size=8, representatives=[
            {"full_name": f"Người đại diện {n}"} for n in range(3)]),
         ["Đoàn 8 người phải cử từ 1 đến 2 người đại diện"]),
        (meeting(party_size=12), ["Đoàn 12 người phải cử từ 1 đến 5 người đại diện"]),
        (meeting(handling="chuyen_don"), ["Chuyển đơn phải ghi rõ cơ quan có thẩm quyền"]),
        (meeting(handling="tu_choi"), ["Từ chối tiếp phải ghi rõ lý do theo Điều 9"]),
        (meeting(visitor={"full_name": "Nguyễn Văn A"}), ["Điều 7.2"]),
        (meeting(visitor={"qr": "068085001234|Nguyễn Văn Phò"}), ["cần 7 trường"]),
        (meeting(case_id=999), ["Không tìm thấy hồ sơ 999"]),
        (meeting(colour="xanh"), ["colour", "trường không được hỗ trợ"]),
    ],
)
def test_bad_record_is_refused_and_the_ticket_stays_open(client, staff, finish_meeting, record,
                                                         fragments):
    _officer, headers = staff("officer")
    ticket, response = finish_meeting(headers, record)
    assert response.status_code in (400, 404), response.json
    error = response.json["error"]
    assert error["code"]
    for fragment in fragments:
        assert fragment in error["message"]
    assert client.get(f"/api/v1/tickets/{ticket['id']}", headers=headers).json["ticket"][
        "status"] == "called"
    assert nothing_saved()
    with connection():
        assert not AuditLog.select().where(AuditLog.action == "visit.create").exists()


def test_english_message_on_request(staff, finish_meeting):
    _officer, headers = staff("officer")
    headers = dict(headers, **{"Accept-Language": "en"})
    _ticket, response = finish_meeting(
        headers, meeting(visitor={"full_name": "A", "id_number": "123"}))
    assert response.status_code == 400
    assert "exactly 12 digits" in response.json["error"]["message"]


def test_finishing_without_a_record_is_still_allowed(client, staff, issue):
    _officer, headers = staff("officer")
    ticket = issue("A")
    client.post("/api/v1/counters/1/call-next", headers=headers)
    finished = client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers)
    assert finished.status_code == 200 and finished.json["ticket"]["status"] == "served"
    assert nothing_saved()


def test_bad_logbook_periods(client, staff):
    _leader, headers = staff("leader")
    cases = {
        "from=2026-02-10&to=2026-02-01": "ngày bắt đầu sau ngày kết thúc",
        "from=2026-13-01&to=2026-12-31": "ngày “2026-13-01” phải có dạng YYYY-MM-DD",
        "from=01/02/2026&to=2026-12-31": "phải có dạng YYYY-MM-DD",
        "from=2025-01-01&to=2026-06-30": "dài hơn 366 ngày",
        "to=2026-01-01": "cần ghi ngày bắt đầu",
    }
    for query, fragment in cases.items():
        response = client.get(f"/api/v1/logbook?{query}&format=xlsx", headers=headers)
        assert response.status_code == 400, query
        assert response.json["error"]["code"] == "bad_period"
        assert fragment in response.json["error"]["message"], response.json
    wrong_format = client.get("/api/v1/logbook?from=2026-01-01&to=2026-01-31&format=doc",
                              headers=headers)
    assert wrong_format.status_code == 400

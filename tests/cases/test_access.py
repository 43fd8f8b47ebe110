"""Access rules: officers see their cases, leaders and admins all, security none; a
denouncer's identity is visible only to the responsible officer, leaders and admins."""

from io import BytesIO

from pypdf import PdfReader

from reception import clock
from reception.cases import logbook
from reception.cases.access import MASK
from reception.cases.models import AuditLog
from reception.database import connection
from tests.cases.conftest import meeting

DENUNCIATION = meeting(
    matter_type="to_cao", field="tham_nhung", handling="thu_ly",
    summary="Tố cáo cán bộ địa chính xã nhận tiền khi làm thủ tục tách thửa",
    visitor={"full_name": "Lương Thị Bích", "id_number": "068190007777",
             "address": "Thôn 6, xã Trường Xuân", "phone": "0987654321"},
)


def setup_denunciation(client, staff, recorded):
    recorder, recorder_headers = staff("officer")
    responsible, responsible_headers = staff("officer")
    _leader, leader_headers = staff("leader")
    visit = recorded(recorder_headers, DENUNCIATION, service="B")
    case_id = visit["case"]["id"]
    assigned = client.patch(f"/api/v1/cases/{case_id}", headers=leader_headers,
                            json={"responsible_id": responsible.id})
    assert assigned.status_code == 200, assigned.json
    return visit, case_id, {
        "recorder": (recorder, recorder_headers),
        "responsible": (responsible, responsible_headers),
        "leader": leader_headers,
    }


def test_security_and_unrelated_officer_get_403(client, staff, recorded):
    visit, case_id, _people = setup_denunciation(client, staff, recorded)
    security, security_headers = staff("security")
    stranger, stranger_headers = staff("officer")
    for headers in (security_headers, stranger_headers):
        identity = client.get(f"/api/v1/visits/{visit['id']}/identity", headers=headers)
        assert identity.status_code == 403
        assert client.get(f"/api/v1/cases/{case_id}", headers=headers).status_code == 403
        assert client.get(f"/api/v1/visits/{visit['id']}", headers=headers).status_code == 403
        assert client.get(f"/api/v1/cases/{case_id}/export.pdf",
                          headers=headers).status_code == 403
        book = client.get("/api/v1/logbook?from=2026-01-01&to=2026-12-31", headers=headers)
        assert book.status_code == 403
    assert client.get("/api/v1/cases", headers=security_headers).status_code == 403
    listed = client.get("/api/v1/cases?q=luong thi bich", headers=stranger_headers)
    assert listed.status_code == 200 and listed.json["total"] == 0
    with connection():
        denied = {(row.user_id, row.action) for row in AuditLog.select().where(
            AuditLog.action.endswith(".denied"))}
    assert (security.id, "identity.view.denied") in denied
    assert (stranger.id, "case.view.denied") in denied


def test_recorder_sees_the_case_but_not_the_denouncer(client, staff, recorded):
    visit, case_id, people = setup_denunciation(client, staff, recorded)
    recorder, headers = people["recorder"]
    case = client.get(f"/api/v1/cases/{case_id}", headers=headers)
    assert case.status_code == 200
    person = case.json["case"]["visits"][0]["visitor"]
    assert person["full_name"] == MASK and person["id_number"] == MASK
    assert person["address"] == MASK and person["phone"] == MASK and person["id"] is None
    assert case.json["case"]["visits"][0]["identity_hidden"] is True
    assert "Tố cáo cán bộ địa chính" in case.json["case"]["visits"][0]["summary"]
    identity = client.get(f"/api/v1/visits/{visit['id']}/identity", headers=headers)
    assert identity.status_code == 403
    assert "Luật Tố cáo" in identity.json["error"]["message"]
    assert client.get(f"/api/v1/visits/{visit['id']}/receipt.pdf",
                      headers=headers).status_code == 403
    exported = client.get(f"/api/v1/cases/{case_id}/export.pdf", headers=headers)
    text = PdfReader(BytesIO(exported.data)).pages[0].extract_text()
    assert "Lương Thị Bích" not in text and "068190007777" not in text
    assert "Được giữ bí mật" in text
    # Searching by the denouncer's name finds nothing; by content, the case.
    by_name = client.get("/api/v1/cases?q=Luong Thi Bich", headers=headers)
    assert by_name.json["total"] == 0
    by_content = client.get("/api/v1/cases?q=dia chinh tach thua", headers=headers)
    assert by_content.json["total"] == 1
    # The logbook service masks the row for such a user too.
    with connection():
        today = clock.today()
        rows = logbook.logbook_rows(today, today, recorder)
    assert rows[0]["ho_ten_dia_chi"].startswith(MASK) and rows[0]["giay_to"] == MASK
    assert "Lương" not in str(rows)


def test_responsible_officer_and_leader_see_the_identity(client, staff, recorded):
    visit, case_id, people = setup_denunciation(client, staff, recorded)
    _responsible, headers = people["responsible"]
    identity = client.get(f"/api/v1/visits/{visit['id']}/identity", headers=headers)
    assert identity.status_code == 200
    assert identity.json["visitor"]["full_name"] == "Lương Thị Bích"
    assert client.get("/api/v1/cases?q=luong thi bich", headers=headers).json["total"] == 1
    leader_headers = people["leader"]
    today = clock.today().isoformat()
    book = client.get(f"/api/v1/logbook?from={today}&to={today}", headers=leader_headers)
    assert book.json["rows"][0]["ho_ten_dia_chi"].startswith("Lương Thị Bích")
    assert client.get(f"/api/v1/visits/{visit['id']}/identity",
                      headers=leader_headers).status_code == 200


def test_officers_see_only_their_cases_and_only_leaders_assign(client, staff, recorded):
    _mine, mine_headers = staff("officer")
    _other, other_headers = staff("officer")
    first = recorded(mine_headers, meeting())
    recorded(other_headers, meeting(visitor={"full_name": "Bùi Văn Tâm", "address": "Đắk Song"},
                                    summary="Kiến nghị sửa đường liên thôn",
                                    matter_type="kien_nghi", field="khac"))
    listed = client.get("/api/v1/cases", headers=mine_headers).json
    assert [case["id"] for case in listed["cases"]] == [first["case"]["id"]]
    _leader, leader_headers = staff("leader")
    assert client.get("/api/v1/cases", headers=leader_headers).json["total"] == 2
    refused = client.patch(f"/api/v1/cases/{first['case']['id']}", headers=mine_headers,
                           json={"responsible_id": _other.id})
    assert refused.status_code == 403
    with connection():
        assert AuditLog.select().where((AuditLog.action == "case.assign.denied")
                                       & (AuditLog.user_id == _mine.id)).exists()
    assert client.patch(f"/api/v1/cases/{first['case']['id']}", headers=other_headers,
                        json={"status": "resolved"}).status_code == 403


def test_group_denunciation_history_hides_the_representatives(client, staff, recorded):
    recorder, headers = staff("officer")
    responsible, _responsible_headers = staff("officer")
    group = dict(DENUNCIATION, party_size=6, responsible_id=responsible.id, representatives=[
        {"full_name": "Lương Thị Bích", "id_number": "068190007777"}])
    visit = recorded(headers, group, service="B", party_size=6)
    assert visit["identity_hidden"] is True, "the recorder handed the case to another officer"
    assert visit["representatives"][0]["full_name"] == MASK
    history = client.get(f"/api/v1/visits/{visit['id']}/history", headers=headers).json
    assert "Lương" not in str(history) and "068190007777" not in str(history)

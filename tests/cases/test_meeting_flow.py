"""The full path through HTTP: ticket → call → finish with a QR-identified record → case file
with deadlines → the case (audited) → the logbook as JSON, .xlsx and PDF."""

from io import BytesIO

from openpyxl import load_workbook
from pypdf import PdfReader

from reception.cases.logbook import LOGBOOK_COLUMNS
from reception.cases.models import AuditLog, Ticket
from reception.database import connection
from tests.cases.conftest import meeting

TITLES = [title for _key, title in LOGBOOK_COLUMNS]


def test_ticket_to_logbook(client, staff, recorded, frozen):
    frozen(2026, 11, 18, 9, 30)
    officer, headers = staff("officer", "Trần Thị Mai")
    leader, leader_headers = staff("leader")
    visit = recorded(headers, meeting())
    assert visit["visitor"]["full_name"] == "Nguyễn Văn Phò"
    assert visit["visitor"]["id_number"] == "068085001234"
    assert visit["visitor"]["old_id_number"] == "245678901"
    assert visit["visitor"]["birth_year"] == 1985 and visit["visitor"]["sex"] == "nam"
    assert visit["is_repeat"] is False
    case_ref = visit["case"]
    assert case_ref["code"] == "HS-2026-000001" and case_ref["status"] == "in_progress"
    with connection():
        assert "visit_id" in Ticket.get_by_id(visit["ticket_id"]).meeting_record
        assert "Phò" not in Ticket.get_by_id(visit["ticket_id"]).meeting_record

    case = client.get(f"/api/v1/cases/{case_ref['id']}", headers=headers)
    assert case.status_code == 200
    body = case.json["case"]
    limits = {d["kind"]: d for d in body["deadlines"]}
    # Wed 18/11/2026: 10 working days skip the weekends and Tue 24/11 (Ngày Văn hóa Việt
    # Nam, a public holiday from 2026) → Thu 3/12; 30 calendar days → Fri 18/12.
    assert limits["reply_visitor"]["due_on"] == "2026-12-03"
    assert limits["complaint_first"]["due_on"] == "2026-12-18"
    assert limits["complaint_first"]["source"] == "Luật Khiếu nại 2011 Điều 28"
    assert body["responsible"]["id"] == officer.id
    assert [step["kind"] for step in body["steps"]] == ["opened"]
    with connection():
        viewed = AuditLog.select().where((AuditLog.action == "case.view")
                                         & (AuditLog.object_id == str(case_ref["id"])))
        assert [(row.user_id, row.ip) for row in viewed] == [(officer.id, "127.0.0.1")]

    period = "from=2026-11-01&to=2026-11-30"
    book = client.get(f"/api/v1/logbook?{period}", headers=leader_headers)
    assert book.status_code == 200
    assert [c["title"] for c in book.json["columns"]] == TITLES
    row = book.json["rows"][0]
    assert row["stt"] == 1 and row["ngay_tiep"] == "18/11/2026"
    assert row["ho_ten_dia_chi"] == "Nguyễn Văn Phò\nThôn 3, xã Đức An, tỉnh Lâm Đồng"
    assert row["thu_ly"] == "x (HS-2026-000001)"

    sheet_file = client.get(f"/api/v1/logbook?{period}&format=xlsx", headers=leader_headers)
    assert sheet_file.status_code == 200
    assert sheet_file.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(sheet_file.data)).worksheets[0]
    rows = [list(values) for values in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, values in enumerate(rows) if values[0] == "STT")
    assert header_index <= 4, "at most the form's title block above the columns"
    assert rows[header_index] == TITLES
    assert rows[1][0] == "SỔ TIẾP CÔNG DÂN"
    assert rows[0][0] == "UBND xã Đức An, tỉnh Lâm Đồng"
    first = rows[header_index + 1]
    assert first[0] == 1 and first[3] == "068085001234"
    assert first[2].startswith("Nguyễn Văn Phò")
    assert "Khiếu nại quyết định thu hồi đất" in first[4]
    assert first[5] == "Khiếu nại – Đất đai / 1 người"
    assert first[6] == "UBND xã Đức An đã trả lời bằng văn bản"

    pdf = client.get(f"/api/v1/logbook?{period}&format=pdf", headers=leader_headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf.data))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Nguyễn Văn Phò" in text and "SỔ TIẾP CÔNG DÂN" in text
    assert "Thôn 3, xã Đức An" in text

    with connection():
        exports = {(row.action, row.detail) for row in AuditLog.select().where(
            AuditLog.action.in_(["logbook.view", "logbook.export"]))}
    assert {action for action, _detail in exports} == {"logbook.view", "logbook.export"}
    assert any('"pdf"' in detail for _action, detail in exports)


def test_receipt_and_refusal_notice_are_printable(client, staff, recorded, issue):
    _officer, headers = staff("officer", "Trần Thị Mai")
    visit = recorded(headers, meeting(handling="huong_dan", guidance="Liên hệ Tòa án nhân dân"))
    assert visit["case"] is None
    receipt = client.get(f"/api/v1/visits/{visit['id']}/receipt.pdf", headers=headers)
    assert receipt.status_code == 200
    text = PdfReader(BytesIO(receipt.data)).pages[0].extract_text()
    assert "GIẤY BIÊN NHẬN" in text and "Quyết định thu hồi đất" in text
    assert "Nguyễn Văn Phò" in text
    not_refused = client.get(f"/api/v1/visits/{visit['id']}/refusal-notice.pdf",
                             headers=headers)
    assert not_refused.status_code == 409

    refused = recorded(headers, meeting(
        handling="tu_choi", refusal_reason="say_chat_kich_thich", documents=[],
        visitor={"full_name": "Lê Văn Say"}))
    assert refused["case"] is None and refused["refusal_reason"] == "say_chat_kich_thich"
    notice = client.get(f"/api/v1/visits/{refused['id']}/refusal-notice.pdf", headers=headers)
    assert notice.status_code == 200
    text = PdfReader(BytesIO(notice.data)).pages[0].extract_text()
    assert "Về việc từ chối tiếp công dân" in text and "Lê Văn Say" in text
    assert "say do dùng chất kích thích" in text


def test_returning_visitor_and_repeat(client, staff, recorded):
    _officer, headers = staff("officer")
    first = recorded(headers, meeting())
    assert first["is_repeat"] is False
    again = recorded(headers, meeting(handling="huong_dan",
                                      visitor={"id_number": "068085001234",
                                               "full_name": "Nguyễn Văn Phò",
                                               "address": "Thôn 3, xã Đức An"}))
    assert again["is_repeat"] is True
    other_matter = recorded(headers, meeting(matter_type="kien_nghi", handling="huong_dan"))
    assert other_matter["is_repeat"] is False
    found = client.get("/api/v1/visitors?id_number=068085001234", headers=headers)
    assert found.status_code == 200 and found.json["returning"] is True
    assert len(found.json["visits"]) == 3
    assert found.json["cases"][0]["code"] == first["case"]["code"]
    unknown = client.get("/api/v1/visitors?id_number=079190004321", headers=headers)
    assert unknown.json == {"visitor": None, "returning": False, "visits": [], "cases": []}
    bad = client.get("/api/v1/visitors?id_number=0791900043", headers=headers)
    assert bad.status_code == 400
    assert bad.json["error"]["message"] == "Số định danh cá nhân phải gồm đúng 12 chữ số."


def test_group_repeat_by_representative_and_attach_to_case(client, staff, recorded):
    _officer, headers = staff("officer")
    group = {"visitor": {"full_name": "Phạm Văn Đại", "id_number": "067190004321",
                         "address": "Thôn Thuận Hòa, xã Thuận Hạnh"},
             "party_size": 12,
             "representatives": [{"full_name": "Phạm Văn Đại", "id_number": "067190004321"},
                                 {"full_name": "Vũ Thị Hoa", "id_number": "068195000111"}]}
    first = recorded(headers, meeting(**group), party_size=12)
    assert first["is_group"] is True and first["is_repeat"] is False
    second_group = dict(group, visitor={"full_name": "Hồ Văn Lâm", "address": "Thuận Hạnh"},
                        representatives=[{"full_name": "Vũ Thị Hoa",
                                          "id_number": "068195000111"}])
    second = recorded(headers, meeting(**second_group, handling="huong_dan"), party_size=12)
    assert second["is_repeat"] is True, "the same group, recognised by a representative"
    attached = recorded(headers, meeting(case_id=first["case"]["id"], handling="chuyen_don",
                                         transfer_to="Sở Nông nghiệp và Môi trường",
                                         visitor={"full_name": "Đỗ Thị Lan",
                                                  "address": "Đắk Song"}))
    assert attached["is_repeat"] is True and attached["case"]["id"] == first["case"]["id"]
    case = client.get(f"/api/v1/cases/{first['case']['id']}", headers=headers).json["case"]
    assert case["status"] == "transferred"
    assert len(case["visits"]) == 2
    assert "transfer_report" in {d["kind"] for d in case["deadlines"]}


def test_openapi_describes_the_meeting_record_and_search(client):
    document = client.get("/api/v1/openapi.json").json
    finish = document["paths"]["/tickets/{ticket_id}/finish"]["post"]
    assert finish["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/MeetingRecord")
    record = document["components"]["schemas"]["MeetingRecord"]
    assert {"visitor", "matter_type", "field", "handling", "representatives"} <= set(
        record["properties"])
    assert "VisitorIdentity" in document["components"]["schemas"]
    search = document["paths"]["/cases"]["get"]
    assert "q" in {parameter["name"] for parameter in search["parameters"]}
    assert "/logbook" in document["paths"] and "/reports/tcd01" in document["paths"]


def test_recording_a_head_reception_day_without_a_ticket(client, staff, frozen):
    frozen(2026, 11, 20, 16, 0)
    _officer, headers = staff("officer")
    _security, security_headers = staff("security")
    record = meeting(received_at="2026-11-19T09:15:00+07:00", reception_kind="head_in_person",
                     session_kind="unscheduled", interpreter_used=True,
                     interpreter_language="Tiếng M'Nông")
    created = client.post("/api/v1/visits", headers=headers, json=record)
    assert created.status_code == 201, created.json
    visit = created.json["visit"]
    assert visit["ticket_id"] is None and visit["received_on"] == "2026-11-19"
    assert visit["reception_kind"] == "head_in_person" and visit["interpreter_used"] is True
    assert client.post("/api/v1/visits", headers=security_headers,
                       json=record).status_code == 403
    listed = client.get("/api/v1/visits?from=2026-11-19&to=2026-11-19", headers=headers).json
    assert [v["id"] for v in listed["visits"]] == [visit["id"]]

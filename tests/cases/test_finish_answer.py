"""The finish answer carries the recorded visit, so the desk can offer its documents."""

from tests.cases.conftest import meeting


def test_finish_with_a_record_answers_with_the_visit_and_its_case(staff, finish_meeting):
    _, headers = staff("officer")
    ticket, response = finish_meeting(headers, meeting(handling="tu_choi",
                                                       refusal_reason="vi_pham_noi_quy"))
    assert response.status_code == 200, response.json
    assert response.json["ticket"]["status"] == "served"
    visit = response.json["visit"]
    assert visit["ticket_id"] == ticket["id"]
    assert visit["visitor"]["full_name"] == "Nguyễn Văn Phò"
    assert visit["handling"] == "tu_choi" and len(visit["documents"]) == 2


def test_finish_without_a_record_answers_with_the_ticket_only(client, staff, issue):
    _, headers = staff("officer")
    ticket = issue()
    assert client.post("/api/v1/counters/1/call-next", headers=headers).status_code == 200
    response = client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers)
    assert response.status_code == 200
    assert "visit" not in response.json


def test_refused_record_closes_nothing(client, staff, finish_meeting):
    _, headers = staff("officer")
    record = meeting(visitor={"full_name": "Lê Thị Hoa", "id_number": "06818500123"})
    ticket, response = finish_meeting(headers, record)
    assert response.status_code == 400
    assert "số định danh cá nhân" in response.json["error"]["message"]
    answer = client.get(f"/api/v1/tickets/{ticket['id']}", headers=headers)
    assert answer.json["ticket"]["status"] == "called"

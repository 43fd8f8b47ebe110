"""Issue 11 at the HTTP level: transfers reach only counters that receive the matter; a refused
meeting record names its fields for the desk form; a refused ID card QR says what it could read.

Demo counters: 1 and 2 receive A, B (Tố cáo, confidential), C and D; counter 3 only C and D.
"""

from reception.database import connection
from reception.models import Counter, CounterService, Service
from tests.cases.conftest import QR_PHO, meeting


def called_at_counter_1(client, issue, officer, service="A"):
    ticket = issue(service)
    response = client.post("/api/v1/counters/1/call-next", headers=officer)
    assert response.json["ticket"]["id"] == ticket["id"]
    return ticket


def transfer(client, headers, ticket_id, body):
    return client.post(f"/api/v1/tickets/{ticket_id}/transfer", headers=headers, json=body)


def ticket_of(client, headers, ticket_id):
    return client.get(f"/api/v1/tickets/{ticket_id}", headers=headers).json["ticket"]


def test_a_ticket_cannot_be_sent_to_a_matter_no_open_counter_receives(client, issue, officer):
    with connection():
        Service.create(code="E", name_vi="Tiếp nhận đơn thư qua bưu điện", name_en="Post",
                       sort_order=9)
    ticket = called_at_counter_1(client, issue, officer)
    refused = transfer(client, officer, ticket["id"], {"service": "E"})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "transfer_no_counter"
    assert "Tiếp nhận đơn thư qua bưu điện" in refused.json["error"]["message"]
    assert ticket_of(client, officer, ticket["id"])["status"] == "called"
    # Once a counter receives it, the same transfer goes through.
    with connection():
        CounterService.create(counter=Counter.get(Counter.number == 3),
                              service=Service.get(Service.code == "E"))
    assert transfer(client, officer, ticket["id"], {"service": "E"}).status_code == 200


def test_a_denunciation_cannot_go_to_a_counter_that_does_not_receive_it(client, issue, officer):
    ticket = called_at_counter_1(client, issue, officer, "B")
    refused = transfer(client, officer, ticket["id"], {"counter": 3})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "transfer_counter_service"
    assert refused.json["error"]["message"] == (
        "Quầy 3 không tiếp nhận loại việc “Tố cáo”. Vui lòng chọn quầy tiếp nhận loại việc "
        "này, hoặc để hệ thống tự chọn quầy.")
    # Nothing changed: still called at counter 1.
    assert ticket_of(client, officer, ticket["id"])["status"] == "called"
    moved = transfer(client, officer, ticket["id"], {"counter": 2})
    assert moved.status_code == 200, moved.json
    assert moved.json["ticket"]["status"] == "waiting"
    # Counter 2 calls it next.
    called = client.post("/api/v1/counters/2/call-next", headers=officer)
    assert called.json["ticket"]["id"] == ticket["id"]


def test_the_new_matter_decides_which_counters_may_receive(client, issue, officer):
    ticket = called_at_counter_1(client, issue, officer, "A")
    assert transfer(client, officer, ticket["id"], {"counter": 3}).status_code == 409
    # Changed to C in the same request: counter 3 receives C.
    moved = transfer(client, officer, ticket["id"], {"service": "C", "counter": 3})
    assert moved.status_code == 200, moved.json
    assert moved.json["ticket"]["service"] == "C"


def test_the_refusal_in_english(client, issue, officer):
    ticket = called_at_counter_1(client, issue, officer, "B")
    refused = transfer(client, {**officer, "Accept-Language": "en"}, ticket["id"],
                       {"service": "A", "counter": 3})
    assert refused.status_code == 409
    assert refused.json["error"]["message"].startswith("Quầy 3 does not receive “")


def finish(client, headers, ticket_id, record):
    return client.post(f"/api/v1/tickets/{ticket_id}/finish", headers=headers, json=record)


def test_a_refused_record_lists_its_fields_without_technical_names(client, issue, officer):
    ticket = called_at_counter_1(client, issue, officer)
    record = meeting(documents=[{"title": "Đơn", "copies": "hai"}])
    del record["matter_type"]
    refused = finish(client, officer, ticket["id"], record)
    assert refused.status_code == 400
    fields = {item["field"]: item["message"] for item in refused.json["error"]["fields"]}
    assert fields == {"matter_type": "Vui lòng điền hoặc chọn mục này",
                      "documents.0.copies": "Phải là số nguyên"}
    assert ticket_of(client, officer, ticket["id"])["status"] == "called"


def test_rules_over_several_fields_name_the_field_to_correct(client, issue, officer):
    ticket = called_at_counter_1(client, issue, officer)
    cases = [
        (meeting(handling="chuyen_don"), "transfer_to", "cơ quan có thẩm quyền"),
        (meeting(handling="tu_choi"), "refusal_reason", "Điều 9"),
        (meeting(visitor={"address": "Đức An"}), "visitor.full_name", "Điều 7.2"),
        (meeting(field="khong_co"), "field", "không có trong danh mục"),
        (meeting(visitor={"full_name": "Nguyễn Văn A", "id_number": "999085001234"}),
         "visitor.id_number", "mã tỉnh"),
        (meeting(visitor={"full_name": "Nguyễn Văn A", "address": "Đức An", "phone": "12"}),
         "visitor.phone", "Số điện thoại"),
    ]
    for record, field, words in cases:
        refused = finish(client, officer, ticket["id"], record)
        assert refused.status_code == 400, record
        [item] = refused.json["error"]["fields"]
        assert item["field"] == field, refused.json
        assert words in item["message"], item


def test_a_refused_id_card_qr_says_what_it_could_read(client, officer):
    bad_province = "999" + QR_PHO[3:]
    refused = client.post("/api/v1/identity/qr", headers=officer, json={"qr": bad_province})
    assert refused.status_code == 400
    error = refused.json["error"]
    assert error["code"] == "id_number_province"
    assert error["identity"] == {
        "full_name": "Nguyễn Văn Phò", "address": "Thôn 3, xã Đức An, tỉnh Lâm Đồng",
        "birth_date": "1985-03-15", "birth_year": 1985, "sex": "nam",
        "id_number": "999085001234", "old_id_number": "245678901"}
    assert [item["field"] for item in error["fields"]] == ["visitor.id_number"]
    # A sex that contradicts the number: the number is kept and marked, the rest filled.
    woman = QR_PHO.replace("|Nam|", "|Nữ|")
    refused = client.post("/api/v1/identity/qr", headers=officer, json={"qr": woman})
    assert refused.json["error"]["identity"]["sex"] == "nu"
    assert [item["field"] for item in refused.json["error"]["fields"]] == ["visitor.id_number"]

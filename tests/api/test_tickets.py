"""Issuing tickets through POST /api/v1/tickets, as kiosks do."""

import pytest


def test_first_ticket_of_the_day_is_001_and_numbers_are_shared_across_matters(client, issue):
    first = issue("A")
    second = issue("B")
    third = issue("C", party_size=3)
    assert [first["number"], second["number"], third["number"]] == ["001", "002", "003"]
    assert first["status"] == "waiting"
    assert first["status_url"].startswith("/t/")
    assert third["ahead"] == 2
    assert third["estimated_wait_minutes"] > 0


def test_a_ticket_answer_has_the_contract_fields(client, officer):
    response = client.post("/api/v1/tickets", json={"service": "A", "party_size": 1,
                                                    "priority": None})
    assert response.status_code == 201
    ticket = response.json["ticket"]
    for field in ("id", "number", "party_size", "priority", "status", "ahead",
                  "estimated_wait_minutes", "issued_at", "status_url"):
        assert field in ticket
    assert "service" not in ticket, "the kiosk's answer never names the matter"
    assert ticket["issued_at"].endswith("+07:00")
    staff = client.post("/api/v1/tickets", json={"service": "A", "party_size": 1},
                        headers=officer)
    assert staff.json["ticket"]["service"] == "A", "staff see the matter"


def test_same_idempotency_key_returns_the_same_ticket_and_creates_none(client):
    body = {"service": "A", "party_size": 2, "priority": None}
    headers = {"Idempotency-Key": "kiosk-1-7f3a"}
    first = client.post("/api/v1/tickets", json=body, headers=headers)
    again = client.post("/api/v1/tickets", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["ticket"]["id"] == first.json["ticket"]["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 1


def test_same_key_with_another_body_is_refused_and_changes_nothing(client):
    headers = {"Idempotency-Key": "kiosk-1-abcd"}
    client.post("/api/v1/tickets", json={"service": "A", "party_size": 1}, headers=headers)
    conflict = client.post("/api/v1/tickets", json={"service": "A", "party_size": 4},
                           headers=headers)
    assert conflict.status_code == 409
    assert conflict.json["error"]["code"] == "idempotency_conflict"
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 1


def test_group_threshold_marks_a_delegation(client, issue):
    assert issue("A", party_size=4)["is_group"] is False
    assert issue("A", party_size=5)["is_group"] is True
    assert issue("A", party_size=500)["is_group"] is True


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ({"service": "Z", "party_size": 1}, "unknown_service", "Không có loại việc"),
        ({"service": "A", "party_size": 0}, "invalid_party_size", "Số người phải từ 1 đến 500"),
        ({"service": "A", "party_size": 501}, "invalid_party_size", "Số người phải từ 1 đến 500"),
        ({"service": "A", "party_size": "2"}, "invalid_request", "phải là số nguyên"),
        ({"service": "A", "party_size": True}, "invalid_request", "phải là số nguyên"),
        ({"service": "A", "priority": "vip"}, "unknown_priority", "đối tượng ưu tiên"),
        ({"party_size": 1}, "invalid_request", "thiếu trường bắt buộc"),
        ({"service": "A", "extra": 1}, "invalid_request", "không được hỗ trợ"),
        ([1, 2], "invalid_request", "đối tượng JSON"),
    ],
)
def test_bad_requests_get_a_vietnamese_error_and_change_nothing(client, body, code, fragment):
    response = client.post("/api/v1/tickets", json=body)
    assert response.status_code == 400
    assert response.json["error"]["code"] == code
    assert fragment in response.json["error"]["message"]
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 0


def test_malformed_json_and_non_json_bodies_are_refused(client):
    malformed = client.post("/api/v1/tickets", data="{service: A",
                            content_type="application/json")
    assert malformed.status_code == 400
    assert malformed.json["error"]["code"] == "malformed_json"
    form = client.post("/api/v1/tickets", data={"service": "A"})
    assert form.status_code == 415
    assert form.json["error"]["code"] == "json_required"
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 0


def test_errors_are_in_english_when_asked(client):
    response = client.post("/api/v1/tickets", json={"service": "A", "party_size": 900},
                           headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.json["error"]["message"] == "The number of people must be between 1 and 500."


def test_unknown_api_path_is_a_json_error(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_device_key_is_required_when_configured(app, client):
    app.config["DEVICE_KEY"] = "kiosk-secret"
    body = {"service": "A", "party_size": 1}
    refused = client.post("/api/v1/tickets", json=body)
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "device_key_required"
    assert client.get("/api/v1/services").status_code == 403
    accepted = client.post("/api/v1/tickets", json=body, headers={"X-Device-Key": "kiosk-secret"})
    assert accepted.status_code == 201
    # A kiosk page opened once with ?device_key= keeps the key in a cookie.
    client.get("/kiosk/?device_key=kiosk-secret")
    assert client.get("/api/v1/services").status_code == 200


def test_public_status_page_shows_position_without_personal_data(client, issue):
    issue("A")
    ticket = issue("A")
    token = ticket["status_url"].rsplit("/", 1)[1]
    status = client.get(f"/api/v1/status/{token}").json
    assert status == {**status, "number": "002", "status": "waiting", "ahead": 1}
    assert "service" not in status
    assert client.get("/api/v1/status/not-a-token").status_code == 404


def test_openapi_document_describes_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    for path in ("/tickets", "/queue", "/services", "/counters", "/auth/token",
                 "/counters/{counter_id}/call-next", "/tickets/{ticket_id}/finish",
                 "/tickets/{ticket_id}/transfer"):
        assert path in document["paths"]
    ticket_schema = document["components"]["schemas"]["TicketRequest"]
    assert set(ticket_schema["properties"]) >= {"service", "party_size", "priority"}


def test_services_and_counters_listing(client):
    services = client.get("/api/v1/services").json["services"]
    by_code = {s["code"]: s for s in services}
    assert by_code["B"]["name"] == "Tố cáo" and by_code["B"]["confidential"] is True
    counters = client.get("/api/v1/counters").json["counters"]
    served = {code for c in counters for code in c["services"]}
    assert served >= set(by_code), "every demo service is served by at least one counter"

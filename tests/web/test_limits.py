"""Request size (413) and JSON nesting (400) limits, for the API in JSON and pages in HTML."""

import io
import json

import pytest

from app import create_app
from web.limits import MAX_JSON_DEPTH, json_depth

MIB = 1024 * 1024
TICKET = {"service": "A", "party_size": 1, "priority": None}


def chunked(client, path: str, body: bytes, content_type="application/json"):
    """POST body without Content-Length, as a chunked upload reaches the app under gunicorn."""
    return client.post(path, input_stream=io.BytesIO(body), headers={
        "Transfer-Encoding": "chunked", "Content-Type": content_type})


def padded_ticket(size: int) -> bytes:
    """A valid ticket request padded with spaces to size bytes."""
    body = json.dumps(TICKET).encode()
    return body + b" " * (size - len(body))


def test_an_api_body_over_one_mebibyte_is_refused_in_vietnamese_json(client):
    response = client.post("/api/v1/tickets", data=padded_ticket(MIB + 1),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"] == {"code": "request_too_large",
                                      "message": "Dữ liệu gửi lên quá lớn (tối đa 1 MB)."}


def test_a_body_of_exactly_the_limit_is_accepted(client):
    response = client.post("/api/v1/tickets", data=padded_ticket(MIB),
                           content_type="application/json")
    assert response.status_code == 201


def test_a_chunked_body_over_the_limit_is_refused_not_cut(client):
    response = chunked(client, "/api/v1/tickets", padded_ticket(2 * MIB))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_too_large"


def test_a_small_chunked_body_reaches_the_view_whole(client):
    response = chunked(client, "/api/v1/tickets", padded_ticket(MIB))
    assert response.status_code == 201, response.json


def test_a_page_form_over_the_limit_answers_an_html_page(client):
    response = client.post("/admin/login", data=b"username=" + b"a" * (2 * MIB),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "Dữ liệu gửi lên quá lớn (tối đa 1 MB)." in response.get_data(as_text=True)


def test_a_body_refused_even_where_the_view_never_reads_it(client):
    response = client.post("/api/v1/tickets/1/call", data=b"x" * (MIB + 1))
    assert response.status_code == 413


def test_the_limit_is_a_setting(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "MAX_CONTENT_LENGTH": 512 * 1024,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"})
    response = app.test_client().post("/api/v1/tickets", data=padded_ticket(600 * 1024),
                                      content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["message"] == "Dữ liệu gửi lên quá lớn (tối đa 512 KB)."


def test_json_nested_a_thousand_deep_is_a_400_not_a_500(client):
    response = client.post("/api/v1/tickets", data="[" * 1000 + "]" * 1000,
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == {
        "code": "json_too_deep", "message": "Dữ liệu JSON lồng nhau quá sâu (tối đa 32 cấp)."}


def test_json_at_the_depth_limit_goes_on_to_validation(client):
    nested = {"service": "A", "kiosk": None}
    inner = {}
    for _ in range(MAX_JSON_DEPTH - 2):
        inner = {"x": inner}
    nested["extra"] = inner
    response = client.post("/api/v1/tickets", json=nested)
    assert json_depth(json.dumps(nested)) == MAX_JSON_DEPTH
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_request"


def test_deep_json_on_a_staff_endpoint_is_refused_too(client, officer):
    response = client.post("/api/v1/visits", data='{"a":' * 40 + "1" + "}" * 40,
                           content_type="application/json", headers=officer)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "json_too_deep"


@pytest.mark.parametrize(("text", "depth"), [
    ("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ('["[[[[", "]]", "\\"[["]', 1),
    ('{"k\\\\": "{"}', 1), (b'[[\xe1\xbb\x91]]', 2),
])
def test_depth_ignores_brackets_inside_strings(text, depth):
    assert json_depth(text) == depth


def test_an_integer_beyond_64_bits_in_json_is_a_400_not_a_500(client, officer, issue):
    ticket = issue()
    response = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", headers=officer,
                           json={"counter": 2**64})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "number_too_large"
    fits = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", headers=officer,
                       json={"counter": 2**63 - 1})
    assert fits.status_code == 404, fits.json

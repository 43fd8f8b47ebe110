"""Control characters are refused in every text the API takes (400 "invalid_characters" naming
the field), on SQLite and PostgreSQL alike; a token or login name holding one matches nothing."""

import json
from urllib.parse import quote

import pytest

from reception.cases.models import Visit
from reception.database import connection
from tests.cases.conftest import QR_PHO, meeting

# Refused in every field; the multi-line fields take tab, LF and CR.
REFUSED = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe",
           "\uffff", "\U0001fffe"]
LINE_BREAKS = ["\t", "\n", "\r"]


def send(client, method: str, url: str, body, headers=None):
    """Send a JSON body as ASCII JSON (lone surrogates travel as \\ud800 escapes)."""
    return client.open(url, method=method, data=json.dumps(body),
                       content_type="application/json", headers=headers or {})


def refused(response, *names: str) -> str:
    assert response.status_code == 400, response.json
    error = response.json["error"]
    assert error["code"] == "invalid_characters", error
    for name in names:
        assert name in error["message"], error["message"]
    return error["message"]


def visits_stored() -> int:
    with connection():
        return Visit.select().count()


@pytest.mark.parametrize("field", ["kiosk", "service", "priority", "identity_qr"])
def test_ticket_fields(site, field):
    body = {"service": "A", field: "K\u00001"}
    message = refused(send(site.client, "POST", "/api/v1/tickets", body), field, "U+0000")
    assert message.startswith("Trường “") and "không được phép" in message


def test_kiosk_nul_anonymous_and_in_english(site):
    answer = send(site.client, "POST", "/api/v1/tickets", {"service": "A", "kiosk": "K\u00001"},
                  {"Accept-Language": "en"})
    assert "not allowed" in refused(answer, "kiosk")
    refused(send(site.client, "POST", "/api/v1/tickets", {"service": "A", "kiosk": "\ud800"}),
            "kiosk", "U+D800")
    assert send(site.client, "POST", "/api/v1/tickets",
                {"service": "A", "kiosk": "K1"}).status_code == 201


def test_idempotency_key(site):
    answer = send(site.client, "POST", "/api/v1/tickets", {"service": "A"},
                  {"Idempotency-Key": "abc\x01def"})
    refused(answer, "Idempotency-Key")


@pytest.mark.parametrize("token", ["abc\x00", "\x00", "x\x7fy", "\ud800"])
def test_status_tokens_are_not_found(site, token):
    path = quote(token.encode("utf-8", "surrogatepass"))
    status = site.client.get(f"/api/v1/status/{path}")
    assert status.status_code == 404 and status.json["error"]["code"] == "not_found"
    assert site.client.get(f"/t/{path}").status_code == 404


def test_login_name_with_nul_is_bad_credentials(site):
    site.staff("admin")
    for username in ("admin-1\x00", "\x00", "admin-1\ud800"):
        answer = send(site.client, "POST", "/api/v1/auth/token",
                      {"username": username, "password": "mat-khau-an-toan"})
        assert answer.status_code == 401, answer.json
        assert answer.json["error"]["code"] == "bad_credentials"
    for password in ("mat-khau-an-toan\x00", "\ud800"):
        answer = send(site.client, "POST", "/api/v1/auth/token",
                      {"username": "admin-1", "password": password})
        assert answer.status_code == 401 and answer.json["error"]["code"] == "bad_credentials"


@pytest.mark.parametrize("char", REFUSED)
def test_every_refused_character_in_a_summary(site, char):
    officer = site.staff("officer")
    answer = site.finish(officer, meeting(summary=f"Nội dung{char}khiếu nại"))
    refused(answer, "Tóm tắt nội dung (summary)", f"U+{ord(char):04X}")
    assert visits_stored() == 0


@pytest.mark.parametrize(("path", "value", "label"), [
    (("visitor", "full_name"), "Nguyễn\x00Văn", "Công dân – họ tên (visitor.full_name)"),
    (("visitor", "address"), "Thôn 3\n", None),
    (("visitor", "phone"), "0912\x00", "visitor.phone"),
    (("visitor", "qr"), QR_PHO.replace("Nam", "N\x00m"), "visitor.qr"),
    (("representatives", 0, "full_name"), "Lê\x1bThị", "representatives.0.full_name"),
    (("documents", 0, "title"), "Đơn\x00", "documents.0.title"),
    (("documents", 0, "note"), "ghi\x00chú", "documents.0.note"),
    (("interpreter_language",), "Khmer\x00", "interpreter_language"),
    (("requests",), "Đề nghị\x00", "requests"),
    (("prior_handling",), "UBND\x00", "prior_handling"),
    (("transfer_to",), "Sở\tTài nguyên", "transfer_to"),
    (("guidance",), "Đến\x00", "guidance"),
    (("refusal_detail",), "lý do\x00", "refusal_detail"),
    (("case_title",), "Hồ sơ\n", None),
    (("note",), "ghi\x00", "note"),
])
def test_meeting_record_fields(site, path, value, label):
    officer = site.staff("officer")
    record = meeting(representatives=[{"full_name": "Lê Thị Hoa"}],
                     documents=[{"title": "Đơn", "note": ""}], party_size=6)
    target = record
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    answer = site.finish(officer, record)
    if label is None:  # a line break at the end is stripped like other surrounding spaces
        assert answer.status_code == 200, answer.json
        return
    refused(answer, label)
    assert visits_stored() == 0


def test_multi_line_fields_keep_tabs_and_line_breaks(site):
    officer = site.staff("officer")
    text = "Dòng một\tcột\r\nDòng hai\nDòng ba"
    visit = site.record(officer, meeting(summary=text, requests=text, note=text))
    assert "Dòng hai" in visit["summary"]
    refused(site.finish(officer, meeting(visitor={"full_name": "Nguyễn\nVăn", "address": "x"})),
            "visitor.full_name", "U+000A")


def test_record_changes_and_settings(site):
    officer, admin = site.staff("officer"), site.staff("admin")
    visit = site.record(officer, meeting())
    case_id = visit["case"]["id"]
    cases = [
        ("PATCH", f"/api/v1/visits/{visit['id']}", {"summary": "sửa\x00"}, "summary", officer),
        ("PATCH", f"/api/v1/cases/{case_id}", {"title": "tiêu đề\x00"}, "title", officer),
        ("PATCH", f"/api/v1/cases/{case_id}", {"result_note": "k\x85q"}, "result_note",
         officer),
        ("POST", f"/api/v1/cases/{case_id}/notes", {"text": "ghi\x00"}, "text", officer),
        ("POST", "/api/v1/identity/qr", {"qr": QR_PHO + "\x00"}, "qr", officer),
        ("POST", "/api/v1/days-off", {"day": "2027-03-10", "reason": "nghỉ\x00"}, "reason",
         admin),
        ("PUT", "/api/v1/record-options", {"fields": {"dat_dai": "Đất\x00đai"}}, "fields",
         admin),
        ("PUT", "/api/v1/record-options", {"fields": {"dat\x00": "Đất"}}, "fields", admin),
        ("PUT", "/api/v1/record-options",
         {"deadline_limits": {"x": {"label": "a\x00"}}}, "deadline_limits", admin),
    ]
    for method, url, body, name, headers in cases:
        refused(send(site.client, method, url, body, headers), name)
    with connection():
        assert Visit.get_by_id(visit["id"]).summary == meeting()["summary"]


def test_crowd_texts(site):
    security = site.staff("security")
    walk_in = {"party_size": 6, "note": "đoàn\x00", "representatives": ["Lê Văn A"]}
    refused(send(site.client, "POST", "/api/v1/crowd/walk-ins", walk_in, security), "note")
    walk_in = {"party_size": 6, "representatives": ["Lê\x00Văn A"]}
    refused(send(site.client, "POST", "/api/v1/crowd/walk-ins", walk_in, security),
            "representatives")
    refused(send(site.client, "POST", "/api/v1/crowd/incidents", {"text": "sự\x00việc"},
                 security), "text")


@pytest.mark.parametrize("query", [
    "/api/v1/visits?q=Nguy%E1%BB%85n%00",
    "/api/v1/visits?matter_type=khieu_nai%00",
    "/api/v1/cases?q=%00",
    "/api/v1/cases?field=dat_dai%1b",
    "/api/v1/visitors?id_number=068085001234%00",
    "/api/v1/audit?action=logbook.view%00",
    "/api/v1/audit?object_id=%C2%85",
    "/api/v1/logbook?from=2027-03-01%00&to=2027-03-03",
    "/api/v1/crowd/incidents?date=2027-03-03%00",
])
def test_query_parameters(site, query):
    admin = site.staff("admin")
    message = refused(site.client.get(query, headers=admin))
    assert message.startswith("Tham số “")


def test_search_still_works(site):
    admin = site.staff("admin")
    site.record(site.staff("officer"), meeting())
    found = site.client.get("/api/v1/cases?q=nguyen%20van%20pho", headers=admin)
    assert found.status_code == 200 and found.json["total"] == 1


def test_kiosk_page_ignores_names_and_keys_with_controls(site):
    page = site.client.get("/kiosk/?kiosk=K%001&device_key=ab%00c")
    assert page.status_code == 200
    assert "K\\u00001" not in page.get_data(as_text=True)
    assert "device_key" not in page.headers.get("Set-Cookie", "")
    named = site.client.get("/kiosk/?kiosk=K1")
    assert '"kiosk": "K1"' in named.get_data(as_text=True)

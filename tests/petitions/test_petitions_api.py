"""POST /api/v1/petitions and GET /api/v1/petitions/<code>: every line of the contract."""

import re

from reception.cases.models import AuditLog
from reception.config import Settings
from reception.database import connection
from reception.notifications import sender
from reception.notifications.models import Notification
from reception.petitions import petition_status
from reception.petitions.models import Petition, PetitionFile
from tests.petitions.conftest import JPEG, PDF, PNG, files, form


def stored():
    with connection():
        return Petition.select().count(), PetitionFile.select().count()


def folder_entries(app):
    folder = Settings.of(app).petitions.folder
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_a_petition_with_files_is_received(app, send, client, sms_gateway, smtp_server):
    answer = send(form(email="hoa@example.vn", id_number="068190001234"),
                  files((PDF, "don.pdf"), (JPEG, "anh.jpg"), (PNG, "so-do.png")))
    assert answer.status_code == 201, answer.json
    petition = answer.json["petition"]
    assert petition["status"] == "received"
    code = petition["code"]
    assert re.fullmatch(r"[ACDEFGHJKMNPQRTUVWXY34679]{10}", code)
    assert petition["status_url"] == f"/tra-cuu?ma={code}"
    with connection():
        row = Petition.get(Petition.code == code)
        kept = list(row.files.order_by(PetitionFile.position))
        audit = AuditLog.get(AuditLog.action == "petition.submit")
    assert (row.full_name, row.phone, row.id_number, row.status) == (
        "Nguyễn Thị Hoà", "0912345678", "068190001234", "received")
    assert [(f.original_name, f.media_type) for f in kept] == [
        ("don.pdf", "application/pdf"), ("anh.jpg", "image/jpeg"), ("so-do.png", "image/png")]
    # On disk under the instance's petition folder, not in the database.
    folder = Settings.of(app).petitions.folder
    assert (folder / code / kept[0].stored_name).read_bytes() == PDF
    assert audit.object_id == str(row.id) and audit.ip == "127.0.0.1"

    looked_up = client.get(f"/api/v1/petitions/{code}")
    assert looked_up.status_code == 200
    assert looked_up.json["petition"]["code"] == code
    assert looked_up.json["petition"]["status"] == "received"
    assert petition_status(code.lower())["code"] == code
    assert client.get("/api/v1/petitions/KHONGCOMA1").status_code == 404

    # The confirmation goes by SMS and e-mail, after the request.
    assert sms_gateway[1].received == []
    assert sender.send_due() == {"sent": 2, "failed": 0}
    [sms] = sms_gateway[1].received
    assert sms["json"]["to"] == "0912345678" and code in sms["json"]["text"]
    assert "đã nhận đơn" in sms["json"]["text"]
    assert f"http://localhost/tra-cuu?ma={code}" in sms["json"]["text"]
    [mail] = smtp_server[1].messages
    assert mail["subject"] == f"Đã nhận đơn trực tuyến – mã {code}"


def test_a_file_of_another_type_is_refused_with_415_and_nothing_is_kept(app, send):
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    answer = send(form(), files((PDF, "don.pdf"), (gif, "gia-mao.pdf")))
    assert answer.status_code == 415
    assert answer.json["error"]["code"] == "unsupported_file_type"
    assert "gia-mao.pdf" in answer.json["error"]["message"]
    html = send(form(), files((b"<html><script>alert(1)</script>", "anh.png")))
    assert html.status_code == 415
    assert stored() == (0, 0) and folder_entries(app) == []


def test_bad_fields_are_refused_in_vietnamese(send):
    cases = [
        (form(phone="912345678"), "invalid_phone", "phone"),
        (form(phone="09123456789"), "invalid_phone", "phone"),
        (form(phone="1912345678"), "invalid_phone", "phone"),
        (form(phone="09l2345678"), "invalid_phone", "phone"),
        (form(name="   "), "invalid_value", "name"),
        (form(name=None), "invalid_value", "name"),
        (form(address=""), "invalid_value", "address"),
        (form(content=""), "invalid_value", "content"),
        (form(content="x" * 10001), "invalid_value", "content"),
        (form(service="Z"), "unknown_service", "service"),
        (form(email="khong-phai-thu"), "invalid_value", "email"),
        (form(id_number="12345"), "id_number_length", None),
        (form(name="Nguyễn\x00Văn"), "invalid_characters", None),
    ]
    for data, code, field in cases:
        answer = send(data)
        assert answer.status_code == 400, (data, answer.json)
        error = answer.json["error"]
        assert error["code"] == code, (data, error)
        if field:
            assert error["fields"][0]["field"] == field
    assert send(form(phone="912345678")).json["error"]["message"] == (
        "Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0 (ví dụ 0912345678).")
    english = send(form(service="Z"), headers={"Accept-Language": "en"})
    assert english.json["error"]["message"].startswith("There is no service")
    assert stored() == (0, 0)


def test_limits_on_files_and_body(send, client):
    six = send(form(), files(*[(PDF, f"{n}.pdf") for n in range(6)]))
    assert six.status_code == 400 and six.json["error"]["code"] == "too_many_files"
    big = PDF + b"0" * (10 * 1024 * 1024)
    over = send(form(), files((big, "lon.pdf")))
    assert over.status_code == 413 and over.json["error"]["code"] == "file_too_large"
    empty = send(form(), files((b"", "rong.pdf")))
    assert empty.status_code == 400 and empty.json["error"]["code"] == "empty_file"
    # Exactly 10 MB passes: the route takes more than the 1 MiB other requests may carry.
    ten = PDF + b"0" * (10 * 1024 * 1024 - len(PDF))
    assert send(form(), files((ten, "du.pdf"))).status_code == 201
    json_body = client.post("/api/v1/petitions", json=form())
    assert json_body.status_code == 415 and json_body.json["error"]["code"] == (
        "multipart_required")
    # Other routes keep the 1 MiB limit.
    assert client.post("/api/v1/tickets", data=b"x" * (1024 * 1024 + 1),
                       content_type="application/json").status_code == 413
    assert stored() == (1, 1)


def test_twenty_petitions_a_minute_from_one_address_pass_then_429(app, send):
    for number in range(30):
        answer = send(form(content=f"Đơn số {number}"))
        assert answer.status_code == 201, (number, answer.json)
    refused = send(form(content="Đơn thứ 31"))
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    # Another address is counted apart.
    other = send(form(), environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other.status_code == 201
    assert stored()[0] == 31


def test_the_public_answers_do_not_tell_a_denunciation(send, client, sms_gateway):
    seen = {}
    for service in ("A", "B"):
        created = send(form(service=service, email="dan@example.vn"))
        assert created.status_code == 201
        code = created.json["petition"]["code"]
        public = client.get(f"/api/v1/petitions/{code}").json["petition"]
        seen[service] = {
            "created": {k: v for k, v in created.json["petition"].items()
                        if k not in ("code", "status_url", "received_at")},
            "public": sorted((k, v) for k, v in public.items()
                             if k not in ("code", "status_url", "received_at")),
        }
    assert seen["A"] == seen["B"]
    sender.send_due()
    with connection():
        bodies = [(n.channel, n.subject, n.body) for n in Notification.select()]
    texts = " ".join(f"{s} {b}" for _, s, b in bodies)
    for word in ("Tố cáo", "tố cáo", "Khiếu nại", "khiếu nại", "Denunciation"):
        assert word not in texts
    codes = [p for p in re.findall(r"mã tra cứu ([A-Z0-9]{10})", texts)]
    assert len(set(codes)) == 2
    # Apart from the code, both citizens' messages read the same.
    assert len({re.sub(r"[A-Z0-9]{10}", "CODE", b) for _, _, b in bodies}) == 2


def test_the_form_page_is_vietnamese_and_self_contained(client):
    page = client.get("/gui-don")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="vi">' in html and "Gửi đơn trực tuyến" in html
    assert 'name="viewport"' in html and "Khiếu nại" in html
    # No external requests: every script, style and form target is on this site.
    assert not re.search(r'(src|href|action)="(https?:)?//', html)
    english = client.get("/gui-don?lang=en").get_data(as_text=True)
    assert "Send a petition online" in english and "Complaint" in english


def test_the_status_address_shows_where_the_petition_stands(send, client):
    code = send(form(), files((PDF, "don.pdf"))).json["petition"]["code"]
    page = client.get(f"/tra-cuu?ma={code}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"Đơn trực tuyến mã {code}" in text
    assert "Đơn đã được tiếp nhận, đang chờ cán bộ xem xét, phân loại." in text
    # Only where it stands: no name, no content, no matter.
    assert "Nguyễn Thị Hoà" not in text and "Khiếu nại" not in text
    english = client.get(f"/tra-cuu?ma={code}&lang=en").get_data(as_text=True)
    assert f"Online petition {code}" in english

"""Issue 13: the booking pages over HTTP: /dat-lich, /hen/<code>, /tra-cuu. Vietnamese by
default, English on request, nothing from another site, a denunciation's booking reads like
any other."""

import re

from tests.admin.conftest import csrf_from
from tests.booking.conftest import citizen
from tests.test_public_surfaces import MATTER_NAMES, _strip_tags


def book_on_the_page(client, session_id, **fields):
    form = client.get(f"/dat-lich/{session_id}")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    key = re.search(r'name="request_key" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf_from(html), "request_key": key, "service": "A",
            "name": "Nguyễn Thị Hồng Nhung", "phone": "0912345678", "party_size": "1",
            "summary": "Xin cấp sổ đỏ", **fields}
    return client.post(f"/dat-lich/{session_id}", data=data), data


def test_the_list_offers_the_bookable_sessions(client, session):
    page = client.get("/dat-lich")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'lang="vi"' in text and "Đặt lịch tiếp công dân" in text
    assert "Trần Văn Bình" in text and "Còn 5/5 chỗ" in text
    assert f"/dat-lich/{session['id']}" in text
    english = client.get("/dat-lich?lang=en").get_data(as_text=True)
    assert "Book a reception appointment" in english and "5 of 5 places left" in english
    # No request leaves the site: every address in the page is local.
    assert not re.search(r'(src|href)="(https?:)?//', text)


def test_booking_on_the_page_leads_to_the_appointment(client, session):
    answer, data = book_on_the_page(client, session["id"])
    assert answer.status_code == 302
    code = answer.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/hen/{code}").get_data(as_text=True)
    assert code in page and "Đã đặt lịch" in page
    assert f"/hen/{code}/qr.svg" in page
    qr = client.get(f"/hen/{code}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    # The same form sent twice (a double tap) books once.
    again = client.post(f"/dat-lich/{session['id']}", data=data)
    assert again.headers["Location"].endswith(f"/hen/{code}")
    assert client.get("/api/v1/sessions").json["sessions"][0]["booked"] == 1


def test_a_refused_form_says_why_and_keeps_what_was_typed(client, session):
    answer, _ = book_on_the_page(client, session["id"], phone="12345")
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "Số điện thoại phải gồm 10 chữ số" in text
    assert 'value="Nguyễn Thị Hồng Nhung"' in text
    assert client.get("/api/v1/sessions").json["sessions"][0]["booked"] == 0


def test_cancelling_on_the_page(client, session):
    code = client.post("/api/v1/appointments",
                       json=citizen(session["id"])).json["appointment"]["code"]
    page = client.get(f"/hen/{code}").get_data(as_text=True)
    unconfirmed = client.post(f"/hen/{code}/huy", data={"csrf_token": csrf_from(page)})
    assert unconfirmed.status_code == 302
    assert client.get(f"/api/v1/appointments/{code}").json["appointment"]["status"] == "booked"
    client.post(f"/hen/{code}/huy", data={"csrf_token": csrf_from(page), "confirm": "1"})
    after = client.get(f"/hen/{code}").get_data(as_text=True)
    assert "Đã hủy" in after and "qr.svg" not in after
    assert client.get("/api/v1/sessions").json["sessions"][0]["booked"] == 0
    # Without the CSRF token nothing is cancelled.
    other = client.post("/api/v1/appointments", json=citizen(session["id"])).json
    refused = client.post(f"/hen/{other['appointment']['code']}/huy", data={"confirm": "1"})
    assert refused.status_code == 400


def test_lookup_finds_an_appointment_code(client, session):
    code = client.post("/api/v1/appointments",
                       json=citizen(session["id"])).json["appointment"]["code"]
    assert client.get("/tra-cuu").status_code == 200
    found = client.get(f"/tra-cuu?ma={code.lower()}")
    assert (found.status_code, found.headers["Location"]) == (302, f"/hen/{code}")
    missing = client.get("/tra-cuu?ma=ABCDEFGHJK")
    assert missing.status_code == 404
    assert "Không tìm thấy mã “ABCDEFGHJK”" in missing.get_data(as_text=True)
    assert client.get("/hen/ABCDEFGHJK").status_code == 404


def test_a_denunciations_booking_reads_like_any_other(client, session):
    codes = [client.post("/api/v1/appointments", json=citizen(
        session["id"], service=service)).json["appointment"]["code"] for service in "AB"]
    pages = []
    for code in codes:
        api = client.get(f"/api/v1/appointments/{code}").json["appointment"]
        page = _strip_tags(client.get(f"/hen/{code}").get_data(as_text=True))
        pages.append((code, api, page))
    (code_a, api_a, page_a), (code_b, api_b, page_b) = pages
    assert page_a.replace(code_a, "CODE") == page_b.replace(code_b, "CODE")
    assert {**api_a, "code": "", "manage_url": "", "created_at": ""} == {
        **api_b, "code": "", "manage_url": "", "created_at": ""}
    for name in MATTER_NAMES:
        assert name not in page_b
    # Checked in, both tickets answer the kiosk alike (numbers and tokens aside).
    tickets = [client.post("/api/v1/tickets", json={"appointment": code}).json["ticket"]
               for code in (code_a, code_b)]
    strip = ("id", "number", "status_url", "ahead", "estimated_wait_minutes")
    assert [{k: v for k, v in t.items() if k not in strip} for t in tickets][0] == [
        {k: v for k, v in t.items() if k not in strip} for t in tickets][1]

"""Kiosk and ticket status pages through the Flask test client: language, wording, secrecy."""

import json
import re
import unicodedata

import pytest

from web.screen_texts import SCREENS, texts_for


def script_json(html: str, element_id: str) -> dict:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>',
                      html, re.S)
    assert match, element_id
    return json.loads(match.group(1))


def test_kiosk_speaks_vietnamese_by_default(client):
    response = client.get("/kiosk/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    for text in ("Lấy số thứ tự tiếp công dân", "Bạn đến để làm việc gì?",
                 "Có bao nhiêu người cùng đến?", "Bạn có thuộc đối tượng ưu tiên không?",
                 "Nhập số người cùng đến", "Xóa", "Đồng ý", "Quay lại", "Số thứ tự của bạn",
                 "UBND xã Đức An, tỉnh Lâm Đồng"):
        assert text in html
    # The switch is labelled in the language it switches to.
    assert ">English</button>" in html
    assert unicodedata.is_normalized("NFC", html)


def test_kiosk_in_english_when_asked(client):
    response = client.get("/kiosk/?lang=en")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "What have you come for?" in html
    assert ">Tiếng Việt</button>" in html
    assert "lang=en" in response.headers["Set-Cookie"]


ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}


def test_public_screens_ignore_an_english_browser_until_english_is_chosen(client, issue):
    status_url = issue("A")["status_url"]
    for url in ("/kiosk/", "/display/", status_url, "/display/schedule"):
        assert '<html lang="vi">' in client.get(url, headers=ENGLISH_BROWSER).get_data(
            as_text=True), url
    client.get(status_url + "?lang=en", headers=ENGLISH_BROWSER)  # the switch: a cookie
    for url in ("/kiosk/", "/display/", status_url, "/display/schedule"):
        assert '<html lang="en">' in client.get(url).get_data(as_text=True), url
    # Programs reading the API still get English messages when they ask for them.
    client.delete_cookie("lang")
    refused = client.post("/api/v1/tickets", json={"service": "A", "party_size": 900},
                          headers=ENGLISH_BROWSER)
    assert refused.json["error"]["message"] == "The number of people must be between 1 and 500."


def test_status_page_has_a_language_switch(client, issue):
    html = client.get(issue("A")["status_url"]).get_data(as_text=True)
    assert '<a href="?lang=vi" lang="vi" aria-current="true">Tiếng Việt</a>' in html
    assert '<a href="?lang=en" lang="en">English</a>' in html


def test_kiosk_script_gets_both_languages_and_its_settings(client):
    html = client.get("/kiosk/").get_data(as_text=True)
    texts = script_json(html, "page-texts")
    config = script_json(html, "page-config")
    assert set(texts) == {"vi", "en"}
    assert texts["vi"]["print_failed"] == (
        "Máy in đang gặp sự cố. Vui lòng ghi nhớ số phiếu của bạn hoặc chụp ảnh màn hình; "
        "cán bộ sẽ hỗ trợ in lại."
    )
    assert texts["vi"]["print_printed"] == "Mời nhận phiếu in bên dưới"
    assert texts["vi"]["ahead"].format(n=3) == "Có 3 người đang chờ trước bạn"
    assert texts["vi"]["wait"].format(m=20) == "Thời gian chờ dự kiến: khoảng 20 phút"
    assert config["tickets_url"] == "/api/v1/tickets"
    assert config["services_url"] == "/api/v1/services"
    assert (config["idle_seconds"], config["ticket_seconds"]) == (60, 15)
    assert config["request_timeout_ms"] >= 10_000  # a printer's timeout fits inside it
    assert config["kiosk"] is None


def test_kiosk_names_itself_and_remembers_its_device_key(client):
    response = client.get("/kiosk/?kiosk=Sảnh%20A&device_key=K-123")
    config = script_json(response.get_data(as_text=True), "page-config")
    assert config["kiosk"] == "Sảnh A"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("device_key"))
    assert "device_key=K-123" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_text_has_both_languages_with_the_same_placeholders(screen):
    table = texts_for(screen)
    assert set(table["vi"]) == set(table["en"])
    for key, vietnamese in table["vi"].items():
        english = table["en"][key]
        if isinstance(vietnamese, str):
            assert unicodedata.is_normalized("NFC", vietnamese), key
            assert set(re.findall(r"\{\w+\}", vietnamese)) == set(
                re.findall(r"\{\w+\}", english)), key
        else:
            assert len(vietnamese) == len(english), key


def test_status_page_of_a_waiting_ticket(client, issue):
    issue("A")
    ticket = issue("A", party_size=2)
    response = client.get(ticket["status_url"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p class="status-number" id="status-number">002</p>' in html
    assert "Đang chờ" in html
    assert "Có 1 người đang chờ trước bạn" in html
    minutes = ticket["estimated_wait_minutes"]
    assert minutes > 1
    assert f"Thời gian chờ dự kiến: khoảng {minutes} phút" in html
    # Still open: the page listens for changes and fetches its own status, nothing else.
    config = script_json(html, "page-config")
    assert config["status_url"] == "/api/v1/status/" + ticket["status_url"].rsplit("/", 1)[1]
    assert "/static/js/status.js" in html


def test_status_page_names_the_counter_once_called(client, issue, officer):
    ticket = issue("A")
    assert client.post("/api/v1/counters/2/call-next", headers=officer).status_code == 200
    html = client.get(ticket["status_url"]).get_data(as_text=True)
    assert "Mời bạn đến quầy số 2" in html
    assert "đang chờ trước bạn" not in html.split('id="page-texts"')[0]


def test_status_page_of_a_finished_ticket_stops_listening(client, issue, officer):
    ticket = issue("A")
    client.post("/api/v1/counters/1/call-next", headers=officer)
    client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=officer)
    html = client.get(ticket["status_url"]).get_data(as_text=True)
    assert "Đã tiếp xong" in html
    assert "socket.io" not in html


def test_status_page_in_english(client, issue):
    ticket = issue("A")
    html = client.get(ticket["status_url"] + "?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Your number" in html and ">Waiting<" in html


def test_unknown_ticket_is_a_vietnamese_404_page(client):
    response = client.get("/t/khong-co-phieu-nay")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<html lang="vi">' in html
    assert "Không tìm thấy phiếu" in html
    assert "kiểm tra lại mã QR" in html


def test_status_page_reveals_no_matter_priority_or_person(client, issue):
    ticket = issue("B", priority="disability")
    html = client.get(ticket["status_url"]).get_data(as_text=True)
    for secret in ("Tố cáo", "khuyết tật", "disability", "Denunciation", '"service"',
                   '"priority"', '"party_size"'):
        assert secret not in html


def test_public_pages_load_nothing_from_other_sites(client, issue):
    ticket = issue("A")
    for url in ("/kiosk/", "/display/", ticket["status_url"]):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), url

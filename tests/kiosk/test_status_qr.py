"""GET /t/<token>/qr.svg: the QR code the kiosk shows when nothing printed (issue 11 item 5)."""

import re

import pytest
import qrcode

from reception.database import connection
from reception.models import Ticket
from reception.printing.dispatch import PrintSetup, printout_for


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """Return the (x, y) of every dark module drawn in an SvgPathImage QR code."""
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", path)}


def expected_modules(address: str) -> set[tuple[int, int]]:
    """Return the dark modules qrcode itself draws for address (4-module quiet zone)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(address)
    code.make(fit=True)
    return {(x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row)
            if dark}


def token_of(ticket: dict) -> str:
    return ticket["status_url"].rsplit("/", 1)[1]


def test_the_qr_code_holds_the_status_page_address_as_printed(client, issue):
    ticket = issue("B")
    response = client.get(ticket["status_url"] + "/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"  # web/headers.py: a ticket's token
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "<script" not in svg
    address = "http://localhost" + ticket["status_url"]
    assert dark_modules(svg) == expected_modules(address)
    # The very address the printed ticket's QR code holds.
    with connection():
        printed = printout_for(Ticket.get(Ticket.public_token == token_of(ticket)),
                               PrintSetup(public_url="http://localhost/"))
    assert printed.status_url == address


def test_the_qr_code_uses_the_public_address_when_one_is_set(app, client, issue):
    app.config["PUBLIC_URL"] = "https://tiepdan.example.vn/"
    ticket = issue("A")
    svg = client.get(ticket["status_url"] + "/qr.svg").get_data(as_text=True)
    assert dark_modules(svg) == expected_modules("https://tiepdan.example.vn"
                                                 + ticket["status_url"])


@pytest.mark.parametrize("token", ["khong-co-phieu-nay", "abc%01def"])
def test_no_qr_code_for_a_token_without_a_ticket(client, issue, token):
    issue("A")
    response = client.get(f"/t/{token}/qr.svg")
    assert response.status_code == 404
    assert response.mimetype != "image/svg+xml"


def test_kiosk_gets_the_information_desk_and_the_explanations(app, client):
    from tests.kiosk.test_kiosk_pages import script_json

    html = client.get("/kiosk/").get_data(as_text=True)
    config = script_json(html, "page-config")
    texts = script_json(html, "page-texts")
    assert config["info_service"] == "D"
    assert texts["vi"]["unsure"] == "Chưa rõ — hỏi cán bộ"
    assert texts["vi"]["explain_A"] == "Không đồng ý với quyết định, hành vi của cơ quan, cán bộ"
    assert {"explain_A", "explain_B", "explain_C"} <= set(texts["en"])
    app.config["KIOSK_INFO_SERVICE"] = ""
    config = script_json(client.get("/kiosk/").get_data(as_text=True), "page-config")
    assert config["info_service"] == ""

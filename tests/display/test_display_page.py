"""The display board's page: a Vietnamese shell that names no matter and loads only local files."""

import json
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"


def page_texts(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="page-texts">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_board_shell_in_vietnamese(client):
    response = client.get("/display/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "UBND xã Đức An, tỉnh Lâm Đồng" in html
    assert "Bảng gọi số" in html and "Vừa gọi" in html
    texts = page_texts(html)["vi"]
    assert texts["sound_note"] == "Chưa có âm thanh — chạm vào màn hình để bật"
    assert texts["disconnected"] == "Mất kết nối — đang kết nối lại…"
    assert texts["waiting_total"].format(n=7) == "Đang chờ: 7"
    assert texts["weekdays"][0] == "Chủ nhật"


def test_board_loads_vendored_socketio_and_the_announcer(client):
    html = client.get("/display/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["/static/vendor/socket.io.min.js", "/static/js/announcer.js",
                       "/static/js/display.js"]
    vendored = (STATIC / "vendor" / "socket.io.min.js").read_text()
    assert vendored.startswith("/*!\n * Socket.IO v4.8")
    assert "MIT" in (STATIC / "vendor" / "socket.io.LICENSE").read_text()


def test_board_page_names_no_confidential_matter(client):
    html = client.get("/display/").get_data(as_text=True)
    assert "Tố cáo" not in html and "Denunciation" not in html


def test_board_remembers_its_device_key(client):
    response = client.get("/display/?device_key=TV-1")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("device_key"))
    assert "device_key=TV-1" in cookie and "HttpOnly" in cookie

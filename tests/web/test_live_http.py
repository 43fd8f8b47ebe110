"""On the real server (gunicorn): its own refusals in JSON, chunked uploads, headers."""

import json
import socket

import pytest
import requests

from tests.live import LiveServer

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One real server for this module's tests: none of them changes what the others see."""
    server = LiveServer(tmp_path_factory.mktemp("live-http")).start()
    yield server
    server.discard()


def raw_exchange(url: str, request: bytes) -> tuple[str, dict, bytes]:
    """Send raw bytes to the server and return its status line, headers and body."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip()
               for name, _, value in (line.partition(":") for line in lines)}
    return status, headers, body


def test_a_malformed_request_line_answers_json(live_server):
    status, headers, body = raw_exchange(live_server.url, b"THIS IS NOT HTTP\r\n\r\n")
    assert status.startswith("HTTP/1.1 400")
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert int(headers["content-length"]) == len(body)
    assert json.loads(body) == {"error": {"code": "bad_http_request",
                                          "message": "Yêu cầu HTTP không đúng định dạng."}}


def test_a_request_line_too_long_answers_json(live_server):
    line = b"GET /" + b"a" * 8000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    status, headers, body = raw_exchange(live_server.url, line)
    assert status.startswith("HTTP/1.1 414")
    assert json.loads(body)["error"]["code"] == "request_line_too_long"


def test_too_many_header_bytes_answer_json(live_server):
    request = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"
    status, headers, body = raw_exchange(live_server.url, request)
    assert status.startswith("HTTP/1.1 431")
    assert json.loads(body)["error"] == {"code": "headers_too_large",
                                         "message": "Phần tiêu đề (header) của yêu cầu quá lớn."}


def test_chunked_uploads_are_limited_on_the_real_server(live_server):
    def chunks(total):
        body = json.dumps({"service": "A", "party_size": 1}).encode()
        yield body
        for _ in range((total - len(body)) // 65536):
            yield b" " * 65536

    big = requests.post(live_server.url + "/api/v1/tickets", data=chunks(2 * MIB), timeout=30,
                        headers={"Content-Type": "application/json"})
    assert big.status_code == 413
    assert big.json()["error"]["code"] == "request_too_large"
    small = requests.post(live_server.url + "/api/v1/tickets", data=chunks(MIB // 2), timeout=30,
                          headers={"Content-Type": "application/json"})
    assert small.status_code == 201, small.text


def test_the_real_server_sends_the_headers(live_server):
    page = requests.get(live_server.url + "/display/", timeout=5)
    host = live_server.url.removeprefix("http://")
    assert f"ws://{host} wss://{host}" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    script = requests.get(live_server.url + "/static/js/display.js", timeout=5)
    assert "no-store" not in script.headers["Cache-Control"]
    huge = requests.get(live_server.url + "/api/v1/tickets/9223372036854775808", timeout=5)
    assert huge.status_code == 404

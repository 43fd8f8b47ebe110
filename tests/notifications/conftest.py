"""A real local SMTP server (aiosmtpd) and a real local SMS gateway (http.server in a thread),
and an app that delivers to them."""

import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from app import create_app
from demo import headquarters
from reception import clock, schema


class Mailbox:
    """aiosmtpd handler keeping every message it accepts, parsed."""

    def __init__(self):
        self.messages = []
        self.refuse = 0  # refuse this many messages (temporary failure 451) before accepting

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Thử lại sau"
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"to": envelope.rcpt_tos, "subject": str(parsed["subject"]),
                              "body": parsed.get_content(), "from": str(parsed["from"])})
        return "250 OK"


@pytest.fixture
def smtp_server():
    """Run a local SMTP server; yield (url, mailbox)."""
    mailbox = Mailbox()
    # The controller checks it started by connecting to its port: it needs a real one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", mailbox
    finally:
        controller.stop()


class Gateway:
    """What the local SMS gateway received, and the statuses it answers with next."""

    def __init__(self):
        self.received = []
        self.answers = []  # statuses to answer with, in order; 200 once they run out
        self.lock = threading.Lock()


@pytest.fixture
def sms_gateway():
    """Run a local HTTP SMS gateway; yield (url, gateway)."""
    gateway = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with gateway.lock:
                status = gateway.answers.pop(0) if gateway.answers else 200
                gateway.received.append({"json": json.loads(body.decode("utf-8")),
                                         "auth": self.headers.get("Authorization"),
                                         "content_type": self.headers["Content-Type"],
                                         "status": status})
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"accepted": true}' if status == 200 else b'{"error": "x"}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms", gateway
    finally:
        server.shutdown()
        server.server_close()


def make_app(tmp_path, **config):
    """Create a seeded app on a new database that delivers where config says."""
    application = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'reception.db'}", "CLOSING_TIME": "",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1", "SESSION_IDLE_MINUTES": 0,
        "SOCKET_RECHECK_SECONDS": 0, "REALTIME_COALESCE_SECONDS": 0,
        "PETITION_FOLDER": str(tmp_path / "don"),
        # Tests send explicitly (sender.send_due) unless they test the background kick.
        "NOTIFY_IMMEDIATELY": False, "NOTIFY_TIMEOUT": 5,
        **config,
    })
    schema.init_db()
    headquarters.seed()
    return application


@pytest.fixture
def delivering_app(request, tmp_path, smtp_server, sms_gateway):
    """An app whose e-mail goes to the local SMTP server and SMS to the local gateway (with
    the settings of an app_config mark on top)."""
    marker = request.node.get_closest_marker("app_config")
    application = make_app(tmp_path, SMTP_URL=smtp_server[0], SMS_URL=sms_gateway[0],
                           SMS_TOKEN="bi-mat-cong", MAIL_FROM="tiepdan@ducan.example.vn",
                           **(marker.kwargs if marker else {}))
    yield application
    clock.frozen_now = None


@pytest.fixture
def app(delivering_app):
    """The shared fixtures (client, make_user, auth_headers) run on the delivering app."""
    return delivering_app

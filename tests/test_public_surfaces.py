"""Nothing anyone can read without a staff sign-in tells a denunciation's ticket from another.

The same day runs twice on fresh databases: once the fourth citizen takes a "Tố cáo" ticket and
sends an online petition of that matter, once a "Khiếu nại" ticket and petition; everything else
is the same. Every public surface — the kiosk's answer, /api/v1/queue, /api/v1/status, the
status page and its QR code, the reprint answer, the board's socket (snapshots, calls and their
voice), the services, counters and schedule, the printed ticket's bytes, the petition's answers
and the messages it sends — must read the same in both runs (Luật Tố cáo Điều 8.3, 47.2).
"""

import itertools
import re
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from app import create_app
from demo import headquarters
from reception import clock, queue, schema
from reception.config import Settings
from reception.database import connection, write_transaction
from reception.extensions import socketio
from reception.models import Counter, CounterService, Service, Ticket
from reception.notifications.models import Notification
from reception.petitions import intake as petition_intake
from reception.printing import printers
from reception.printing.dispatch import PrintSetup, printout_for
from reception.printing.render import layout_ticket
from tests.conftest import events_named

MORNING = datetime(2026, 12, 7, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
MATTER_NAMES = ("Khiếu nại", "Tố cáo", "Kiến nghị", "Nộp đơn", "Nội dung", "Complaint",
                "Denunciation")


def _strip_tags(html: str) -> str:
    """Return a page's visible text, one line per text node."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return "\n".join(part.strip() for part in re.split(r"<[^>]+>", html) if part.strip())


def _staff_token(app, username: str, role: str) -> dict:
    from reception.users import create_user, issue_token

    settings = Settings.of(app)
    with connection():
        user = create_user(username, "mat-khau-an-toan", role,
                           hash_method=settings.password_hash_method)
        return {"Authorization": f"Bearer {issue_token(user, settings.token_hours)}"}


def run_day(tmp_path, monkeypatch, subject: str) -> tuple[dict, dict]:
    """Run one morning in which the fourth ticket is of matter `subject`.

    Return (what the public saw, what the staff saw).
    """
    tmp_path.mkdir()
    folder = tmp_path / "phieu"
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "CLOSING_TIME": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'reception.db'}", "REALTIME_COALESCE_SECONDS": 0,
        "PETITION_FOLDER": str(tmp_path / "don"),
    })
    schema.init_db()
    headquarters.seed()
    # Tokens folded: the same sequence in both runs, so even the QR codes print alike.
    tokens = (f"token-{n:02d}" for n in itertools.count(1))
    monkeypatch.setattr(queue, "secrets", SimpleNamespace(token_urlsafe=lambda _n: next(tokens)))
    clock.frozen_now = MORNING
    with connection(), write_transaction():
        # A counter that serves denunciations only: its existence must not leak either.
        desk4 = Counter.create(number=4, name="Quầy 4")
        CounterService.create(counter=desk4, service=Service.get(Service.code == "B"))
    with connection():
        printers.save_printer({"name": "Máy in sảnh", "url": f"file:{folder}", "kiosk": "",
                               "paper_mm": 80, "is_default": True})
    officer = _staff_token(app, "canbo", "officer")
    hall = app.test_client()  # a phone in the hall: no sign-in, no device key
    board = socketio.test_client(app, namespace="/display")
    assert board.is_connected("/display")
    seen: dict = {}

    def take(code):
        answer = hall.post("/api/v1/tickets", json={"service": code, "party_size": 1})
        assert answer.status_code == 201, answer.json
        return answer.json

    for code in ("A", "C", "D"):
        take(code)
    subject_answer = take(subject)
    take("C")
    token = subject_answer["ticket"]["status_url"].rsplit("/", 1)[-1]
    seen["ticket_answer"] = subject_answer
    seen["queue_waiting"] = hall.get("/api/v1/queue").json
    seen["status_waiting"] = hall.get(f"/api/v1/status/{token}").json
    seen["status_page_waiting"] = _strip_tags(hall.get(f"/t/{token}").get_data(as_text=True))
    seen["status_qr"] = hall.get(f"/t/{token}/qr.svg").get_data()  # the kiosk's QR code
    seen["reprint_answer"] = hall.post(f"/api/v1/status/{token}/print").json
    # An online petition of the same matter: its answers and the messages it queues.
    monkeypatch.setattr(petition_intake, "new_code", lambda: "K7QDTM4HXA")
    petition = hall.post("/api/v1/petitions", content_type="multipart/form-data", data={
        "name": "Nguyễn Văn Gửi", "phone": "0912345678", "email": "gui@example.vn",
        "address": "Thôn 1, xã Đức An", "service": subject, "content": "Nội dung đơn"})
    assert petition.status_code == 201, petition.json
    seen["petition_answer"] = petition.json
    seen["petition_status"] = hall.get("/api/v1/petitions/K7QDTM4HXA").json
    with connection():
        seen["petition_messages"] = [(n.channel, n.recipient, n.subject, n.body)
                                     for n in Notification.select().order_by(Notification.id)]
    seen["services"] = hall.get("/api/v1/services").json
    seen["counters"] = hall.get("/api/v1/counters").json
    seen["schedule"] = hall.get("/api/v1/schedule").json
    seen["schedule_page"] = _strip_tags(hall.get("/display/schedule").get_data(as_text=True))
    seen["board_page"] = _strip_tags(hall.get("/display/").get_data(as_text=True))
    with connection():  # the ticket's words as printed while it waits
        seen["printed_texts"] = [line.text for line in layout_ticket(printout_for(
            Ticket.get(Ticket.public_token == token),
            PrintSetup(public_url="http://localhost/"))).texts()]
    # Counter 1 serves every matter: it calls the four in order, the subject last.
    for _ in range(4):
        called = hall.post("/api/v1/counters/1/call-next", headers=officer)
        assert called.status_code == 200
    with connection():
        subject_ticket = Ticket.get(Ticket.public_token == token)
        assert subject_ticket.status == "called"
    seen["queue_called"] = hall.get("/api/v1/queue").json
    seen["status_called"] = hall.get(f"/api/v1/status/{token}").json
    seen["status_page_called"] = _strip_tags(hall.get(f"/t/{token}").get_data(as_text=True))
    hall.post(f"/api/v1/tickets/{subject_ticket.id}/recall", headers=officer)
    seen["board_events"] = board.get_received("/display")
    # The printer's bytes: the subject's ticket and its reprint, in the order they printed.
    jobs = sorted(folder.glob("*.bin"), key=lambda path: path.stat().st_mtime_ns)
    seen["printed_bytes"] = [jobs[3].read_bytes(), jobs[5].read_bytes()]
    staff = {
        "queue": hall.get("/api/v1/queue", headers=officer).json,
        "ticket": hall.get(f"/api/v1/tickets/{subject_ticket.id}", headers=officer).json,
    }
    board.disconnect("/display")
    clock.frozen_now = None
    return seen, staff


@pytest.fixture
def two_days(tmp_path, monkeypatch):
    """Return what the public and the staff saw on the denunciation day and the complaint day."""
    denunciation = run_day(tmp_path / "to_cao", monkeypatch, "B")
    complaint = run_day(tmp_path / "khieu_nai", monkeypatch, "A")
    return denunciation, complaint


def test_every_public_surface_reads_the_same_for_a_denunciation_and_a_complaint(two_days):
    (denunciation, _), (complaint, _) = two_days
    assert denunciation.keys() == complaint.keys()
    for surface in denunciation:
        assert denunciation[surface] == complaint[surface], f"{surface} tells the matter"


def test_the_public_surfaces_carry_what_kiosks_and_boards_need_and_no_matter(two_days):
    (public, _), _ = two_days
    ticket = public["ticket_answer"]["ticket"]
    assert ticket["number"] == "004" and ticket["ahead"] == 3
    assert ticket["estimated_wait_minutes"] > 0
    assert "service" not in ticket
    assert public["queue_waiting"]["tickets_waiting"] == 5
    assert "waiting" not in public["queue_waiting"], "no count per matter"
    assert all("service" not in row for row in public["queue_called"]["serving"])
    assert public["status_called"]["counter"] == {"number": 1, "name": "Quầy 1"}
    assert "Quầy 1" in public["status_page_called"] or "quầy số 1" in public["status_page_called"]
    calls = events_named(public["board_events"], "ticket_called")
    assert [call["number"] for call in calls] == ["001", "002", "003", "004", "004"]
    assert calls[-1]["recall"] is True
    assert calls[-2]["announcement"]["text"] == "Mời công dân số 004 đến quầy số 1"
    snapshots = events_named(public["board_events"], "queue_state")
    assert snapshots[-1]["waiting_total"] == 1
    for snapshot in snapshots:
        assert "services" not in snapshot
        assert all(set(c) == {"id", "number", "name", "serving", "status"}
                   for c in snapshot["counters"])
    # The printed ticket: the number, the place and the wait, and no word of any matter.
    assert "004" in public["printed_texts"]
    assert "Số người đang chờ trước bạn: 3" in public["printed_texts"]
    text = " ".join(public["printed_texts"])
    assert not any(name in text for name in MATTER_NAMES)
    assert len(public["printed_bytes"][0]) > 10_000, "a real raster ticket was printed"
    for surface in ("status_page_waiting", "status_page_called", "board_page"):
        assert not any(name in public[surface] for name in MATTER_NAMES), surface


def test_staff_still_see_the_matter(two_days):
    (_, staff_denunciation), (_, staff_complaint) = two_days
    assert staff_denunciation["ticket"]["ticket"]["service"] == "B"
    assert staff_complaint["ticket"]["ticket"]["service"] == "A"
    assert staff_denunciation["queue"]["waiting"] == {"A": 0, "B": 0, "C": 1, "D": 0}
    assert {row["service"] for row in staff_denunciation["queue"]["serving"]} == {"B"}

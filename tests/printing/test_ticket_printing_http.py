"""Tickets printed through POST /api/v1/tickets on real bytes: a TCP listener standing in for a
network printer, a file printer, faults, reprints, per-kiosk printers and a hung printer."""

import json
import threading
import time

import pytest
from PIL import Image

from reception.database import connection
from reception.models import Printer, Ticket, TicketEvent
from reception.printing import printers, render_ticket
from reception.printing.dispatch import PRINTER_BUSY, PrintSetup, printer_lock, printout_for
from reception.printing.render import layout_ticket
from tests.printing.conftest import FakeNetworkPrinter

RASTER = b"\x1dv0"
FEED_AND_CUT = b"\x1bd\x06\x1dV\x00"
HOST_URL = "http://localhost/"


class WatchedPrinter(FakeNetworkPrinter):
    """A fake network printer that also tells when it has accepted a connection."""

    def __init__(self, **options):
        self.accepted = threading.Event()
        super().__init__(**options)

    def _serve(self, connection):
        self.accepted.set()
        super()._serve(connection)


@pytest.fixture
def add_printer(app):
    """Configure a printer as the admin page does: add_printer(name, url, kiosk=, default=)."""

    def add(name, url, kiosk=None, default=False, paper_mm=80):
        with connection():
            return printers.save_printer({"name": name, "url": url, "kiosk": kiosk or "",
                                          "paper_mm": paper_mm, "is_default": default})

    return add


@pytest.fixture
def take(client):
    """Issue a ticket through the API, as a kiosk does, and return the response."""

    def post(service="A", kiosk=None, **headers):
        response = client.post("/api/v1/tickets", json={"service": service, "party_size": 1,
                                                         "priority": None, "kiosk": kiosk},
                               headers=headers)
        assert response.status_code == 201, response.json
        return response

    return post


def expected_image(ticket_id: int, public_url: str = HOST_URL, width: int = 576) -> Image.Image:
    with connection():
        printout = printout_for(Ticket.get_by_id(ticket_id), PrintSetup(public_url=public_url))
        return render_ticket(printout, width)


def printer_row(name: str) -> Printer:
    return Printer.get(Printer.name == name)


def events(ticket_id: int, kind: str) -> list[dict]:
    with connection():
        rows = TicketEvent.select().where((TicketEvent.ticket == ticket_id)
                                          & (TicketEvent.kind == kind))
        return [json.loads(row.detail) for row in rows]


def assert_printed(printer: FakeNetworkPrinter, ticket_id: int, decode_raster, **expected):
    """Wait for the job to arrive, then check its raster is the ticket's image and it is cut."""
    assert printer.connection_ended.wait(5), "the printer never saw the job end"
    data = bytes(printer.received)
    assert RASTER in data and data.endswith(FEED_AND_CUT)
    assert decode_raster(data).tobytes() == expected_image(ticket_id, **expected).tobytes()


def test_ticket_is_printed_on_the_default_network_printer(take, add_printer, fake_printer,
                                                          decode_raster):
    printer = fake_printer()
    add_printer("Máy in sảnh", printer.url, default=True)
    ticket = take("A").json["ticket"]
    assert ticket["print_status"] == "printed" and ticket["print_error"] is None
    assert_printed(printer, ticket["id"], decode_raster)
    assert events(ticket["id"], "printed") == [{"printer": "Máy in sảnh"}]
    with connection():
        assert printer_row("Máy in sảnh").last_printed_at is not None


def test_file_printer_writes_the_bytes_and_a_png_preview(take, add_printer, tmp_path):
    folder = tmp_path / "phieu"
    add_printer("Máy in thử", f"file:{folder}", default=True, paper_mm=58)
    ticket = take("C").json["ticket"]
    assert ticket["print_status"] == "printed"
    (job,) = folder.glob("*.bin")
    assert RASTER in job.read_bytes() and job.read_bytes().endswith(FEED_AND_CUT)
    with Image.open(job.with_suffix(".png")) as preview:
        expected = expected_image(ticket["id"], width=384)
        assert preview.size == expected.size
        assert preview.convert("1").tobytes() == expected.tobytes()


def test_no_matter_is_named_on_the_printed_ticket(take, add_printer, fake_printer,
                                                  decode_raster):
    printer = fake_printer()
    add_printer("Máy in sảnh", printer.url, default=True)
    ticket = take("B").json["ticket"]
    with connection():
        printout = printout_for(Ticket.get_by_id(ticket["id"]), PrintSetup(public_url=HOST_URL))
    names = {"Khiếu nại", "Tố cáo", "Kiến nghị", "Nộp đơn", "Nội dung"}
    assert not any(name in line.text for line in layout_ticket(printout).texts()
                   for name in names)
    assert printout.status_url == f"{HOST_URL}t/{ticket['status_url'].split('/')[-1]}"
    # What reached the printer is exactly the image drawn without a matter name.
    assert printer.connection_ended.wait(5)
    assert decode_raster(bytes(printer.received)).tobytes() == render_ticket(printout).tobytes()
    other = take("A").json["ticket"]
    with connection():
        other_printout = printout_for(Ticket.get_by_id(other["id"]),
                                      PrintSetup(public_url=HOST_URL))
    assert not any(name in line.text for line in layout_ticket(other_printout).texts()
                   for name in names)


def test_qr_code_points_at_the_public_url_when_one_is_set(app, take, add_printer, fake_printer,
                                                          decode_raster):
    app.config["PUBLIC_URL"] = "https://tiepdan.example.vn"
    printer = fake_printer()
    add_printer("Máy in sảnh", printer.url, default=True)
    ticket = take("A").json["ticket"]
    with connection():
        link = printout_for(Ticket.get_by_id(ticket["id"]),
                            PrintSetup(public_url="https://tiepdan.example.vn")).status_url
    assert link == "https://tiepdan.example.vn" + ticket["status_url"]
    assert_printed(printer, ticket["id"], decode_raster, public_url="https://tiepdan.example.vn")


def test_reception_printer_setting_is_the_default_when_no_printer_is_marked(
    app, take, fake_printer, decode_raster
):
    printer = fake_printer()
    app.config["PRINTER"] = printer.url
    ticket = take("A").json["ticket"]
    assert ticket["print_status"] == "printed"
    assert_printed(printer, ticket["id"], decode_raster)
    assert events(ticket["id"], "printed") == [{"printer": "RECEPTION_PRINTER"}]


def test_without_a_printer_nothing_is_printed_and_reprint_says_so(client, take, officer):
    ticket = take("A").json["ticket"]
    assert ticket["print_status"] == "none"
    assert events(ticket["id"], "printed") == events(ticket["id"], "print_failed") == []
    refused = client.post(f"/api/v1/tickets/{ticket['id']}/print", headers=officer)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "no_printer"
    assert "Chưa cấu hình máy in" in refused.json["error"]["message"]


def test_kiosk_printer_takes_its_kiosk_tickets_and_the_default_takes_the_rest(
    take, add_printer, fake_printer, decode_raster
):
    own, default = fake_printer(), fake_printer()
    add_printer("Kiosk cổng", own.url, kiosk="kiosk-cong")
    add_printer("Máy in sảnh", default.url, default=True)
    at_kiosk = take("A", kiosk="kiosk-cong").json["ticket"]
    assert_printed(own, at_kiosk["id"], decode_raster)
    elsewhere = take("A", kiosk="kiosk-khac").json["ticket"]
    assert_printed(default, elsewhere["id"], decode_raster)
    default.connection_ended.clear()
    default.received.clear()
    from_api = take("D").json["ticket"]
    assert_printed(default, from_api["id"], decode_raster)
    assert events(at_kiosk["id"], "printed") == [{"printer": "Kiosk cổng"}]
    assert events(from_api["id"], "printed") == [{"printer": "Máy in sảnh"}]


def test_idempotent_replay_does_not_print_again(take, add_printer, fake_printer):
    printer = fake_printer()
    add_printer("Máy in sảnh", printer.url, default=True)
    first = take("A", **{"Idempotency-Key": "kiosk-1-0001"})
    assert printer.connection_ended.wait(5)
    again = take("A", **{"Idempotency-Key": "kiosk-1-0001"})
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json["ticket"]["id"] == first.json["ticket"]["id"]
    assert again.json["ticket"]["print_status"] == "printed"
    assert len(events(first.json["ticket"]["id"], "printed")) == 1
    assert bytes(printer.received).count(FEED_AND_CUT) == 1


FAULTS = {
    "refused": ({}, "Không kết nối được máy in"),
    # Small buffers: the kernel must not absorb the whole job before the printer drops it.
    "closed_mid_ticket": ({"reset_after": 3000, "receive_buffer": 4096},
                          "Mất kết nối với máy in khi đang in"),
    "never_reads": ({"stall": True, "receive_buffer": 4096},
                    "Máy in không phản hồi (quá thời gian chờ)"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_printer_fault_keeps_the_ticket_and_it_reprints_once_the_printer_is_back(
    app, client, take, add_printer, fake_printer, closed_port, officer, decode_raster, fault
):
    app.config["PRINT_TIMEOUT"] = 1
    options, message = FAULTS[fault]
    url = f"network://127.0.0.1:{closed_port}" if fault == "refused" else fake_printer(
        **options).url
    printer = add_printer("Máy in sảnh", url, default=True)
    ticket = take("A").json["ticket"]
    assert ticket["print_status"] == "failed"
    assert ticket["print_error"].startswith(message)
    assert ticket["number"] == "001" and ticket["status"] == "waiting"
    assert client.get("/api/v1/queue").json["tickets_waiting"] == 1
    (failure,) = events(ticket["id"], "print_failed")
    assert failure["printer"] == "Máy in sảnh" and failure["error"] == ticket["print_error"]
    assert failure["detail"]
    with connection():
        assert printer_row("Máy in sảnh").last_error == ticket["print_error"]

    back = fake_printer()
    _move(printer.id, back.url)
    reprinted = client.post(f"/api/v1/tickets/{ticket['id']}/print", headers=officer)
    assert reprinted.status_code == 200, reprinted.json
    assert reprinted.json["ticket"]["print_status"] == "printed"
    assert reprinted.json["ticket"]["print_error"] is None
    assert reprinted.json["ticket"]["number"] == "001"
    assert_printed(back, ticket["id"], decode_raster)
    assert len(events(ticket["id"], "printed")) == 1


def _move(printer_id: int, url: str) -> None:
    """Point a configured printer at a new address, as the admin's edit form does."""
    with connection():
        row = printers.find_printer(printer_id)
        printers.save_printer({"name": row.name, "url": url, "paper_mm": row.paper_mm,
                               "kiosk": row.kiosk or "", "is_default": row.is_default}, row.id)


def test_kiosk_reprints_by_status_token_and_a_failure_answers_502(
    app, client, take, add_printer, fake_printer, closed_port, decode_raster
):
    app.config["PRINT_TIMEOUT"] = 1
    printer = add_printer("Kiosk cổng", f"network://127.0.0.1:{closed_port}", kiosk="kiosk-cong")
    ticket = take("A", kiosk="kiosk-cong").json["ticket"]
    token = ticket["status_url"].rsplit("/", 1)[-1]
    failed = client.post(f"/api/v1/status/{token}/print")
    assert failed.status_code == 502
    assert failed.json["error"]["code"] == "print_failed"
    assert failed.json["error"]["message"].startswith("Không in được phiếu số 001: Không kết nối")
    assert len(events(ticket["id"], "print_failed")) == 2
    with connection():
        stored = Ticket.get_by_id(ticket["id"])
        assert (stored.status, stored.number, stored.print_status) == ("waiting", "001", "failed")

    back = fake_printer()
    _move(printer.id, back.url)
    printed = client.post(f"/api/v1/status/{token}/print")
    assert printed.status_code == 200
    assert printed.json["ticket"]["print_status"] == "printed"
    assert_printed(back, ticket["id"], decode_raster)
    assert client.post("/api/v1/status/no-such-token/print").status_code == 404


def test_kiosk_reprint_needs_the_device_key_when_one_is_set(app, client, take):
    app.config["DEVICE_KEY"] = "khoa-thiet-bi"
    ticket = take("A", **{"X-Device-Key": "khoa-thiet-bi"}).json["ticket"]
    token = ticket["status_url"].rsplit("/", 1)[-1]
    refused = client.post(f"/api/v1/status/{token}/print")
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "device_key_required"


def test_reprint_needs_an_officer_and_an_open_ticket(client, take, add_printer, fake_printer,
                                                     auth_headers, officer):
    add_printer("Máy in sảnh", fake_printer().url, default=True)
    ticket = take("A").json["ticket"]
    assert client.post(f"/api/v1/tickets/{ticket['id']}/print").status_code == 401
    security = auth_headers("security")
    assert client.post(f"/api/v1/tickets/{ticket['id']}/print", headers=security).status_code == 403
    counter = client.get("/api/v1/counters").json["counters"][0]["id"]
    client.post(f"/api/v1/counters/{counter}/call-next", headers=officer)
    client.post(f"/api/v1/tickets/{ticket['id']}/no-show", headers=officer)
    closed = client.post(f"/api/v1/tickets/{ticket['id']}/print", headers=officer)
    assert closed.status_code == 409
    assert closed.json["error"]["code"] == "reprint_closed"
    assert "vắng mặt" in closed.json["error"]["message"]
    missing = client.post("/api/v1/tickets/99999/print", headers=officer)
    assert missing.status_code == 404


def test_a_busy_printer_makes_the_next_job_wait_only_for_the_timeout(app, take, add_printer,
                                                                    fake_printer):
    app.config["PRINT_TIMEOUT"] = 0.2
    printer = fake_printer()
    add_printer("Máy in chung", printer.url, default=True)
    # Another kiosk's job holds the shared printer: this one must not interleave with it.
    with printer_lock(printer.url, 1):  # held for the whole request
        ticket = take("A").json["ticket"]
    assert ticket["print_status"] == "failed"
    assert ticket["print_error"] == PRINTER_BUSY
    assert printer.received == b""


def test_a_hung_printer_does_not_delay_another_kiosk(app, add_printer, fake_printer):
    app.config["PRINT_TIMEOUT"] = 3
    hung = WatchedPrinter(stall=True, receive_buffer=4096)
    try:
        working = fake_printer()
        add_printer("Kiosk treo", hung.url, kiosk="kiosk-1")
        add_printer("Kiosk tốt", working.url, kiosk="kiosk-2")
        answers = {}
        hung_done = threading.Event()

        def take_at(kiosk):
            answers[kiosk] = app.test_client().post(
                "/api/v1/tickets", json={"service": "A", "party_size": 1, "kiosk": kiosk})

        def take_at_hung_kiosk():
            take_at("kiosk-1")
            hung_done.set()

        worker = threading.Thread(target=take_at_hung_kiosk, daemon=True)
        worker.start()
        assert hung.accepted.wait(5), "the hung printer never got its job"
        started = time.monotonic()
        take_at("kiosk-2")
        elapsed = time.monotonic() - started
        assert answers["kiosk-2"].json["ticket"]["print_status"] == "printed"
        assert not hung_done.is_set(), "the other kiosk's job should still be hanging"
        assert elapsed < 3
        assert hung_done.wait(10)
        worker.join(5)
        stuck = answers["kiosk-1"].json["ticket"]
        assert stuck["print_status"] == "failed"
        assert stuck["print_error"].startswith("Máy in không phản hồi")
        assert answers["kiosk-2"].json["ticket"]["number"] == "002"
    finally:
        hung.stop()

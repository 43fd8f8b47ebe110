"""Fixtures for the printing tests: sample tickets, a fake network printer, raster decoding."""

import socket
import struct
import threading
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from reception.printing.render import TicketPrintout

VIETNAM = timezone(timedelta(hours=7))
DLE_EOT = b"\x10\x04"


@pytest.fixture
def make_ticket():
    """Return a factory for TicketPrintout: the sample ticket, with fields overridden."""

    def make(**overrides) -> TicketPrintout:
        fields = dict(
            org_name="UBND xã Đức An, tỉnh Lâm Đồng",
            number="015",
            party_size=1,
            is_group=False,
            priority_label="Người cao tuổi",
            issued_at=datetime(2026, 11, 28, 9, 5, tzinfo=VIETNAM),
            ahead=3,
            estimated_wait_minutes=15,
            status_url="https://tiepcongdan.example/phieu/015?ma=8F3K2Q",
            notice="Vui lòng giữ trật tự và chờ đến lượt. Xin cảm ơn.",
        )
        fields.update(overrides)
        return TicketPrintout(**fields)

    return make


def _decode_gs_v_0(data: bytes) -> Image.Image:
    """Parse every GS v 0 xL xH yL yH block in data and stack the images, top to bottom."""
    images = []
    start = data.find(b"\x1dv0")
    while start != -1:
        x_low, x_high, y_low, y_high = data[start + 4 : start + 8]
        width_bytes, height = x_low + 256 * x_high, y_low + 256 * y_high
        body = data[start + 8 : start + 8 + width_bytes * height]
        assert len(body) == width_bytes * height, "raster data cut short"
        # ESC/POS: a set bit prints a black dot. Pillow mode "1": a set bit is white.
        inverted = bytes(255 - byte for byte in body)
        images.append(Image.frombytes("1", (8 * width_bytes, height), inverted))
        start = data.find(b"\x1dv0", start + 8 + len(body))
    assert images, "no GS v 0 raster image in the data"
    page = Image.new("1", (images[0].width, sum(image.height for image in images)), 1)
    top = 0
    for image in images:
        page.paste(image, (0, top))
        top += image.height
    return page


@pytest.fixture
def decode_raster():
    """Return a function turning ESC/POS bytes back into the image their GS v 0 blocks print."""
    return _decode_gs_v_0


class FakeNetworkPrinter:
    """A TCP listener on 127.0.0.1 standing in for a raw port-9100 printer, served by a thread.

    :param replies: DLE EOT n request -> the status byte to answer with.
    :param reset_after: after receiving this many bytes, drop the connection with a reset.
    :param stall: accept connections but never read from them.
    :param receive_buffer: SO_RCVBUF of the accepted connections, to make them fill up quickly.
    """

    def __init__(self, *, replies=None, reset_after=None, stall=False, receive_buffer=None):
        self.replies = replies or {}
        self.reset_after = reset_after
        self.stall = stall
        self.received = bytearray()
        self.requests: list[int] = []
        self.connection_ended = threading.Event()
        self._stopping = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(4)
        self.port = self._server.getsockname()[1]
        self.url = f"network://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def _accept_loop(self) -> None:
        while True:
            connection, _ = self._server.accept()
            if self._stopping.is_set():
                connection.close()
                return
            self._serve(connection)
            self.connection_ended.set()

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(10)  # a safety net: a broken test fails instead of hanging
        with connection:
            if self.stall:
                self._stopping.wait(10)
                return
            tail = b""
            while chunk := connection.recv(65536):
                self.received += chunk
                if self.reset_after is not None and len(self.received) >= self.reset_after:
                    # Linger 0: close() sends RST at once, like a printer switched off.
                    linger = struct.pack("ii", 1, 0)
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    return
                window = tail + chunk
                index = window.find(DLE_EOT)
                while index != -1 and index + 2 < len(window):
                    request = window[index + 2]
                    self.requests.append(request)
                    if request in self.replies:
                        connection.sendall(bytes((self.replies[request],)))
                    index = window.find(DLE_EOT, index + 3)
                tail = window[-2:]

    def stop(self) -> None:
        """Stop serving: wake the accept() call with a connection of our own."""
        self._stopping.set()
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            pass
        self._thread.join(timeout=5)
        self._server.close()


@pytest.fixture
def fake_printer():
    """Return a factory for FakeNetworkPrinter; every one made is stopped after the test."""
    made: list[FakeNetworkPrinter] = []

    def make(**options) -> FakeNetworkPrinter:
        printer = FakeNetworkPrinter(**options)
        made.append(printer)
        return printer

    yield make
    for printer in made:
        printer.stop()


@pytest.fixture
def closed_port() -> int:
    """Return a local TCP port that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
